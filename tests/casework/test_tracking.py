import math

import pytest
from django.core.cache import cache
from django.test import override_settings

from casework.services.cases import case_transition
from casework.tracking_codes import ALPHABET, new_tracking_code, normalise_tracking_code


def test_tracking_codes_carry_at_least_60_random_bits_in_a_friendly_alphabet():
    code = new_tracking_code()
    symbols = code.replace("-", "")
    assert len(symbols) * math.log2(len(ALPHABET)) >= 60
    assert set(symbols) <= set(ALPHABET)
    assert not set("ILOU") & set(ALPHABET)
    assert len({new_tracking_code() for _ in range(1000)}) == 1000


def test_typed_codes_are_forgiving_about_case_spaces_and_lookalikes():
    assert normalise_tracking_code("k7qf 2mxd-9tra hw3e") == "K7QF-2MXD-9TRA-HW3E"
    assert normalise_tracking_code("O0IL-0000-0000-0000") == "0011-0000-0000-0000"
    assert normalise_tracking_code("trop court") is None


def test_the_citizen_follows_the_status_with_the_code(client, submitted, people):
    case = submitted.case
    page = client.get(f"/suivi/{submitted.tracking_code}/").content.decode()
    assert "Reçu" in page and case.reference in page and "État civil" in page
    title = f"<title>Suivi de votre demande {case.reference} — Mairie de Val-Fleuri</title>"
    assert title in page  # the tab says where one is, and nothing else
    case_transition(
        case=case,
        to_status="in_progress",
        actor=people["agent"],
        reason="interne",
        expected_version=0,
    )
    page = client.get(f"/suivi/{submitted.tracking_code.lower()}/").content.decode()
    assert "En cours d&#x27;instruction" in page
    assert "interne" not in page  # internal reasons stay internal
    assert "Paul" not in page


def test_the_lookup_form_leads_to_the_case(client, submitted):
    response = client.post("/suivi/", {"code": submitted.tracking_code.replace("-", " ")})
    assert (
        response.status_code == 302 and response["Location"] == f"/suivi/{submitted.tracking_code}/"
    )


@pytest.mark.parametrize("code", ["ZZZZ-ZZZZ-ZZZZ-ZZZZ", "pas-un-code", "' OR 1=1 --"])
def test_an_unknown_or_malformed_code_gets_a_plain_not_found(client, submitted, code):
    response = client.get(f"/suivi/{code}/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html and "Traceback" not in html


@override_settings(GUICHET_TRACKING_RATE="3/m")
def test_lookups_are_rate_limited_per_address(client, db):
    cache.clear()
    codes = [f"/suivi/AAAA-AAAA-AAAA-AAA{i}/" for i in range(4)]
    statuses = [client.get(url).status_code for url in codes]
    assert statuses == [404, 404, 404, 429]
    cache.clear()
