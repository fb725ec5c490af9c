"""The auditor's views: the journal's timeline, an object's history and its state at a date,
a person's acts and views, and their CSV exports; read by auditors only."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from casework.audit_timeline import make_cursor
from casework.history import Via, stamp
from casework.models import Case, Consultation, Department, JournalEntry, Opinion
from casework.object_history import state_as_of
from casework.services.consultations import consultation_request, opinion_give
from casework.services.decisions import decision_take
from casework.services.messages import message_to_citizen
from casework.services.notes import note_add
from cms.models import ProcedurePage

TIMELINE = reverse("backoffice:audit")


def _object_url(obj) -> str:
    return reverse("backoffice:audit-object", args=[obj._meta.label_lower, obj.pk])


def _person_url(user) -> str:
    return reverse("backoffice:audit-person", args=[user.pk])


@pytest.fixture
def auditor(client, people, demo_password):
    assert client.login(username="alain.audit", password=demo_password)
    return people["auditor"]


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def terrace_story(terrace, staff):
    """The terrace story to its end: police blocks it, then agrees with reserves, finances
    agrees, the agent corrects an answer, writes to the citizen and a note, and the elected
    official grants it."""
    finances, police = consultation_request(
        case=terrace,
        departments=list(
            Department.objects.filter(slug__in=["finances", "police-municipale"]).order_by("slug")
        ),
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    opinion_give(
        consultation=police,
        actor=staff["police"],
        opinion=Opinion.UNFAVOURABLE,
        comment="Trois plaintes pour bruit cet été.",
    )
    opinion_give(
        consultation=police, actor=staff["police"], opinion=Opinion.RESERVED, comment="22 h."
    )
    opinion_give(
        consultation=finances, actor=staff["finances"], opinion=Opinion.FAVOURABLE, comment=""
    )
    case = _fresh(terrace)
    case.answers = {**case.answers, "raison_sociale": "Café de la Grand-Place"}
    stamp(case, actor=staff["agent"], reason="Nom corrigé au téléphone", channel=Via.BACK_OFFICE)
    case.save()
    message_to_citizen(case=case, actor=staff["agent"], body="Votre dossier avance.")
    note_add(case=case, author=staff["agent"], body="Voir la police pour l'horaire.")
    case = _fresh(terrace)
    decision_take(
        case=case,
        actor=staff["elected"],
        outcome="granted",
        reason="Terrasse ouverte jusqu'à 22 h.",
        expected_version=case.lock_version,
    )
    return _fresh(terrace)


def test_the_timeline_shows_the_journal_newest_first_with_links(client, auditor, terrace_story):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    rows = response.context["rows"]
    ids = [row.entry.pk for row in rows]
    assert ids == sorted(ids, reverse=True)
    assert rows[0].entry.pk == JournalEntry.objects.order_by("-pk").first().pk
    html = response.content.decode()
    assert terrace_story.reference in html
    assert _object_url(terrace_story) in html
    assert "Journal d'audit" in html  # the navigation offers it to the auditor


def test_the_timeline_filters_by_each_criterion(client, auditor, terrace_story, staff):
    police = Department.objects.get(slug="police-municipale")
    cases = {
        "department": police.pk,
        "event": "changed",
        "object_type": "casework.consultation",
        "reference": terrace_story.reference.lower(),
        "procedure": terrace_story.procedure_id,
        "actor": "julie.police",
    }
    for key, value in cases.items():
        response = client.get(TIMELINE, {key: value})
        assert response.status_code == 200
        assert not response.context["form"].errors, key
        entries = [row.entry for row in response.context["rows"]]
        assert entries, key
        if key == "department":
            assert {e.department_id for e in entries} == {police.pk}
        if key == "event":
            assert {e.event for e in entries} == {"changed"}
        if key == "object_type":
            assert {e.object_type for e in entries} == {"casework.consultation"}
        if key == "reference":
            assert {e.case_id for e in entries} == {terrace_story.pk}
        if key == "procedure":
            assert {e.procedure_id for e in entries} == {terrace_story.procedure_id}
        if key == "actor":
            assert {e.actor_id for e in entries} == {staff["police"].pk}
    # A person is also found by a part of their name.
    by_name = client.get(TIMELINE, {"actor": "julie"})
    assert {row.entry.actor_id for row in by_name.context["rows"]} == {staff["police"].pk}


def test_object_types_are_offered_under_their_french_names(client, auditor):
    choices = dict(client.get(TIMELINE).context["form"].fields["object_type"].choices)
    assert choices["casework.case"] == "Dossier"
    assert choices["casework.consultation"] == "Demande d'avis"


def test_a_date_range_becomes_a_range_of_ids(client, auditor, demo_city):
    # The journal is written in time order: these come after the demo's own entries (the
    # table is append-only, so they cannot be cleared first), in days to come.
    now = timezone.now()
    first = JournalEntry.objects.create(event="created", at=now + timedelta(days=10))
    second = JournalEntry.objects.create(event="created", at=now + timedelta(days=20))
    third = JournalEntry.objects.create(event="created", at=now + timedelta(days=30))

    def shown(**query):
        return [row.entry for row in client.get(TIMELINE, query).context["rows"]]

    # The filter reads dates in the town's time zone: near midnight UTC is already tomorrow.
    day = lambda days: timezone.localdate(now + timedelta(days=days))  # noqa: E731
    assert shown(du=day(15).isoformat(), au=day(25).strftime("%d/%m/%Y")) == [second]
    assert shown(du=day(15).isoformat()) == [third, second]
    assert shown(au=day(25).isoformat())[:2] == [second, first]
    assert shown(du=day(20).isoformat(), au=day(20).isoformat()) == [second]
    # A range with nothing in it is empty, not the whole journal.
    assert shown(du=day(40).isoformat()) == []
    assert shown(au=day(-4000).isoformat()) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"du": "31/02/2026"}, "du", "Saisissez une date, par exemple 31/12/2026."),
        ({"du": "2026-05-02", "au": "2026-05-01"}, "au", "Cette date précède la date de début."),
        ({"department": "999999"}, "department", "Ce service n'existe pas : choisissez-en un."),
        ({"department": "abc"}, "department", "Ce service n'existe pas : choisissez-en un."),
        ({"procedure": "1' OR 1=1"}, "procedure", "Cette démarche n'existe pas"),
        ({"event": "hacked"}, "event", "Cet événement n'existe pas"),
        ({"object_type": "auth.nothing"}, "object_type", "Ce type d'objet n'existe pas"),
        ({"actor": "personne.inconnue"}, "actor", "Personne ne porte ce nom"),
        ({"reference": "TER-1999-999999"}, "reference", "Aucun dossier ne porte ce numéro."),
        ({"reference": "X" * 40}, "reference", "au plus 32 signes"),
    ],
)
def test_a_malformed_filter_is_an_error_at_its_field_and_is_not_applied(
    client, auditor, terrace_story, query, field, message
):
    response = client.get(TIMELINE, query)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message.split(" : ")[0].split(",")[0] in response.content.decode().replace("&#x27;", "'")
    # The page is the journal unfiltered by the wrong value.
    assert len(response.context["rows"]) == min(50, JournalEntry.objects.count())


def test_pages_follow_each_other_by_a_signed_cursor(client, auditor, demo_city):
    JournalEntry.objects.bulk_create(
        JournalEntry(event="case_opened", actor_label=f"agent {n}") for n in range(120)
    )
    total = JournalEntry.objects.count()
    seen: list[int] = []
    url = TIMELINE
    pages = 0
    while url:
        response = client.get(url)
        seen += [row.entry.pk for row in response.context["rows"]]
        url = response.context.get("next_url")
        pages += 1
    assert pages == -(-total // 50)
    assert seen == sorted(JournalEntry.objects.values_list("pk", flat=True), reverse=True)
    # A cursor that was tampered with starts from the first page, and says so.
    forged = make_cursor(seen[60])[:-2] + "xx"
    response = client.get(TIMELINE, {"apres": forged})
    assert response.status_code == 200
    assert response.context["page"].cursor_refused
    assert [row.entry.pk for row in response.context["rows"]] == seen[:50]
    assert "ce lien de page n'est pas valable" in response.content.decode()


def test_a_case_history_shows_its_diffs_and_the_events_that_belong_to_it(
    client, auditor, terrace_story
):
    response = client.get(_object_url(terrace_story))
    assert response.status_code == 200
    html = response.content.decode()
    steps = response.context["steps"]
    changes = {change.label: change for step in steps for change in step.changes}
    # The answer that changed, under its question's title, and nothing else of the answers.
    corrected = next(c for c in changes.values() if c.field == "answers.raison_sociale")
    assert (corrected.old, corrected.new) == ("Café de la Place", "Café de la Grand-Place")
    assert not any(c.field == "answers.siret" for c in changes.values())
    assert "Nom corrigé au téléphone" in html
    assert "Espace agents" in html  # the channel, in words
    related = response.context["related"]
    labels = [item.label for item in related]
    police = Consultation.objects.get(case=terrace_story, department__slug="police-municipale")
    assert any("Police municipale" in label for label in labels)
    decision = next(item for item in related if item.label.startswith("Décision"))
    assert "Décision favorable" in decision.label
    assert _object_url(police) in html
    assert any(item.object_type == "casework.casemessage" for item in related)
    assert any(item.object_type == "casework.internalnote" for item in related)


def test_the_opinion_that_blocked_the_case_has_its_own_history(client, auditor, terrace_story):
    police = Consultation.objects.get(case=terrace_story, department__slug="police-municipale")
    response = client.get(_object_url(police))
    assert response.status_code == 200
    opinions = [
        (change.old, change.new)
        for step in response.context["steps"]
        for change in step.changes
        if change.field == "opinion"
    ]
    assert ("Défavorable", "Favorable avec réserves") in opinions
    assert response.context["related"][0].object_id == str(terrace_story.pk)


def test_the_state_as_of_a_date_is_shown_field_by_field(client, auditor, terrace_story):
    history = list(terrace_story.history.order_by("history_date", "history_id"))
    corrected = next(
        row for row in history if row.history_change_reason == "Nom corrigé au téléphone"
    )
    # The story happens within a second: the instant just before the correction is asked
    # of the function itself, the form being to the minute.
    before = state_as_of(Case, terrace_story.pk, corrected.history_date - timedelta(microseconds=1))
    values = dict(before.fields)
    assert before.exists and values["Raison sociale"] == "Café de la Place"
    assert values["Décision"] == "(vide)"
    response = client.get(_object_url(terrace_story), {"au": "2026-12-31T23:59"})
    fields = dict(response.context["as_of"].fields)
    assert "Café de la Grand-Place" in fields.values()
    assert fields["Décision"] == "Décision favorable"
    assert "État au 31/12/2026 23:59" in response.content.decode()
    early = client.get(_object_url(terrace_story), {"au": "2001-01-01T00:00"})
    assert "n'existait pas encore" in early.content.decode()


def test_a_malformed_as_of_date_is_an_error_at_its_field(client, auditor, terrace_story):
    response = client.get(_object_url(terrace_story), {"au": "hier midi"})
    assert response.status_code == 200
    assert response.context["as_of"] is None
    assert "Saisissez une date et une heure" in response.content.decode()


def test_looking_at_a_case_in_the_journal_is_itself_recorded(client, auditor, terrace_story):
    client.get(_object_url(terrace_story))
    entry = JournalEntry.objects.filter(event="case_opened").latest("pk")
    assert (entry.actor_id, entry.case_id) == (auditor.pk, terrace_story.pk)
    # ...and is listed among the case's consultations.
    response = client.get(_object_url(terrace_story))
    assert entry.pk in [row.entry.pk for row in response.context["rows"]]


@pytest.mark.parametrize(
    "path",
    ["casework.nothing/1", "casework.case/abc", "casework.case/999999", "auth/1"],
)
def test_an_unknown_object_is_not_found(client, auditor, demo_city, path):
    object_type, object_id = path.split("/")
    url = reverse("backoffice:audit-object", args=[object_type, object_id])
    assert client.get(url).status_code == 404


def test_a_page_shows_its_wagtail_log_and_revisions(client, auditor, people):
    page = ProcedurePage.objects.get(slug="terrasse")
    page.title = "Demander une terrasse"
    page.save_revision(user=people["communication"], log_action=True).publish(
        user=people["communication"]
    )
    response = client.get(_object_url(page))
    assert response.status_code == 200
    assert response.context["revisions"]
    assert any("claire.com" in event.actor for event in response.context["log"])
    assert "Révision n°" in response.content.decode()


def test_a_persons_page_counts_what_they_did_and_saw(client, auditor, terrace_story, staff):
    agent = staff["agent"]
    client.force_login(agent)
    client.get(reverse("backoffice:case", args=[terrace_story.reference]))
    client.force_login(auditor)
    response = client.get(_person_url(agent))
    assert response.status_code == 200
    done = dict(response.context["counts"]["done"])
    seen = dict(response.context["counts"]["seen"])
    assert done["Modification"] >= 1 and seen["Dossier consulté"] == 1
    assert all(row.entry.actor_id == agent.pk for row in response.context["rows"])
    assert not any(row.entry.event == "case_opened" for row in response.context["rows"])
    viewed = client.get(_person_url(agent), {"vue": "consultations"})
    assert [row.entry.event for row in viewed.context["rows"]] == ["case_opened"]
    future = (timezone.now() + timedelta(days=3)).date().isoformat()
    later = client.get(_person_url(agent), {"du": future})
    assert later.context["rows"] == [] and later.context["counts"]["done"] == []
    wrong = client.get(_person_url(agent), {"du": "demain"})
    assert "Saisissez une date" in wrong.content.decode()
    assert client.get(reverse("backoffice:audit-person", args=[987654])).status_code == 404


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_a_filtered_timeline_exports_as_csv_and_the_export_is_recorded(
    client, auditor, terrace_story
):
    JournalEntry.objects.create(
        event="changed", actor_label='=HYPERLINK("http://x")', case=terrace_story
    )
    response = client.get(TIMELINE, {"reference": terrace_story.reference, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:3] == ["N°", "Le", "Auteur"]
    assert rows[1][2] == '\'=HYPERLINK("http://x")'  # a formula stays text
    expected = JournalEntry.objects.filter(case=terrace_story).exclude(event="audit_exported")
    assert len(rows) - 1 == expected.count()
    exported = JournalEntry.objects.filter(event="audit_exported").get()
    assert exported.actor_id == auditor.pk
    assert f"Numéro de dossier : {terrace_story.reference}" in exported.detail


def test_an_object_and_a_person_export_as_csv_too(client, auditor, terrace_story, staff):
    rows = _csv(client.get(_object_url(terrace_story), {"format": "csv"}))
    assert rows[0] == [
        "Le",
        "Auteur",
        "Canal",
        "Événement",
        "Motif",
        "Champ",
        "Ancienne valeur",
        "Nouvelle valeur",
    ]
    assert any(row[6:] == ["Café de la Place", "Café de la Grand-Place"] for row in rows)
    rows = _csv(client.get(_person_url(staff["police"]), {"format": "csv"}))
    assert len(rows) > 1 and all("Julie" in row[2] for row in rows[1:])
    details = list(
        JournalEntry.objects.filter(event="audit_exported").values_list("detail", flat=True)
    )
    assert len(details) == 2
    assert any(detail.startswith("Historique : Dossier") for detail in details)


ROLES = ["agent", "other", "manager", "elected", "finances"]


@pytest.mark.parametrize("role", ROLES)
def test_no_one_but_an_auditor_reads_the_audit_views(client, staff, terrace_story, role):
    client.force_login(staff[role])
    for url in (
        TIMELINE,
        _object_url(terrace_story),
        _person_url(staff["agent"]),
        f"{TIMELINE}?format=csv",
    ):
        assert client.get(url).status_code == 403, (role, url)
    case_page = client.get(reverse("backoffice:case", args=[terrace_story.reference]))
    if case_page.status_code == 200:
        assert "Journal d'audit" not in case_page.content.decode()
    assert not JournalEntry.objects.filter(event="audit_exported").exists()


def test_a_visitor_is_sent_to_sign_in(client, staff, terrace_story):
    for url in (TIMELINE, _object_url(terrace_story), _person_url(staff["agent"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("backoffice:login"))


def test_a_citizen_account_is_refused(client, terrace_story):
    citizen = get_user_model().objects.create_user("usager", "u@exemple.fr", "secret-123")
    client.force_login(citizen)
    assert client.get(TIMELINE).status_code == 403


def test_the_case_page_links_the_auditor_to_the_cases_journal(client, auditor, terrace_story):
    html = client.get(reverse("backoffice:case", args=[terrace_story.reference])).content
    assert "Journal d'audit du dossier" in html.decode()
    assert _object_url(terrace_story) in html.decode()
