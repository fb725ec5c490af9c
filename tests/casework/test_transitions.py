import pytest
from django.core import mail

from casework.history import Via
from casework.selectors import case_history
from casework.services.cases import CaseActionRefused, case_transition


def test_a_transition_is_recorded_with_actor_reason_and_channel(case, people):
    case_transition(
        case=case,
        to_status="in_progress",
        actor=people["agent"],
        reason="Pièces vérifiées",
        expected_version=0,
    )
    case.refresh_from_db()
    assert case.status == "in_progress" and case.lock_version == 1
    latest = case.history.latest()
    assert latest.history_user == people["agent"]
    assert latest.history_change_reason == "Pièces vérifiées"
    assert latest.history_channel == Via.BACK_OFFICE


def test_the_submission_itself_is_the_first_history_entry(case):
    first = case.history.earliest()
    assert first.history_type == "+"
    assert first.history_user is None
    assert first.history_change_reason == f"Dépôt du dossier, orienté vers {case.department.name}"
    assert first.history_channel == Via.CITIZEN_SITE
    assert not hasattr(first, "tracking_code")  # the secret never reaches history


def test_history_shows_what_changed_in_plain_words(case, people):
    case_transition(
        case=case, to_status="in_progress", actor=people["agent"], reason="Vu", expected_version=0
    )
    entries = case_history(case)
    assert [entry.kind for entry in entries] == ["création", "modification"]
    assert [entry.channel for entry in entries] == ["Site usager", "Espace agents"]
    assert [c.field for c in entries[1].changes] == ["status"]  # bookkeeping columns are not told
    changes = {change.field: change for change in entries[1].changes}
    assert (changes["status"].old, changes["status"].new) == ("Reçu", "En cours d'instruction")
    assert entries[1].actor == "Paul Bernard (paul.etatcivil)"


def test_a_move_the_workflow_does_not_allow_is_refused(case, people):
    with pytest.raises(CaseActionRefused, match="n'est pas permis"):
        case_transition(
            case=case, to_status="done", actor=people["agent"], reason="x", expected_version=0
        )
    case.refresh_from_db()
    assert case.status == "received" and case.history.count() == 1


def test_a_stale_write_is_refused_and_changes_nothing(case, people):
    case_transition(
        case=case, to_status="in_progress", actor=people["agent"], reason="a", expected_version=0
    )
    with pytest.raises(CaseActionRefused, match="modifié par quelqu'un d'autre"):
        case_transition(
            case=case, to_status="refused", actor=people["agent"], reason="b", expected_version=0
        )
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_a_reason_is_required(case, people):
    with pytest.raises(CaseActionRefused, match="motif"):
        case_transition(
            case=case,
            to_status="in_progress",
            actor=people["agent"],
            reason="  ",
            expected_version=0,
        )


def test_the_citizen_is_told_of_each_status_change(
    case, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(
            case=case,
            to_status="in_progress",
            actor=people["agent"],
            reason="a",
            expected_version=0,
        )
    [email] = mail.outbox
    assert "En cours d'instruction" in email.subject
    assert case.tracking_code in email.body


def test_the_form_shows_a_refusal_at_the_top_and_keeps_the_reason(
    client, case, people, demo_password
):
    client.login(username="paul.etatcivil", password=demo_password)
    response = client.post(
        f"/bureau/dossiers/{case.reference}/statut/",
        {"to_status": "in_progress", "reason": "Ma note", "expected_version": 7},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "modifié par quelqu&#x27;un d&#x27;autre" in html
    assert "Ma note" in html
