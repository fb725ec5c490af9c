from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..file_checks import FAMILIES, FAMILY_LABELS
from ._files import FilesKind, files_schema
from .registry import BaseFieldBlock, register


class AttachmentBlock(BaseFieldBlock):
    families = blocks.MultipleChoiceBlock(
        label=_("Types acceptés"),
        choices=[
            ("pdf", _("PDF")),
            ("image", _("Images (JPEG, PNG, WebP)")),
            ("office", _("Documents bureautiques (ODT, ODS, DOCX, XLSX)")),
        ],
        default=["pdf", "image"],
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("Taille maximale par fichier (Mo)"), default=10, min_value=1, max_value=20
    )
    max_count = blocks.IntegerBlock(
        label=_("Nombre maximal de fichiers"), default=3, min_value=1, max_value=10
    )

    class Meta:
        label = _("Pièce jointe")
        icon = "doc-full-inverse"
        group = _("Fichiers")


@register
class Attachment(FilesKind):
    name = "attachment"
    block_class = AttachmentBlock
    menu_order = 70

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        families = [f for f in ("pdf", "image", "office") if f in (value.get("families") or [])]
        types = [mime for family in families or ["pdf"] for mime in FAMILIES[family]]
        return files_schema(
            types, (value.get("max_size_mb") or 10) * 1024 * 1024, value.get("max_count") or 3
        )

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        families = [f for f in ("pdf", "image", "office") if f in (value.get("families") or [])]
        return {
            "widget": "files",
            "limits": self.limits_help(
                ", ".join(FAMILY_LABELS[f] for f in families or ["pdf"]),
                (value.get("max_size_mb") or 10) * 1024 * 1024,
                value.get("max_count") or 3,
            ),
        }
