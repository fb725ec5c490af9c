"""Internal notes: the people working on a case talk to each other on it; auditors read
them; the citizen never sees them."""

import pytest
from django.urls import reverse

from casework.models import Department, InternalNote
from casework.services.consultations import consultation_request

NOTE = "Le gérant a déjà eu une terrasse refusée en 2024 : vérifier l'emprise."


def _login(client, user, password):
    assert client.login(username=user.username, password=password)


def _post_note(client, case, body=NOTE):
    return client.post(reverse("backoffice:case-note", args=[case.reference]), {"note": body})


@pytest.fixture
def consulted(terrace, staff):
    consultation_request(
        case=terrace,
        departments=[Department.objects.get(slug="finances")],
        actor=staff["agent"],
        expected_version=0,
    )
    return terrace


@pytest.mark.parametrize(
    ("role", "department"), [("agent", "Voirie et espace public"), ("finances", "Finances")]
)
def test_the_handling_and_consulted_departments_write_notes(
    client, staff, consulted, demo_password, role, department
):
    _login(client, staff[role], demo_password)
    response = _post_note(client, consulted)
    assert response.status_code == 302
    note = InternalNote.objects.get(case=consulted)
    assert (note.author, note.department_name, note.body) == (staff[role], department, NOTE)
    assert note.history.get().history_user == staff[role]
    html = client.get(reverse("backoffice:case", args=[consulted.reference])).content.decode()
    assert "vérifier l&#x27;emprise" in html and department in html


def test_an_empty_note_is_refused_at_the_field(client, staff, terrace, demo_password):
    _login(client, staff["agent"], demo_password)
    response = _post_note(client, terrace, body="   ")
    assert response.status_code == 400
    assert 'id="id_note_erreur"' in response.content.decode()
    assert not InternalNote.objects.exists()


def test_notes_never_reach_the_citizen(client, staff, terrace, demo_password):
    _login(client, staff["agent"], demo_password)
    _post_note(client, terrace)
    client.logout()
    html = client.get(reverse("tracking:case", args=[terrace.tracking_code])).content.decode()
    assert "emprise" not in html and "Notes internes" not in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [("auditor", 403), ("other_department_agent", 404), ("communication", 403)],
)
def test_others_cannot_write_notes(client, people, case, demo_password, role, expected):
    _login(client, people[role], demo_password)
    assert _post_note(client, case).status_code == expected
    assert not InternalNote.objects.exists()


def test_auditors_read_the_notes_without_a_form(client, people, case, demo_password):
    _login(client, people["agent"], demo_password)
    _post_note(client, case)
    _login(client, people["auditor"], demo_password)
    html = client.get(reverse("backoffice:case", args=[case.reference])).content.decode()
    assert "vérifier l&#x27;emprise" in html
    assert "Ajouter la note" not in html


def test_anonymous_visitors_are_sent_to_log_in(client, case):
    response = _post_note(client, case)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))
