"""French phone numbers, stored in E.164 (+33612345678) and shown as 06 12 34 56 78."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, PrefillMixin, register


class PhoneBlock(PrefillMixin, BaseFieldBlock):
    class Meta:
        label = _("Téléphone")
        icon = "mobile-alt"
        group = _("Texte")


@register
class Phone(FormattedTextKind):
    name = "phone"
    block_class = PhoneBlock
    menu_order = 14
    messages = {
        "format": _(
            "Saisissez un numéro de téléphone français de 10 chiffres, par exemple "
            "06 12 34 56 78 ou +33 6 12 34 56 78 (outre-mer : +262, +590, +594, +596)."
        ),
    }
    format_name = "fr-phone"
    placeholder = "06 12 34 56 78"
    widget_attrs = {"inputmode": "tel", "autocomplete": "tel"}
    # type="tel" brings the phone keypad without any browser-side check to get in the way.
    input_type = "tel"
    check = staticmethod(identifiers.is_phone)
    normalise = staticmethod(identifiers.normalise_phone)
    show = staticmethod(identifiers.format_phone)
