"""NIR: the French social security number, 13 characters and a 2-digit key."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

MESSAGE = _(
    "Le numéro de sécurité sociale comporte 15 caractères : 13 chiffres (2A ou 2B pour un "
    "département de Corse) puis une clé de 2 chiffres. S'ils y sont tous, l'un d'eux est "
    "erroné : recopiez-le depuis votre carte Vitale ou votre attestation de droits."
)


class NirBlock(BaseFieldBlock):
    class Meta:
        label = _("Numéro de sécurité sociale")
        icon = "user"
        group = _("Identifiants")


@register
class Nir(FormattedTextKind):
    name = "nir"
    block_class = NirBlock
    menu_order = 43
    messages = {"format": MESSAGE, "maxLength": MESSAGE}
    format_name = "nir"
    max_length = 15
    placeholder = "2 69 05 49 588 157 80"
    widget_attrs = {
        "inputmode": "text",
        "autocapitalize": "characters",
        # A social security number is not something a shared browser should remember.
        "autocomplete": "off",
    }
    check = staticmethod(identifiers.is_nir)
    normalise = staticmethod(identifiers.normalise_nir)
    show = staticmethod(identifiers.format_nir)
