"""SIRET: the 14-digit number of one establishment (SIREN + 5 digits, Luhn key)."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

MESSAGE = _(
    "Le numéro SIRET comporte 14 chiffres (le SIREN suivi de 5 chiffres), par exemple "
    "732 829 320 00074. Si vous en avez saisi 14, l'un d'eux est erroné : recopiez-le depuis "
    "un extrait Kbis ou un avis de situation Sirene."
)


class SiretBlock(BaseFieldBlock):
    class Meta:
        label = _("SIRET")
        icon = "site"
        group = _("Identifiants")


@register
class Siret(FormattedTextKind):
    name = "siret"
    block_class = SiretBlock
    menu_order = 42
    messages = {"format": MESSAGE, "maxLength": MESSAGE}
    format_name = "siret"
    max_length = 14
    placeholder = "732 829 320 00074"
    widget_attrs = {"inputmode": "numeric"}
    check = staticmethod(identifiers.is_siret)
    normalise = staticmethod(identifiers.normalise_siret)
    show = staticmethod(identifiers.format_siret)
