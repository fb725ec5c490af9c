import re

import pytest
from django.core import mail
from django.utils import timezone

from casework.models import Case
from formbuilder.models import Draft
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS


@pytest.fixture
def citizen(client, procedure):
    return Citizen(client, procedure)


def test_the_procedure_page_presents_it_and_offers_to_start(client, procedure):
    html = client.get(procedure.url).content.decode()
    assert "Commencer la démarche" in html and "État civil" in html
    assert Draft.objects.count() == 0  # a visit creates nothing


def test_the_first_step_shows_the_published_questions_and_the_progress(citizen):
    html = citizen.start().content.decode()
    assert "Étape 1 sur 2" in html
    assert 'for="id_nom"' in html and "Nom de naissance" in html and "Copie intégrale" in html


def test_a_valid_request_becomes_one_case_acknowledged_by_email(
    citizen, django_capture_on_commit_callbacks
):
    citizen.start()
    assert citizen.fill("etape-1", VALID_ANSWERS).status_code == 302
    summary = citizen.client.get(citizen.url("recapitulatif")).content.decode()
    assert "Vérifiez votre demande" in summary and "Lefèvre" in summary
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = citizen.send().content.decode()
    case = Case.objects.get()
    assert re.fullmatch(r"DEM-\d{4}-000001", case.reference)
    assert case.status == "received" and case.channel == "web"
    assert case.answers == VALID_ANSWERS
    assert case.form_version == case.procedure.form.current_version
    assert case.reference in confirmation and case.tracking_code in confirmation
    assert "État civil" in confirmation
    [email] = mail.outbox
    assert email.to == [VALID_ANSWERS["email"]]
    assert case.reference in email.subject
    assert case.reference in email.body and case.tracking_code in email.body
    assert case.tracking_code in email.alternatives[0][0]
    assert case.notifications.get().sent_at is not None
    assert Draft.objects.get().case_reference == case.reference


def test_sending_twice_gives_one_case(citizen):
    citizen.submit(VALID_ANSWERS)
    again = citizen.send()  # a double click, a refresh or a replayed POST
    citizen.client.get(citizen.url("envoi"))
    assert Case.objects.count() == 1
    assert again.status_code == 200


def test_the_confirmation_is_shown_only_to_the_browser_that_sent_it(citizen):
    citizen.submit(VALID_ANSWERS)
    citizen.client.cookies.clear()
    response = citizen.client.get(f"{citizen.page.url}confirmation/")
    assert response.status_code == 302


def test_mistakes_are_refused_in_french_at_each_field_keeping_what_was_typed(citizen):
    citizen.start()
    typed = {"nom": "Lefèvre", "prenoms": "", "email": "jeanne@", "type_acte": "inconnu"}
    response = citizen.fill("etape-1", typed)
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0
    assert "Le formulaire contient 3 erreurs" in html
    assert 'id="id_prenoms_erreur"><p>Ce champ est obligatoire.' in html
    assert "Saisissez une adresse e-mail valide" in html
    assert "Choisissez une des options proposées." in html
    assert 'value="Lefèvre"' in html and 'value="jeanne@"' in html
    assert 'href="#id_prenoms"' in html
    assert 'aria-describedby="id_prenoms_erreur"' in html


def test_the_home_and_index_pages_lead_to_the_procedure(client, procedure):
    assert client.get("/").status_code == 200
    index = client.get("/demarches/").content.decode()
    assert procedure.title in index and procedure.url in index


def test_opening_the_form_keeps_nothing_until_the_first_answers_are_sent(client, procedure):
    page = client.get(procedure.url).content.decode()
    assert f'<form method="get" action="{procedure.url}formulaire/">' in page
    first = client.get(f"{procedure.url}formulaire/", follow=True)
    assert "Étape 1 sur 2" in first.content.decode()
    assert Draft.objects.count() == 0  # a look at the form is not a draft
    response = client.post(
        f"{procedure.url}formulaire/etape-1/",
        {"guichet-current_step": "etape-1", **VALID_ANSWERS},
    )
    assert response.status_code == 302 and response["Location"].endswith("recapitulatif/")
    draft = Draft.objects.get()
    assert draft.answers == VALID_ANSWERS
    # The same browser finds its draft again; the procedure page offers to resume it.
    assert "Reprendre ma demande" in client.get(procedure.url).content.decode()
    assert client.get(f"{procedure.url}formulaire/recapitulatif/").status_code == 200


def test_a_later_step_cannot_be_reached_without_a_draft(client, procedure):
    for method in (client.get, client.post):
        response = method(f"{procedure.url}formulaire/recapitulatif/")
        assert response.status_code == 302 and response["Location"] == procedure.url
    assert client.get(f"{procedure.url}demarrer/").status_code == 405
    assert Draft.objects.count() == 0


def test_a_private_section_keeps_its_procedures_private(client, procedure, people):
    """Procedure pages are routed in one query (procedure_routing.py) and check view
    restrictions in one query (ProcedurePage.get_view_restrictions): both as Wagtail."""
    from wagtail.models import PageViewRestriction

    index = procedure.get_parent()
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    for path in ("", "formulaire/etape-1/"):
        response = client.get(procedure.url + path)
        assert response.status_code == 302 and "login" in response["Location"], path
    assert list(procedure.get_view_restrictions()) == list(
        super(type(procedure), procedure).get_view_restrictions()
    )
    client.force_login(people["no_role"])
    assert client.get(procedure.url).status_code == 200
    restriction.delete()
    client.logout()
    assert client.get(procedure.url).status_code == 200


def test_an_anonymous_citizen_costs_no_session_and_a_forged_cookie_opens_nothing(client, procedure):
    """Which drafts a browser may continue lives in a signed cookie, not a session."""
    from django.contrib.sessions.models import Session
    from django.test import Client

    from formbuilder.owners import DRAFTS_COOKIE

    Citizen(client, procedure).submit(VALID_ANSWERS)
    assert Case.objects.count() == 1 and Session.objects.count() == 0
    cookie = client.cookies[DRAFTS_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    someone = Citizen(client, procedure)
    someone.start()
    someone.fill("etape-1", {**VALID_ANSWERS, "nom": "Autre"})
    draft_id = str(Draft.objects.get(submitted_at__isnull=True).public_id)
    stranger = Client()
    stranger.cookies[DRAFTS_COOKIE] = f'["{draft_id}"]'  # unsigned: refused
    response = stranger.get(f"{procedure.url}formulaire/recapitulatif/")
    assert response.status_code == 302 and response["Location"] == procedure.url


def test_a_send_racing_another_for_the_same_draft_is_undone_whole(citizen, monkeypatch):
    """Two sends of one draft in flight: the one that finds it already sent rolls back its
    case, its history and its reference number, and shows the confirmation."""
    from cms import procedure_views

    citizen.start()
    citizen.fill("etape-1", VALID_ANSWERS)
    read_before = Draft.objects.get()  # what this request loaded, before the other one won
    Draft.objects.filter(pk=read_before.pk).update(submitted_at=timezone.now())
    monkeypatch.setattr(procedure_views, "_current_draft", lambda page, request: read_before)
    response = citizen.client.post(
        citizen.url("recapitulatif"), {"guichet-current_step": "recapitulatif"}
    )
    assert response.status_code == 302 and response["Location"].endswith("confirmation/")
    assert Case.objects.count() == 0 and Case.history.count() == 0
    monkeypatch.undo()
    Citizen(citizen.client, citizen.page).submit(VALID_ANSWERS)
    assert Case.objects.get().reference.endswith("-000001")  # the number was given back
