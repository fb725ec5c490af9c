"""The decision letter of a case, in its town's look (themed_pdf.py): what was decided,
when, by whom (or by silence, at the deadline), and why."""

from typing import Any

from django.utils import timezone

from themes.look import Look

from .themed_pdf import MARGIN, ThemedPage, rgb, themed_pdf


def decision_letter_pdf(*, case: Any, look: Look) -> bytes:
    return themed_pdf(
        look=look,
        title=f"Décision {case.reference}",
        body=lambda pdf: _body(pdf, case, look),
    )


def _body(pdf: ThemedPage, case: Any, look: Look) -> None:
    family, text = pdf.typeface.family, pdf.typeface.text
    pdf.set_text_color(*rgb(look.theme.colour_text))
    pdf.set_xy(MARGIN, 40)
    pdf.set_font(family, "B", 16)
    pdf.cell(0, 10, text(case.get_decision_display()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    decided = timezone.localtime(case.decided_at).strftime("%d/%m/%Y")
    rows = [
        ("Numéro de dossier", case.reference),
        ("Demande", case.procedure.title),
        ("Déposée le", timezone.localtime(case.submitted_at).strftime("%d/%m/%Y")),
        ("Décidée le", decided),
    ]
    if case.citizen_name:
        rows.insert(1, ("Demandeur", case.citizen_name))
    for label, value in rows:
        pdf.set_font(family, "B", 11)
        pdf.cell(50, 8, text(label))
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 8, text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "B", 12)
    pdf.cell(0, 8, text("Motifs"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    pdf.multi_cell(0, 6, text(case.decision_reason or "—"), align="L")
    pdf.ln(8)
    signer = case.decided_by
    signature = (
        f"Pour le maire de {look.town_name.removeprefix('Mairie de ')}, "
        f"{signer.get_full_name() or signer.get_username()}"
        if signer is not None
        else "Décision tacite : aucune décision expresse n'est intervenue dans le délai légal."
    )
    pdf.multi_cell(0, 6, text(signature), align="R")
