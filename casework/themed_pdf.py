"""Documents of a town in its look (band, logo, font, contact footer), built in pure Python.

The theme's logo and uploaded font are extras: a file fpdf2 cannot draw costs the document
its logo, then its font, never the document itself."""

import io
import logging
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy
from fpdf.image_parsing import preload_image

from themes.look import Look
from themes.models import Theme

logger = logging.getLogger("guichet.receipts")

# The PDF core fonts speak Latin-1; a few common characters outside it are spelled out.
_OUTSIDE_LATIN_1 = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "€": "EUR",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "–": "-",
        "—": "-",
        "\u202f": " ",
    }
)
BAND_HEIGHT = 28  # mm, the header band in the primary colour
LOGO_BOX = (60, 18)  # mm, the most the logo may take in the band (width, height)
MARGIN = 15
# Extensions fpdf2 embeds without a codec we lack (WOFF2 needs brotli, absent here).
PDF_FONT_EXTENSIONS = (".ttf", ".otf")
PDF_LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".svg")
UPLOADED_FAMILY = "guichet-theme"


def _latin(text: Any) -> str:
    return str(text).translate(_OUTSIDE_LATIN_1).encode("latin-1", "replace").decode("latin-1")


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class _Font:
    family: str
    text: Callable[[Any], str]  # how a value is made writable in that font


def themed_pdf(*, look: Look, title: str, body: Callable[["ThemedPage"], None]) -> bytes:
    """An A4 document of the town: its band, logo and font, `body`, its contact footer."""
    theme = look.theme
    logo, font = _has_logo(theme), _has_font(theme)
    # Richest first, then without the logo, then without the font too; the plain last
    # attempt is not guarded: a failure there is a bug of ours, not a theme's file.
    *guarded, plain = dict.fromkeys([(logo, font), (False, font), (False, False)])
    for with_logo, with_font in guarded:
        try:
            return _document(look, title, body, with_logo, with_font)
        except Exception:  # noqa: BLE001  (an uploaded file fpdf2 cannot use)
            logger.warning(
                "%s drawn again without the theme's %s",
                title,
                "logo" if with_logo else "font",
                exc_info=True,
            )
    return _document(look, title, body, *plain)


def _has_logo(theme: Theme) -> bool:
    return bool(theme.logo) and theme.logo.name.lower().endswith(PDF_LOGO_EXTENSIONS)


def _has_font(theme: Theme) -> bool:
    return bool(theme.font_file) and theme.font_file.name.lower().endswith(PDF_FONT_EXTENSIONS)


def _document(
    look: Look,
    title: str,
    body: Callable[["ThemedPage"], None],
    with_logo: bool,
    with_font: bool,
) -> bytes:
    theme = look.theme
    with ExitStack() as files:
        pdf = ThemedPage(look)
        # Nothing a theme's file names (an SVG's <image>, say) is fetched from the disk or
        # the network while the PDF is drawn.
        pdf.resource_access_policy = ResourceAccessPolicy.NONE
        pdf.typeface = _font(pdf, theme, files) if with_font else _core_font(theme)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.set_title(_latin(title))
        pdf.set_author(_latin(look.town_name))
        pdf.set_lang("fr")
        pdf.add_page()
        # Measured on a page: fpdf2 lays text out only there.
        pdf.set_auto_page_break(True, margin=pdf.footer_height() + 5)
        _header(pdf, look, with_logo)
        body(pdf)
        return bytes(pdf.output())


