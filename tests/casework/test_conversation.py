"""The department asks, the citizen answers with documents; each side is told."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.history import Via
from casework.models import CaseMessage
from casework.services.cases import case_transition
from tests.formbuilder.test_files import PDF_BYTES


@pytest.fixture
def agent_client(client, demo_password, case):
    client.login(username="paul.etatcivil", password=demo_password)
    return client


def test_the_department_asks_for_documents_and_the_citizen_is_told(
    agent_client, case, submitted, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/bureau/dossiers/{case.reference}/messages/",
            {"body": "Merci de joindre votre livret de famille.", "asks_for_documents": "on"},
        )
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [case.citizen_email]
    assert "livret de famille" in email.body and case.tracking_code in email.body
    message = case.messages.get()
    assert message.history.get().history_channel == Via.BACK_OFFICE

    agent_client.logout()
    page = agent_client.get(f"/suivi/{submitted.tracking_code}/").content.decode()
    assert "Ce que nous attendons de vous" in page and "livret de famille" in page


def test_the_citizen_answers_with_a_document_and_the_department_is_told(
    client, case, submitted, people, demo_password, django_capture_on_commit_callbacks
):
    CaseMessage.objects.create(
        case=case, author_kind="department", body="Livret ?", asks_for_documents=True
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/suivi/{submitted.tracking_code}/",
            {"body": "Voici le livret.", "files": SimpleUploadedFile("livret.pdf", PDF_BYTES)},
        )
    assert response.status_code == 302
    reply = case.messages.get(author_kind="citizen")
    assert reply.files[0]["name"] == "livret.pdf"
    [email] = mail.outbox
    assert email.to == [case.department.email] and "Voici le livret." in email.body
    page = client.get(f"/suivi/{submitted.tracking_code}/").content.decode()
    assert "Ce que nous attendons de vous" not in page and "Voici le livret." in page

    token = reply.files[0]["upload"]
    client.login(username="paul.etatcivil", password=demo_password)
    assert "livret.pdf" in client.get(f"/bureau/dossiers/{case.reference}/").content.decode()
    assert client.get(f"/bureau/dossiers/{case.reference}/fichiers/{token}/").status_code == 200
    client.login(username="nadia.voirie", password=demo_password)
    assert client.get(f"/bureau/dossiers/{case.reference}/fichiers/{token}/").status_code == 404


def test_a_refused_document_is_named_and_the_message_kept(client, submitted):
    response = client.post(
        f"/suivi/{submitted.tracking_code}/",
        {"body": "Mon texte", "files": SimpleUploadedFile("livret.pdf", b"not a pdf at all")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "livret.pdf : Ce type de fichier n&#x27;est pas accepté ici." in html
    assert "Mon texte" in html
    assert not CaseMessage.objects.exists()


def test_an_empty_reply_is_refused_in_french(client, submitted):
    response = client.post(f"/suivi/{submitted.tracking_code}/", {"body": "  "})
    assert response.status_code == 400
    assert "Écrivez un message ou joignez un document." in response.content.decode()


def test_a_closed_case_takes_no_more_messages(client, case, submitted, people):
    case_transition(
        case=case, to_status="refused", actor=people["agent"], reason="x", expected_version=0
    )
    page = client.get(f"/suivi/{submitted.tracking_code}/").content.decode()
    assert "il ne reçoit plus de messages" in page
    response = client.post(f"/suivi/{submitted.tracking_code}/", {"body": "Et maintenant ?"})
    assert response.status_code == 405
    assert not CaseMessage.objects.exists()


@pytest.mark.parametrize(("username", "expected"), [("alain.audit", 403), ("nadia.voirie", 404)])
def test_only_the_handling_department_writes_to_the_citizen(
    client, case, demo_password, username, expected
):
    client.login(username=username, password=demo_password)
    response = client.post(f"/bureau/dossiers/{case.reference}/messages/", {"body": "Bonjour"})
    assert response.status_code == expected
    assert not CaseMessage.objects.exists()


def test_an_empty_message_from_the_department_is_refused_at_the_field(agent_client, case):
    response = agent_client.post(f"/bureau/dossiers/{case.reference}/messages/", {"body": ""})
    assert response.status_code == 400
    assert "Écrivez le message." in response.content.decode()
