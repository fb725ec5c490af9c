"""Closed, internal, account-only and once-only procedures refuse cleanly, crafted POSTs too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case
from cms.models import ProcedurePage
from cms.procedure_memo import forget_procedures
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS


def _set(procedure, **fields):
    ProcedurePage.objects.filter(pk=procedure.pk).update(**fields)
    forget_procedures()  # update() sends no save signal: as after an edit in the admin
    procedure.refresh_from_db()


def test_a_closed_procedure_says_so_and_takes_nothing(client, procedure):
    _set(procedure, closes_at=timezone.now() - timedelta(hours=1))
    html = client.get(procedure.url).content.decode()
    assert "Cette démarche est fermée depuis le" in html
    assert "Commencer la démarche" not in html
    response = client.post(f"{procedure.url}demarrer/")
    assert response.status_code == 403 and "fermée" in response.content.decode()


def test_a_procedure_closing_while_someone_fills_it_refuses_the_send(client, procedure):
    citizen = Citizen(client, procedure)
    citizen.start()
    citizen.fill("etape-1", VALID_ANSWERS)
    _set(procedure, closes_at=timezone.now() - timedelta(minutes=1))
    response = citizen.fill("recapitulatif", {})
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_a_procedure_not_yet_open_gives_its_opening_date(client, procedure):
    _set(procedure, opens_at=timezone.now() + timedelta(days=3))
    assert "Cette démarche ouvrira le" in client.get(procedure.url).content.decode()
    assert client.post(f"{procedure.url}demarrer/").status_code == 403


@pytest.mark.parametrize(
    ("username", "allowed"), [(None, False), ("sans.role", False), ("paul.etatcivil", True)]
)
def test_an_internal_procedure_is_for_staff_only(
    client, procedure, people, demo_password, username, allowed
):
    _set(procedure, access="internal")
    if username == "sans.role":
        client.force_login(people["no_role"])
    elif username:
        client.login(username=username, password=demo_password)
    response = client.post(f"{procedure.url}demarrer/")
    assert (response.status_code == 302) is allowed
    if not allowed:
        assert "réservée aux agents" in response.content.decode()


def test_an_account_procedure_needs_a_signed_in_citizen(client, procedure, people):
    _set(procedure, access="account")
    response = client.post(f"{procedure.url}demarrer/")
    assert response.status_code == 403 and "Connectez-vous" in response.content.decode()
    client.force_login(people["no_role"])
    Citizen(client, procedure).submit(VALID_ANSWERS)
    assert Case.objects.get().citizen == people["no_role"]


def test_a_once_only_procedure_refuses_a_second_request_from_the_same_address(client, procedure):
    _set(procedure, once_per_citizen=True)
    Citizen(client, procedure).submit(VALID_ANSWERS)
    second = Citizen(client, procedure)
    second.start()
    second.fill("etape-1", {**VALID_ANSWERS, "email": VALID_ANSWERS["email"].upper()})
    response = second.send()
    assert response.status_code == 403
    assert "déjà fait cette démarche" in response.content.decode()
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "fermée"),
        ({"access": "internal"}, "réservée aux agents"),
        ({"access": "account"}, "Connectez-vous"),
    ],
)
def test_the_form_itself_refuses_what_the_start_button_refuses(client, procedure, fields, message):
    """Opening or sending the first page directly (a crafted request) starts nothing."""
    from formbuilder.models import Draft

    _set(procedure, **fields)
    opened = client.get(f"{procedure.url}formulaire/etape-1/")
    sent = client.post(
        f"{procedure.url}formulaire/etape-1/",
        {"guichet-current_step": "etape-1", **VALID_ANSWERS},
    )
    for response in (opened, sent):
        assert response.status_code == 403 and message in response.content.decode()
    assert Draft.objects.count() == 0 and Case.objects.count() == 0


def test_a_signed_in_citizen_cannot_open_a_once_only_procedure_twice(client, procedure, people):
    _set(procedure, once_per_citizen=True)
    client.force_login(people["no_role"])
    Citizen(client, procedure).submit(VALID_ANSWERS)
    response = client.get(f"{procedure.url}formulaire/etape-1/")
    assert response.status_code == 403
    assert "déjà fait cette démarche" in response.content.decode()


def test_the_index_groups_procedures_by_theme_and_finds_them_by_keyword(client, procedure):
    _set(procedure, theme="civil_status")
    index = client.get("/demarches/").content.decode()
    assert "<h2>État civil</h2>" in index and procedure.title in index
    assert procedure.title in client.get("/demarches/?q=naissance").content.decode()
    nothing = client.get("/demarches/?q=piscine").content.decode()
    assert "Aucune démarche ne correspond à « piscine »" in nothing