class ThemedPage(FPDF):
    """An A4 page whose footer, on every page, is the town's contact block."""

    def __init__(self, look: Look) -> None:
        super().__init__(format="A4")
        self.look = look
        self.typeface = _core_font(look.theme)

    def footer_lines(self) -> list[str]:
        theme = self.look.theme
        reach = " · ".join(
            part
            for part in (
                f"Téléphone : {theme.contact_phone}" if theme.contact_phone else "",
                f"E-mail : {theme.contact_email}" if theme.contact_email else "",
            )
            if part
        )
        lines = [
            self.look.town_name,
            theme.contact_address,
            reach,
            f"Horaires : {theme.contact_hours}" if theme.contact_hours else "",
            theme.footer_text,
        ]
        return [self.typeface.text(line) for line in lines if line and line.strip()]

    def footer_height(self) -> float:
        self.set_font(self.typeface.family, "", 9)
        text = "\n".join(self.footer_lines())
        lines = self.multi_cell(
            self.w - 2 * MARGIN, 4.5, text, dry_run=True, output="LINES", align="L"
        )
        return len(lines) * 4.5 + 10

    def footer(self) -> None:
        theme = self.look.theme
        height = self.footer_height()
        self.set_fill_color(*rgb(theme.colour_secondary))
        self.rect(0, self.h - height, self.w, height, style="F")
        self.set_text_color(*rgb(theme.colour_text))
        self.set_xy(MARGIN, self.h - height + 5)
        self.set_font(self.typeface.family, "", 9)
        self.multi_cell(self.w - 2 * MARGIN, 4.5, "\n".join(self.footer_lines()), align="L")


def _core_font(theme: Theme) -> _Font:
    serif = "Georgia" in (theme.font_stack or "")
    return _Font("times" if serif else "helvetica", _latin)


def _font(pdf: FPDF, theme: Theme, files: ExitStack) -> _Font:
    """The theme's uploaded TrueType or OpenType font, embedded; else a core font."""
    font_file = theme.font_file
    if not _has_font(theme):
        return _core_font(theme)
    # fpdf2 reads fonts from a path, lazily until the PDF is written: the copy lives as
    # long as the drawing, whatever storage holds the upload.
    suffix = "." + font_file.name.rsplit(".", 1)[-1].lower()
    copy = files.enter_context(tempfile.NamedTemporaryFile(suffix=suffix))
    with font_file.open("rb") as source:
        copy.write(source.read())
    copy.flush()
    # One file for both weights: an uploaded font comes as one file, bold or not.
    pdf.add_font(UPLOADED_FAMILY, "", copy.name)
    pdf.add_font(UPLOADED_FAMILY, "B", copy.name)
    return _Font(UPLOADED_FAMILY, str)


def _header(pdf: ThemedPage, look: Look, with_logo: bool) -> None:
    pdf.set_fill_color(*rgb(look.theme.colour_primary))
    pdf.rect(0, 0, pdf.w, BAND_HEIGHT, style="F")
    logo_width = _logo(pdf, look.theme) if with_logo else 0
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(pdf.typeface.family, "B", 18)
    pdf.set_xy(MARGIN + (logo_width + 5 if logo_width else 0), 9)
    pdf.cell(0, 10, pdf.typeface.text(look.town_name))


def _logo(pdf: FPDF, theme: Theme) -> float:
    """Draw the logo at the left of the band; its width in mm, 0 when there is none."""
    logo = theme.logo
    if not _has_logo(theme):
        return 0
    with logo.open("rb") as stored:
        data = stored.read()
    if logo.name.lower().endswith(".svg"):
        data = _svg_for_fpdf(data)
    # Its own proportions, as large as the box allows, against the left margin.
    _, _, info = preload_image(
        pdf.image_cache,
        io.BytesIO(data),
        resource_access_policy=pdf.resource_access_policy,
        svg_limits=pdf.svg_limits,
    )
    box_width, box_height = LOGO_BOX
    scale = min(box_width / float(info["w"]), box_height / float(info["h"]))
    width, height = float(info["w"]) * scale, float(info["h"]) * scale
    pdf.image(io.BytesIO(data), x=MARGIN, y=(BAND_HEIGHT - height) / 2, w=width, h=height)
    return width


def _svg_for_fpdf(data: bytes) -> bytes:
    """fpdf2 knows an SVG in memory by its first bytes ("<?xml " or "<svg "); the upload
    checks accept comments or other spacing before <svg, so a declaration is put first."""
    stripped = data.lstrip()
    if stripped.startswith(b"<?xml "):
        return stripped
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + stripped
