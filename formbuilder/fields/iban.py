"""IBAN: an international bank account number (ISO 13616), from any country."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

MESSAGE = _(
    "L'IBAN commence par le code du pays et compte 27 caractères pour un compte français, "
    "par exemple FR76 3000 6000 0112 3456 7890 189. Si la longueur est bonne, l'un des "
    "caractères est erroné : recopiez-le depuis votre RIB."
)


class IbanBlock(BaseFieldBlock):
    class Meta:
        label = _("IBAN")
        icon = "key"
        group = _("Identifiants")


@register
class Iban(FormattedTextKind):
    name = "iban"
    block_class = IbanBlock
    menu_order = 44
    messages = {"format": MESSAGE, "maxLength": MESSAGE}
    format_name = "iban"
    max_length = 34
    placeholder = "FR76 3000 6000 0112 3456 7890 189"
    widget_attrs = {"inputmode": "text", "autocapitalize": "characters", "autocomplete": "off"}
    check = staticmethod(identifiers.is_iban)
    normalise = staticmethod(identifiers.normalise_iban)
    show = staticmethod(identifiers.format_iban)
