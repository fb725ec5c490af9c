"""Requests received at the counter, by phone, mail or e-mail, typed in by an agent."""

import pytest
from django.core import mail

from casework.history import Via
from casework.models import Case
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS

URL = "/bureau/saisie/"


def test_an_agent_types_in_a_phone_request_and_the_citizen_gets_the_receipt(
    client, procedure, people, demo_password, django_capture_on_commit_callbacks
):
    client.login(username="paul.etatcivil", password=demo_password)
    response = client.post(
        URL,
        {
            "procedure": procedure.pk,
            "channel": "phone",
            "name": "Marcel Dupuis",
            "email": "marcel@exemple.fr",
            "phone": "06 12 34 56 78",
        },
    )
    assert response.status_code == 302
    step = client.get(response["Location"], follow=True).content.decode()
    assert "Saisie pour le compte de <strong>Marcel Dupuis</strong>" in step
    citizen = Citizen(client, procedure)
    answers = {k: v for k, v in VALID_ANSWERS.items() if k != "email"}
    assert citizen.fill("etape-1", {**answers, "email": "marcel@exemple.fr"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = citizen.send().content.decode()
    case = Case.objects.get()
    assert case.channel == "phone"
    assert (case.citizen_name, case.citizen_phone) == ("Marcel Dupuis", "06 12 34 56 78")
    assert case.citizen is None  # the agent's account is not the citizen's
    assert case.tracking_code in confirmation
    first = case.history.earliest()
    assert first.history_user == people["agent"] and first.history_channel == Via.BACK_OFFICE
    [email] = mail.outbox
    assert email.to == ["marcel@exemple.fr"] and case.tracking_code in email.body
    page = client.get(f"/bureau/dossiers/{case.reference}/").content.decode()
    assert "Téléphone" in page and "Marcel Dupuis" in page


def test_missing_details_are_refused_in_french(client, people, demo_password, procedure):
    client.login(username="paul.etatcivil", password=demo_password)
    response = client.post(URL, {"email": "pas-un-email"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez la démarche." in html
    assert "Indiquez comment la demande a été reçue." in html
    assert "Indiquez le nom de l&#x27;usager." in html
    assert "Saisissez une adresse e-mail valide." in html
    assert 'value="pas-un-email"' in html


@pytest.mark.parametrize(
    ("role", "expected"), [("auditor", 403), ("communication", 403), ("no_role", 403)]
)
def test_only_department_members_enter_requests(
    client, people, demo_password, procedure, role, expected
):
    client.force_login(people[role])
    assert client.get(URL).status_code == expected


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/bureau/connexion/" in response["Location"]
