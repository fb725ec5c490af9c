"""RNA: the number of an association in the national register, such as W751234567."""

from django.utils.translation import gettext_lazy as _

from .. import identifiers
from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

MESSAGE = _(
    "Le numéro RNA commence par la lettre W suivie de 9 caractères, par exemple W751234567. "
    "Il figure sur le récépissé de déclaration de l'association en préfecture."
)


class RnaBlock(BaseFieldBlock):
    class Meta:
        label = _("Numéro RNA (association)")
        icon = "group"
        group = _("Identifiants")


@register
class Rna(FormattedTextKind):
    name = "rna"
    block_class = RnaBlock
    menu_order = 45
    messages = {"format": MESSAGE, "maxLength": MESSAGE}
    format_name = "rna"
    max_length = 10
    placeholder = "W751234567"
    widget_attrs = {"inputmode": "text", "autocapitalize": "characters"}
    check = staticmethod(identifiers.is_rna)
    normalise = staticmethod(identifiers.normalise_rna)
