"""From the queue: saved views, and giving or moving several cases at once."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from casework.models import Case, Department, SavedQueueView
from casework.services.consultations import consultation_request
from tests.casework.queue_helpers import birth_case, login, terrace_case


def _told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_saved_view_is_a_link_to_the_same_filters(client, staff, demo_password):
    login(client, staff["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-view-save"),
        {"name": "  Au guichet  ", "query": "tab=tous&channel=counter&after=abc&evil=1"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/bureau/?tab=tous&channel=counter"
    view = SavedQueueView.objects.get(owner=staff["agent"])
    # Only what the queue shows is kept: never a page cursor or an unknown key.
    assert (view.name, view.query) == ("Au guichet", "tab=tous&channel=counter")
    html = client.get(reverse("backoffice:queue")).content.decode()
    assert 'href="/bureau/?tab=tous&amp;channel=counter"' in html and "Au guichet" in html
    # The same name again replaces the view rather than failing on the unique name.
    client.post(reverse("backoffice:queue-view-save"), {"name": "Au guichet", "query": "tab=clos"})
    assert SavedQueueView.objects.get(owner=staff["agent"]).query == "tab=clos"


def test_a_view_needs_a_name(client, staff, demo_password):
    login(client, staff["agent"], demo_password)
    response = client.post(reverse("backoffice:queue-view-save"), {"name": " ", "query": ""})
    assert "Donnez un nom à la vue." in _told(response)
    assert not SavedQueueView.objects.exists()


def test_a_view_is_deleted_by_its_owner_only(client, staff, demo_password):
    mine = SavedQueueView.objects.create(owner=staff["agent"], name="Mes retards", query="")
    theirs = SavedQueueView.objects.create(owner=staff["manager"], name="Les siens", query="")
    login(client, staff["agent"], demo_password)
    html = client.get(reverse("backoffice:queue")).content.decode()
    assert "Mes retards" in html and "Les siens" not in html
    url = reverse("backoffice:queue-view-delete", args=[theirs.pk])
    assert client.post(url).status_code == 404
    assert client.get(reverse("backoffice:queue-view-delete", args=[mine.pk])).status_code == 405
    assert client.post(reverse("backoffice:queue-view-delete", args=[mine.pk])).status_code == 302
    assert list(SavedQueueView.objects.values_list("name", flat=True)) == ["Les siens"]


def test_saving_a_view_needs_the_csrf_token(staff, demo_password):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    login(guarded, staff["agent"], demo_password)
    response = guarded.post(reverse("backoffice:queue-view-save"), {"name": "Vue", "query": ""})
    assert response.status_code == 403


def test_cases_are_given_to_a_member_each_on_its_own(client, staff, demo_password):
    ours = [terrace_case(), terrace_case()]
    consulted = terrace_case()
    consultation_request(
        case=consulted,
        departments=[Department.objects.get(slug="finances")],
        actor=staff["agent"],
        expected_version=consulted.lock_version,
    )
    hidden = birth_case()
    login(client, staff["finances"], demo_password)
    # Finances reads the consulted case but does not handle it: refused, with the reason.
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {"action": "attribuer", "assignee": "personne", "cases": [consulted.pk, hidden.pk]},
    )
    told = _told(response)
    assert f"{consulted.reference} : non modifié. Vous ne pouvez pas modifier ce dossier." in told
    assert not any(hidden.reference in message for message in told)
    login(client, staff["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {
            "action": "attribuer",
            "assignee": staff["manager"].pk,
            "cases": [case.pk for case in ours] + [hidden.pk],
            "query": "tab=mes-dossiers",
        },
    )
    assert response["Location"] == "/bureau/?tab=mes-dossiers"
    assert "2 dossiers attribués." in _told(response)
    assert {c.assignee_id for c in Case.objects.filter(pk__in=[c.pk for c in ours])} == {
        staff["manager"].pk
    }
    hidden.refresh_from_db()
    assert hidden.assignee_id is None  # another department's case, whatever was posted


def test_someone_outside_the_department_cannot_be_given_its_cases(client, staff, demo_password):
    case = terrace_case()
    login(client, staff["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {"action": "attribuer", "assignee": staff["other"].pk, "cases": [case.pk]},
    )
    assert "Cette personne n'est pas membre de vos services." in _told(response)
    case.refresh_from_db()
    assert case.assignee_id is None


def test_one_refused_move_leaves_the_others_done(client, people, demo_password):
    received = [birth_case(), birth_case()]
    finished = birth_case(status="done")
    login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {
            "action": "changer-statut",
            "to_status": "in_progress",
            "reason": "Pièces vérifiées",
            "cases": [case.pk for case in [*received, finished]],
        },
    )
    told = _told(response)
    assert "2 dossiers ont changé de statut." in told
    assert any(m.startswith(f"{finished.reference} : non modifié. Le passage") for m in told)
    assert [c.status for c in Case.objects.filter(pk__in=[c.pk for c in received])] == [
        "in_progress",
        "in_progress",
    ]
    first = Case.objects.get(pk=received[0].pk)
    assert first.history.first().history_change_reason == "Pièces vérifiées"


def test_a_status_the_cases_workflow_does_not_have_is_refused(client, people, demo_password):
    case = birth_case()
    login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {"action": "changer-statut", "to_status": "blocked", "reason": "x", "cases": [case.pk]},
    )
    assert (
        f"{case.reference} : non modifié. Ce statut n'existe pas dans le circuit de ce dossier."
        in _told(response)
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "changer-statut", "to_status": "in_progress", "reason": " "}, "Indiquez le"),
        ({"action": "changer-statut", "reason": "Vu"}, "Choisissez le nouveau statut."),
        ({"action": "attribuer"}, "Choisissez à qui attribuer les dossiers."),
        ({"action": "supprimer"}, "Action inconnue."),
    ],
)
def test_an_incomplete_action_changes_nothing_and_says_why(
    client, people, demo_password, data, error
):
    case = birth_case()
    login(client, people["agent"], demo_password)
    response = client.post(reverse("backoffice:queue-bulk"), {**data, "cases": [case.pk]})
    assert any(message.startswith(error) for message in _told(response))
    case.refresh_from_db()
    assert (case.status, case.assignee_id) == ("received", None)


def test_nothing_ticked_is_said(client, people, demo_password):
    login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"), {"action": "attribuer", "assignee": "personne"}
    )
    assert "Cochez au moins un dossier." in _told(response)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {"action": "attribuer", "assignee": "personne", "cases": ["abc"]},
    )
    assert "Un des dossiers cochés n'existe pas." in _told(response)


def test_the_auditor_changes_nothing_in_bulk(client, people, demo_password):
    case = birth_case()
    login(client, people["auditor"], demo_password)
    response = client.post(
        reverse("backoffice:queue-bulk"),
        {"action": "changer-statut", "to_status": "in_progress", "reason": "x", "cases": [case.pk]},
    )
    assert response.status_code == 403  # an auditor reads; grouped actions are not theirs
    case.refresh_from_db()
    assert case.status == "received"
