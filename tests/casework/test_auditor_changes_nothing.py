"""An auditor reads everything and changes nothing: every back-office URL, posted to by the
demo auditor with a real object and plausible data, is refused, and no row anywhere is
added or changed (the access log and its journal entries aside: reading is recorded).

The URLs are read from casework.urls at run time, so a URL added later is walked too."""

import pytest
from django.apps import apps
from django.urls import URLPattern, reverse

from casework.models import (
    AccessEvent,
    Case,
    Consultation,
    Department,
    JournalEntry,
    JournalSeal,
    QueueExport,
    SavedQueueView,
)
from casework.services.consultations import consultation_request
from casework.services.messages import message_to_citizen
from casework.services.notes import note_add
from casework.urls import backoffice_patterns

# Signing in and out changes a session, not the town's data: they are not actions on it.
AUTHENTICATION = {"login", "logout"}
# Rows that reading writes: the access log, the journal's record of it, its seals; and the
# session table.
READING_LEAVES = {
    AccessEvent._meta.label,
    JournalEntry._meta.label,
    JournalSeal._meta.label,
    "sessions.Session",
}
REFUSED = {403, 404, 405}
# The queue's own tools, which an auditor uses to read: saving a filter as a named view and
# asking for a list as a file write the auditor's own row (and the export's access-log
# line), never the town's data. They answer with a redirect, like for anyone.
OWN_ROWS = {"queue-view-save": SavedQueueView, "queue-export-start": QueueExport}
# Whatever a form of the back office may ask for, filled in as a person would.
PLAUSIBLE = {
    "to_status": "in_progress",
    "reason": "Contrôle",
    "expected_version": "0",
    "body": "Bonjour",
    "opinion": "favourable",
    "comment": "D'accord",
    "outcome": "granted",
    "assignee": "",
    "format": "csv",
    "query": "tab=tous",
    "name": "Ma vue",
    "action": "assign",
    "cases": "",
    "organisation": "Préfecture",
}


@pytest.fixture
def world(terrace, staff):
    agent = staff["agent"]
    police = Department.objects.get(slug="police-municipale")
    consultations = consultation_request(
        case=terrace,
        departments=[police],
        actor=agent,
        expected_version=terrace.lock_version,
    )
    case = Case.objects.get(pk=terrace.pk)
    message_to_citizen(case=case, actor=agent, body="Bonjour")
    note_add(case=case, author=agent, body="À voir")
    PLAUSIBLE["department"] = str(police.pk)
    PLAUSIBLE["cases"] = str(case.pk)
    PLAUSIBLE["assignee"] = str(agent.pk)
    return {
        "reference": case.reference,
        "consultation": consultations[0].pk,
        "view": SavedQueueView.objects.create(owner=agent, name="Mes terrasses").pk,
        "export": QueueExport.objects.create(owner=agent, query="tab=tous", format="csv").pk,
        "token": "jeton-inconnu",
        "object_type": "casework.case",
        "object_id": str(case.pk),
        "user_id": agent.pk,
    }


def _arguments(pattern: URLPattern, world: dict) -> dict:
    """A real object for each of the URL's parameters."""
    names = list(pattern.pattern.converters)
    kwargs = {}
    for name in names:
        if name == "pk":
            kwargs[name] = (
                world["view"]
                if pattern.name.startswith("queue-view")
                else world["export"]
                if pattern.name.startswith("queue-export")
                else world["consultation"]
            )
        else:
            kwargs[name] = world[name]
    return kwargs


def _snapshot(auditor) -> dict[str, object]:
    """Every table's rows (their count and contents), but those that reading writes and the
    auditor's own saved views and list exports."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in READING_LEAVES or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk")
        if model in OWN_ROWS.values():
            rows = rows.exclude(owner=auditor)
        rows = rows.values_list()
        state[model._meta.label] = [tuple(map(str, row)) for row in rows]
    return state


def test_every_back_office_url_refuses_an_auditors_post(client, world, people):
    patterns = [p for p in backoffice_patterns[0] if p.name not in AUTHENTICATION]
    assert len(patterns) >= 20  # the walk covers the whole back office
    client.force_login(people["auditor"])
    before = _snapshot(people["auditor"])
    journal_before = JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    answers = {}
    for pattern in patterns:
        url = reverse(f"backoffice:{pattern.name}", kwargs=_arguments(pattern, world))
        answers[pattern.name] = client.post(url, PLAUSIBLE).status_code
    allowed = {
        name: status
        for name, status in answers.items()
        if status not in REFUSED and not (status == 302 and name in OWN_ROWS)
    }
    assert not allowed, f"an auditor's POST was not refused: {allowed}"
    after = _snapshot(people["auditor"])
    changed = [label for label in before if before[label] != after.get(label)]
    assert not changed, f"an auditor's POST changed: {changed}"
    new_entries = JournalEntry.objects.filter(pk__gt=journal_before or 0)
    assert set(new_entries.values_list("event", flat=True)) <= {
        "case_opened",
        "file_downloaded",
        "export_requested",
        "export_downloaded",
    }
    # The auditor's own rows are a saved view and a list export, nothing else.
    auditor = people["auditor"]
    assert list(SavedQueueView.objects.filter(owner=auditor).values_list("name", flat=True)) in (
        [],
        ["Ma vue"],
    )
    assert QueueExport.objects.filter(owner=auditor).count() <= 1


def test_an_auditor_changes_nothing_through_the_audit_views_either(client, world, people):
    client.force_login(people["auditor"])
    before = _snapshot(people["auditor"])
    for name, args in [
        ("audit", []),
        ("audit-object", [world["object_type"], world["object_id"]]),
        ("audit-person", [world["user_id"]]),
    ]:
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(reverse(f"backoffice:{name}", args=args))
            assert response.status_code == 405, (name, method)
    assert _snapshot(people["auditor"]) == before
    assert not Consultation.objects.exclude(opinion="").exists()
