"""A theme's uploaded files (logos, favicon, font), checked by what their bytes are.

Logos are shown on every public page: a raster image is re-encoded (no metadata, no payload
after the picture, no decompression bomb), an SVG is kept only if it can run nothing, and
anything else is refused with the reason, in French, at its field.
"""

import re
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeXML
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from formbuilder.file_checks import JPEG, PNG, WEBP, FileRefused, check_file, human_size

LOGO_MAX_BYTES = 512 * 1024
FAVICON_MAX_BYTES = 100 * 1024
FONT_MAX_BYTES = 1024 * 1024

FONT_SIGNATURES = {
    b"wOF2": "woff2",
    b"wOFF": "woff",
    b"\x00\x01\x00\x00": "ttf",
    b"true": "ttf",
    b"OTTO": "otf",
}
FONT_FORMATS = {"woff2": "woff2", "woff": "woff", "ttf": "truetype", "otf": "opentype"}

# What can make an SVG run code or fetch something when a browser draws it.
SVG_ACTIVE_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}
SVG_LINK_ATTRIBUTES = {"href"}
_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def checked_image(upload: UploadedFile, *, max_bytes: int, what: str) -> ContentFile:
    """The image as it will be kept; ValidationError naming `what` ("Le logo") otherwise."""
    content = _read(upload, max_bytes=max_bytes, what=what)
    head = content[:4096]
    if head.lstrip().startswith(b"<") and b"<svg" in head:  # XML: the parser decides
        _refuse_active_svg(content, what=what)
        return ContentFile(content, name="image.svg")
    try:
        checked = check_file(content, allowed=(PNG, JPEG, WEBP), max_bytes=max_bytes)
    except FileRefused as refused:
        raise ValidationError(
            _("%(what)s doit être une image PNG, JPEG, WebP ou SVG. %(reason)s")
            % {"what": what, "reason": refused}
        ) from refused
    return ContentFile(checked.content, name=f"image.{checked.extension}")


def checked_font(upload: UploadedFile) -> ContentFile:
    """A WOFF2, WOFF, TrueType or OpenType font, recognised by its first bytes."""
    content = _read(upload, max_bytes=FONT_MAX_BYTES, what=_("La police"))
    extension = FONT_SIGNATURES.get(content[:4])
    if extension is None:
        raise ValidationError(
            _("Ce fichier n'est pas une police de caractères (WOFF2, WOFF, TTF ou OTF).")
        )
    return ContentFile(content, name=f"police.{extension}")


def font_format(name: str) -> str:
    """The @font-face format() of a stored font file."""
    return FONT_FORMATS.get(name.rsplit(".", 1)[-1].lower(), "woff2")


def _read(upload: UploadedFile, *, max_bytes: int, what: str) -> bytes:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("%(what)s pèse %(size)s ; la limite est %(limit)s.")
            % {"what": what, "size": human_size(upload.size), "limit": human_size(max_bytes)}
        )
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(
            _("%(what)s dépasse la limite de %(limit)s.")
            % {"what": what, "limit": human_size(max_bytes)}
        )
    if not content:
        raise ValidationError(_("Ce fichier est vide."))
    return content


def _refuse_active_svg(content: bytes, *, what: str) -> None:
    try:
        # defusedxml refuses entity declarations, so no billion laughs and no external file.
        root = SafeXML.fromstring(content)
    except (DefusedXmlException, SafeXML.ParseError) as error:
        raise ValidationError(
            _("%(what)s n'est pas un SVG lisible ou déclare des entités.") % {"what": what}
        ) from error
    if _local(root.tag) != "svg":
        raise ValidationError(_("%(what)s n'est pas un SVG.") % {"what": what})
    for element in root.iter():
        if _active(element):
            raise ValidationError(
                _(
                    "%(what)s contient du code (script, gestionnaire d'événement ou lien "
                    "javascript:) : enregistrez le SVG sans script et déposez-le à nouveau."
                )
                % {"what": what}
            )


def _active(element: Element) -> bool:
    if _local(element.tag).lower() in SVG_ACTIVE_ELEMENTS:
        return True
    for attribute, value in element.attrib.items():
        name = _local(attribute).lower()
        if name.startswith("on"):
            return True
        if name in SVG_LINK_ATTRIBUTES and not value.strip().startswith("#"):
            return True  # only links inside the drawing: nothing fetched, nothing run
        if "javascript:" in value.lower() or _UNSAFE_URL.match(value):
            return True
    if _local(element.tag).lower() == "style" and "@import" in (element.text or "").lower():
        return True
    return False


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
