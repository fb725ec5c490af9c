"""SIREN: the 9-digit number of a company in INSEE's Sirene register (Luhn key)."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

MESSAGE = _(
    "Le numéro SIREN comporte 9 chiffres, par exemple 732 829 320. Si vous en avez saisi 9, "
    "l'un d'eux est erroné : recopiez-le depuis un extrait Kbis ou un avis de situation "
    "Sirene."
)


class SirenBlock(BaseFieldBlock):
    class Meta:
        label = _("SIREN")
        icon = "tag"
        group = _("Identifiants")


@register
class Siren(FormattedTextKind):
    name = "siren"
    block_class = SirenBlock
    menu_order = 41
    messages = {"format": MESSAGE, "maxLength": MESSAGE}
    format_name = "siren"
    max_length = 9
    placeholder = "732 829 320"
    widget_attrs = {"inputmode": "numeric"}
    check = staticmethod(identifiers.is_siren)
    normalise = staticmethod(identifiers.normalise_siren)
    show = staticmethod(identifiers.format_siren)
