"""French postcodes: five digits, such as 75001 or 20000 (Ajaccio)."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register


class PostcodeBlock(BaseFieldBlock):
    class Meta:
        label = _("Code postal")
        icon = "home"
        group = _("Identifiants")


@register
class Postcode(FormattedTextKind):
    name = "postcode"
    block_class = PostcodeBlock
    menu_order = 40
    messages = {
        "format": _("Le code postal comporte 5 chiffres, par exemple 75001."),
        "maxLength": _("Le code postal comporte 5 chiffres, par exemple 75001."),
    }
    format_name = "fr-postcode"
    max_length = 5
    placeholder = "75001"
    widget_attrs = {"inputmode": "numeric", "autocomplete": "postal-code"}
    check = staticmethod(identifiers.is_postcode)
    normalise = staticmethod(identifiers.normalise_postcode)
