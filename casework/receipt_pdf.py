"""The PDF receipt ("récépissé") of a case, in the site's colours, built in pure Python."""

from typing import Any

from django.utils import timezone
from fpdf import FPDF

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


def _latin(text: Any) -> str:
    return str(text).translate(_OUTSIDE_LATIN_1).encode("latin-1", "replace").decode("latin-1")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def receipt_pdf(
    *, case: Any, tracking_code: str, town_name: str, primary_colour: str, tracking_url: str
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_title(_latin(f"Récépissé {case.reference}"))
    pdf.set_author(_latin(town_name))
    pdf.set_lang("fr")
    pdf.add_page()
    pdf.set_fill_color(*_rgb(primary_colour))
    pdf.rect(0, 0, 210, 28, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("helvetica", "B", 18)
    pdf.set_xy(15, 9)
    pdf.cell(0, 10, _latin(town_name))
    pdf.set_text_color(27, 27, 27)
    pdf.set_xy(15, 40)
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, _latin("Récépissé de dépôt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(
        0, 6, _latin(f"Votre demande « {case.procedure.title} » a bien été reçue."), align="L"
    )
    pdf.ln(4)
    submitted = timezone.localtime(case.submitted_at).strftime("%d/%m/%Y à %H:%M")
    rows = [
        ("Numéro de dossier", case.reference),
        ("Code de suivi", tracking_code),
        ("Déposée le", submitted),
        ("Service qui la traite", case.department.name),
    ]
    if getattr(case.procedure, "processing_time", ""):
        rows.append(("Délai de traitement annoncé", case.procedure.processing_time))
    for label, value in rows:
        pdf.set_font("helvetica", "B", 11)
        pdf.cell(65, 8, _latin(label))
        pdf.set_font("helvetica", "", 11)
        pdf.cell(0, 8, _latin(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0,
        6,
        _latin(
            "Suivez votre demande à tout moment, sans compte, avec votre code de suivi : "
            f"{tracking_url}\nGardez ce code pour vous : il donne accès au suivi de la demande."
        ),
        align="L",
    )
    return bytes(pdf.output())
