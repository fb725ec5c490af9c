"""The links a theme puts in its header and footer."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

# An address on the city's website, on this site, or a mail or phone link: never a script.
link_address = RegexValidator(
    r"^(https?://[^\s\"'<>]+|/[^\s\"'<>]*|mailto:[^\s\"'<>]+|tel:[+0-9 .]+)$",
    _("Donnez une adresse commençant par https://, par / (une page de ce site), mailto: ou tel:."),
)


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("intitulé"), max_length=60)
    url = blocks.CharBlock(label=_("adresse"), max_length=300, validators=[link_address])

    class Meta:
        icon = "link"
        label = _("lien")


def link_list() -> list[tuple[str, blocks.Block]]:
    return [("link", LinkBlock())]
