"""Who saw personal data: opening a case, downloading its file, exporting a list."""

import pytest
from django.urls import reverse

from casework.models import AccessEvent, QueueExport


def _login(client, user, password):
    assert client.login(username=user.username, password=password)


@pytest.mark.parametrize("role", ["agent", "auditor"])
def test_opening_a_case_is_recorded_with_who_and_from_where(
    client, people, case, demo_password, role
):
    _login(client, people[role], demo_password)
    client.get(reverse("backoffice:case", args=[case.reference]), HTTP_USER_AGENT="Firefox/140")
    event = AccessEvent.objects.get()
    assert (event.actor, event.kind, event.case) == (people[role], "case_opened", case)
    assert (event.address, event.user_agent) == ("127.0.0.1", "Firefox/140")


def test_a_refused_look_records_nothing(client, people, case, demo_password):
    _login(client, people["other_department_agent"], demo_password)
    assert client.get(reverse("backoffice:case", args=[case.reference])).status_code == 404
    assert not AccessEvent.objects.exists()


def test_an_export_is_recorded_when_asked_and_when_downloaded(
    client, people, case, demo_password, django_capture_on_commit_callbacks
):
    _login(client, people["agent"], demo_password)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("backoffice:queue-export-start"), {"format": "csv", "query": "tab=tous"}
        )
    export = QueueExport.objects.get()
    assert export.status == "done"
    response = client.get(reverse("backoffice:queue-export-download", args=[export.pk]))
    assert response.status_code == 200
    asked, downloaded = AccessEvent.objects.order_by("pk")
    assert (asked.kind, asked.actor, asked.detail) == (
        "export_requested",
        people["agent"],
        "CSV ?tab=tous",
    )
    assert downloaded.kind == "export_downloaded" and "(1 dossiers)" in downloaded.detail
