"""The PDF receipt wears its town's theme: colours, logo, font and contact block."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from PIL import Image

from casework.receipt_pdf import receipt_pdf
from tests.casework.test_receipt import pdf_text
from themes.look import Look
from themes.models import Theme
from themes.models.theme import FONT_STACKS, SYSTEM_SANS

SERIF = next(stack for stack, _label in FONT_STACKS if "Georgia" in stack)
TOWN = "Mairie de Bourg-Neuf"


def stored(name: str, content: bytes) -> str:
    return default_storage.save(f"themes/{name}", ContentFile(content))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def ttf_bytes() -> bytes:
    """A tiny TrueType font: one square glyph for every character of Latin-1 and a few more."""
    characters = [*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2019, 0x202F, 0x2013]
    names = [".notdef", "box"]
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    box = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(dict.fromkeys(characters, "box"))
    builder.setupGlyf({".notdef": box, "box": box})
    builder.setupHorizontalMetrics({".notdef": (500, 50), "box": (500, 50)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Essai", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    output = io.BytesIO()
    builder.save(output)
    return output.getvalue()


def receipt(case, **theme_fields) -> bytes:
    theme = Theme(
        name="Bourg-Neuf",
        colour_primary="#5a2d82",
        colour_secondary="#f3eefa",
        contact_address="2 rue du Marché\n12000 Bourg-Neuf",
        contact_phone="04 11 22 33 44",
        contact_email="mairie@bourg-neuf.example",
        contact_hours="Du lundi au samedi matin",
        footer_text="Ville fleurie, trois fleurs",
        **theme_fields,
    )
    return receipt_pdf(
        case=case,
        tracking_code=case.tracking_code,
        look=Look(theme=theme, town_name=TOWN),
        tracking_url="http://bourg-neuf.example/suivi/X/",
    )


def test_the_receipt_has_the_primary_band_and_the_towns_contact_block(case, caplog):
    pdf = receipt(case)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "0.3529 0.1765 0.5098 rg" in text  # #5a2d82, the header band
    assert "0.9529 0.9333 0.9804 rg" in text  # #f3eefa, the footer band
    for fact in (TOWN, "2 rue du March", "12000 Bourg-Neuf", "04 11 22 33 44"):
        assert fact in text
    assert "mairie@bourg-neuf.example" in text and "Ville fleurie" in text
    assert case.reference in text and case.tracking_code in text
    assert b"/Helvetica" in pdf and b"/Times" not in pdf
    assert b"/Subtype /Image" not in pdf  # no logo, none drawn
    assert not caplog.records  # drawn at the first attempt


def test_a_serif_theme_writes_in_times(case):
    pdf = receipt(case, font_stack=SERIF)
    assert b"/Times" in pdf and b"/Helvetica" not in pdf


def test_a_png_logo_is_drawn_in_the_band(case, caplog):
    pdf = receipt(case, logo=stored("logo.png", png_bytes()))
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" in pdf
    assert not caplog.records


def test_an_svg_logo_is_drawn_as_vectors(case, caplog):
    svg = (
        b"<!-- logo -->\n<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 30 10'>"
        b"<rect width='30' height='10' fill='#00ff00'/></svg>"
    )
    pdf = receipt(case, logo=stored("logo.svg", svg))
    assert "0 1 0 rg" in pdf_text(pdf)  # the rectangle's green
    assert not caplog.records


@pytest.mark.parametrize(
    "name, content",
    [("logo.png", b"not a picture"), ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'")],
)
def test_a_logo_that_cannot_be_drawn_costs_the_logo_not_the_receipt(case, caplog, name, content):
    pdf = receipt(case, font_stack=SERIF, logo=stored(name, content))
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf
    assert TOWN in pdf_text(pdf) and case.reference in pdf_text(pdf)
    assert b"/Times" in pdf  # the rest of the theme stays
    assert [record.getMessage() for record in caplog.records] == [
        f"Récépissé {case.reference} drawn again without the theme's logo"
    ]


def test_an_uploaded_truetype_font_is_embedded(case):
    pdf = receipt(case, font_stack=SERIF, font_file=stored("police.ttf", ttf_bytes()))
    assert b"/FontFile2" in pdf
    assert b"/Times" not in pdf and b"/Helvetica" not in pdf


def test_a_broken_font_falls_back_to_the_stacks_core_font(case, caplog):
    pdf = receipt(case, font_stack=SERIF, font_file=stored("police.ttf", b"\x00\x01\x00\x00bad"))
    assert pdf.startswith(b"%PDF") and b"/Times" in pdf and b"/FontFile2" not in pdf
    assert [record.getMessage() for record in caplog.records] == [
        f"Récépissé {case.reference} drawn again without the theme's font"
    ]


def test_the_download_wears_the_theme_of_the_cases_site(client, submitted):
    from themes.look import look_for_page

    theme = look_for_page(submitted.case.procedure).theme
    theme.font_stack, theme.logo = SERIF, stored("logo.png", png_bytes())
    theme.save()
    response = client.get(f"/suivi/{submitted.tracking_code}/recepisse.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert b"/Times" in response.content and b"/Subtype /Image" in response.content
    theme.font_stack = SYSTEM_SANS
    theme.save()
    assert b"/Helvetica" in client.get(f"/suivi/{submitted.tracking_code}/recepisse.pdf").content
