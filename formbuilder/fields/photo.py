from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..file_checks import FAMILIES, FAMILY_LABELS
from ._files import FilesKind, files_schema
from .registry import BaseFieldBlock, register


class PhotoBlock(BaseFieldBlock):
    max_count = blocks.IntegerBlock(
        label=_("Nombre maximal de photos"), default=4, min_value=1, max_value=10
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("Taille maximale par photo (Mo)"), default=10, min_value=1, max_value=20
    )

    class Meta:
        label = _("Photos")
        icon = "image"
        group = _("Fichiers")


@register
class Photo(FilesKind):
    name = "photo"
    block_class = PhotoBlock
    menu_order = 71
    messages = {
        **FilesKind.messages,
        "required": _("Joignez au moins une photo."),
        "maxItems": _("Joignez au plus {limit} photos."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        max_bytes = (value.get("max_size_mb") or 10) * 1024 * 1024
        return files_schema(list(FAMILIES["image"]), max_bytes, value.get("max_count") or 4)

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        return {
            "widget": "files",
            "limits": self.limits_help(
                FAMILY_LABELS["image"],
                (value.get("max_size_mb") or 10) * 1024 * 1024,
                value.get("max_count") or 4,
            ),
        }

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return False  # imported file questions are shown as attachments
