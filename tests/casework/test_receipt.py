import re
import zlib

import pytest


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2 (its page streams are zlib-compressed)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    text = b""
    for stream in streams:
        try:
            text += zlib.decompress(stream)
        except zlib.error:
            text += stream
    return text.decode("latin-1")


def test_the_receipt_is_a_pdf_in_the_sites_colours_with_reference_and_code(client, submitted):
    case = submitted.case
    response = client.get(f"/suivi/{submitted.tracking_code}/recepisse.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"recepisse-{case.reference}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert case.reference in text and submitted.tracking_code in text
    assert "Mairie de Val-Fleuri" in text and "tat civil" in text
    assert "0.0431 0.4314 0.3098 rg" in text  # the Val-Fleuri theme's green (#0b6e4f) header


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ-ZZZZ", "nimporte"])
def test_no_receipt_without_the_right_code(client, submitted, code):
    assert client.get(f"/suivi/{code}/recepisse.pdf").status_code == 404


def test_the_confirmation_offers_the_receipt(client, procedure):
    from tests.citizen import Citizen
    from tests.conftest import VALID_ANSWERS

    html = Citizen(client, procedure).submit(VALID_ANSWERS).content.decode()
    assert "Télécharger le récépissé (PDF)" in html
