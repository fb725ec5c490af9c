"""The PDF receipt ("récépissé") of a case, in its town's look (themed_pdf.py)."""

from typing import Any

from django.utils import timezone

from themes.look import Look
from themes.models import Theme

from .themed_pdf import MARGIN, ThemedPage, rgb, themed_pdf


def receipt_pdf(*, case: Any, tracking_code: str, look: Look, tracking_url: str) -> bytes:
    """The receipt in the look's colours, logo, font and contact block."""
    return themed_pdf(
        look=look,
        title=f"Récépissé {case.reference}",
        body=lambda pdf: _body(pdf, case, tracking_code, tracking_url, look.theme),
    )


def _body(pdf: ThemedPage, case: Any, tracking_code: str, tracking_url: str, theme: Theme) -> None:
    family, text = pdf.typeface.family, pdf.typeface.text
    pdf.set_text_color(*rgb(theme.colour_text))
    pdf.set_xy(MARGIN, 40)
    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, text("Récépissé de dépôt"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    pdf.multi_cell(
        0, 6, text(f"Votre demande « {case.procedure.title} » a bien été reçue."), align="L"
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
        pdf.set_font(family, "B", 11)
        pdf.cell(65, 8, text(label))
        pdf.set_font(family, "", 11)
        pdf.cell(0, 8, text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(
        0,
        6,
        text(
            "Suivez votre demande à tout moment, sans compte, avec votre code de suivi : "
            f"{tracking_url}\nGardez ce code pour vous : il donne accès au suivi de la demande."
        ),
        align="L",
    )
