"""What a file really is, read from its bytes, and images made safe to keep.

Extensions and browser-declared types are claims, not facts: a file is accepted only for
what its content shows. Images are decoded and re-encoded, which drops EXIF metadata (GPS
position included) and anything hidden after the picture; decompression bombs are refused.
"""

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PDF = "application/pdf"
JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FAMILIES = {
    "pdf": (PDF,),
    "image": (JPEG, PNG, WEBP),
    "office": (ODT, ODS, DOCX, XLSX),
}
FAMILY_LABELS = {"pdf": "PDF", "image": "JPEG, PNG, WebP", "office": "ODT, ODS, DOCX, XLSX"}
EXTENSIONS = {
    PDF: "pdf",
    JPEG: "jpg",
    PNG: "png",
    WEBP: "webp",
    ODT: "odt",
    ODS: "ods",
    DOCX: "docx",
    XLSX: "xlsx",
}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is already larger than any phone takes
IMAGE_LONG_SIDE = 3000  # re-encoded photos keep enough detail to read a sign or a plate


class FileRefused(Exception):
    """A file we will not keep; the message is for the person who sent it."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str


def sniff(head: bytes, content: bytes) -> str | None:
    """The MIME type the bytes show, among the ones we know, or None."""
    if head.startswith(b"PK"):
        return _office_type(content)
    guessed = filetype.guess_mime(head)
    return guessed if guessed in EXTENSIONS else None


def _office_type(content: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        if "mimetype" in names:
            declared = archive.read("mimetype").decode("ascii", "replace").strip()
            return declared if declared in (ODT, ODS) else None
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            return DOCX
        if any(name.startswith("xl/") for name in names):
            return XLSX
    return None


def check_file(content: bytes, *, allowed: tuple[str, ...], max_bytes: int) -> CheckedFile:
    """The file as we will keep it, or FileRefused with a plain-French reason."""
    if len(content) > max_bytes:
        raise FileRefused(
            _("Ce fichier pèse %(size)s ; la limite est %(limit)s.")
            % {"size": human_size(len(content)), "limit": human_size(max_bytes)}
        )
    if not content:
        raise FileRefused(_("Ce fichier est vide."))
    kind = sniff(content[:8192], content)
    if kind is None or kind not in allowed:
        raise FileRefused(_("Ce type de fichier n'est pas accepté ici."))
    if kind in FAMILIES["image"]:
        content, kind = _reencoded_image(content, kind)
    return CheckedFile(content=content, content_type=kind, extension=EXTENSIONS[kind])


def _reencoded_image(content: bytes, kind: str) -> tuple[bytes, str]:
    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise FileRefused(_("Cette image est trop grande (plus de 40 mégapixels)."))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise FileRefused(_("Cette image est illisible ou endommagée.")) from error
    upright.thumbnail((IMAGE_LONG_SIDE, IMAGE_LONG_SIDE))
    output = io.BytesIO()
    if kind == PNG or upright.mode in ("RGBA", "LA", "P"):
        upright.save(output, format="PNG", optimize=True)  # keeps transparency; no metadata
        return output.getvalue(), PNG
    upright.convert("RGB").save(output, format="JPEG", quality=85)  # no exif= argument
    return output.getvalue(), JPEG


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")
    return f"{max(1, round(size / 1024))} ko"
