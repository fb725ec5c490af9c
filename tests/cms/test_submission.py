import re

import pytest
from django.core import mail

from casework.models import Case
from tests.conftest import VALID_ANSWERS

URL = "/demarches/acte-de-naissance/"


@pytest.fixture
def page_url(procedure):
    return procedure.url


def test_the_procedure_page_shows_the_published_form(client, page_url):
    response = client.get(page_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_nom"' in html and "Nom de naissance" in html
    assert "Copie intégrale" in html


def test_a_valid_submission_creates_one_case_and_acknowledges_it(
    client, page_url, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url, VALID_ANSWERS)
    assert response.status_code == 302
    case = Case.objects.get()
    assert re.fullmatch(r"DEM-\d{4}-000001", case.reference)
    assert case.status == "received" and case.channel == "web"
    assert case.answers == VALID_ANSWERS
    assert case.form_version == case.procedure.form.current_version

    confirmation = client.get(response["Location"]).content.decode()
    assert case.reference in confirmation
    assert case.tracking_code in confirmation
    assert "État civil" in confirmation

    [email] = mail.outbox
    assert email.to == [VALID_ANSWERS["email"]]
    assert case.reference in email.subject
    assert case.reference in email.body and case.tracking_code in email.body
    html_body = email.alternatives[0][0]
    assert case.tracking_code in html_body
    assert case.notifications.get().sent_at is not None


def test_the_confirmation_is_shown_only_to_the_browser_that_submitted(client, page_url):
    response = client.post(page_url, VALID_ANSWERS)
    assert response.status_code == 302
    client.cookies.clear()
    assert client.get(response["Location"]).status_code == 302


def test_missing_and_malformed_answers_are_refused_in_french_keeping_what_was_typed(
    client, page_url
):
    typed = {"nom": "Lefèvre", "prenoms": "", "email": "jeanne@", "type_acte": "inconnu"}
    response = client.post(page_url, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert Case.objects.count() == 0
    assert "Le formulaire contient 3 erreurs" in html
    assert 'id="id_prenoms_erreur"><p>Ce champ est obligatoire.' in html
    assert "Saisissez une adresse e-mail valide" in html
    assert "Choisissez une des options proposées." in html
    assert 'value="Lefèvre"' in html and 'value="jeanne@"' in html
    assert 'href="#id_prenoms"' in html  # the summary links to the field
    assert 'aria-describedby="id_prenoms_erreur"' in html


def test_the_home_and_index_pages_lead_to_the_procedure(client, procedure):
    assert client.get("/").status_code == 200
    index = client.get("/demarches/").content.decode()
    assert procedure.title in index and procedure.url in index
