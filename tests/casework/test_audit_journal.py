"""Every change and every access reaches the audit journal: one entry per history row, with
who (a person or the named system actor), why, through which channel, and on which case;
bulk history, accesses to personal data and Wagtail's own log included."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from casework.history import Via, acting_as_system
from casework.models import Consultation, Department, JournalEntry, JournalSeal
from casework.services.access_log import access_record
from casework.services.cases import case_transition
from casework.services.consultations import consultation_request
from casework.services.sweeps import tick
from cms.models import ProcedurePage
from tests.factories import UserFactory

Event = JournalEntry.Event


def _entries_for(obj) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(
            object_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


def test_each_history_row_of_a_case_is_one_journal_entry_with_who_why_and_where(case, people):
    terrace, staff = case, people
    case_transition(
        case=case,
        to_status="in_progress",
        actor=people["agent"],
        reason="Pièces vérifiées",
        expected_version=0,
    )
    rows = list(case.history.order_by("history_id"))
    entries = _entries_for(case)
    assert [entry.history_id for entry in entries] == [row.history_id for row in rows]
    created, changed = entries[0], entries[-1]
    assert created.event == Event.CREATED and created.channel == Via.CITIZEN_SITE
    assert changed.event == Event.CHANGED
    assert changed.actor == staff["agent"]
    assert changed.actor_label == staff["agent"].get_full_name()
    assert changed.reason == "Pièces vérifiées" and changed.channel == Via.BACK_OFFICE
    assert changed.case_id == terrace.pk and changed.case_reference == terrace.reference
    assert changed.department_id == terrace.department_id
    assert changed.procedure_id == terrace.procedure_id
    assert changed.at == rows[-1].history_date
    assert len(changed.digest) == 64 and changed.digest != created.digest


def test_a_consultation_entry_names_the_consulted_department_and_the_case(terrace, staff):
    finances = Department.objects.get(slug="finances")
    [consultation] = consultation_request(
        case=terrace,
        departments=[finances],
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    [entry] = _entries_for(consultation)
    assert entry.event == Event.CREATED and entry.actor == staff["agent"]
    assert entry.department_id == finances.pk
    assert entry.case_reference == terrace.reference


def test_the_periodic_sweep_signs_its_bulk_reminders_with_the_system_actor(terrace, staff):
    consultations = consultation_request(
        case=terrace,
        departments=list(Department.objects.filter(slug__in=["finances", "police-municipale"])),
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    Consultation.objects.update(due_at=timezone.now() - timedelta(days=2))
    before = JournalEntry.objects.count()
    assert tick(via=Via.PERIODIC_TASK)["reminded"] == 2
    reminders = JournalEntry.objects.filter(
        pk__gt=0, reason="Relance automatique", object_type="casework.consultation"
    )
    assert reminders.count() == len(consultations) == 2
    for entry in reminders:
        assert entry.actor is None
        assert entry.actor_label == "Tâche automatique : délais et relances"
        assert entry.channel == Via.PERIODIC_TASK and entry.event == Event.CHANGED
        assert entry.case_reference == terrace.reference
    assert JournalEntry.objects.count() > before


def test_the_tick_command_names_itself(terrace, staff):
    consultation_request(
        case=terrace,
        departments=[Department.objects.get(slug="finances")],
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    Consultation.objects.update(due_at=timezone.now() - timedelta(days=2))
    tick(via=Via.COMMAND)
    entry = JournalEntry.objects.filter(reason="Relance automatique").get()
    assert entry.actor_label == "Commande casework_tick : délais et relances"
    assert entry.channel == Via.COMMAND


def test_history_aware_bulk_helpers_journal_every_row(terrace, staff):
    consultations = consultation_request(
        case=terrace,
        departments=list(Department.objects.filter(slug__in=["finances", "police-municipale"])),
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    before = JournalEntry.objects.latest("id").id
    consultations = list(Consultation.objects.filter(pk__in=[c.pk for c in consultations]))
    for consultation in consultations:
        consultation.comment = "Relu"
        consultation._change_reason = "Reprise"
    with acting_as_system("Commande : reprise de données", channel=Via.COMMAND):
        bulk_update_with_history(
            consultations, Consultation, ["comment"], default_change_reason="Reprise"
        )
    entries = JournalEntry.objects.filter(pk__gt=before).order_by("id")
    assert [entry.object_id for entry in entries] == [str(c.pk) for c in consultations]
    assert {entry.actor_label for entry in entries} == {"Commande : reprise de données"}
    if connection.vendor == "sqlite":  # on PostgreSQL the seals are written at commit
        assert JournalSeal.objects.filter(entry__in=entries).count() == 2


def test_opening_a_case_is_journaled_with_its_access_log_line(terrace, staff):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = staff["agent"]
    event = access_record(request, "case_opened", case=terrace, detail="fiche")
    entry = JournalEntry.objects.get(event=Event.CASE_OPENED)
    assert entry.history_id == event.pk and entry.address == "192.0.2.7"
    assert entry.actor == staff["agent"] and entry.case_reference == terrace.reference
    assert entry.object_type == "casework.case" and entry.detail == "fiche"


def test_publishing_a_procedure_page_is_mirrored_from_wagtails_log(demo_city, people):
    page = ProcedurePage.objects.get(slug="terrasse")
    page.title = "Terrasses et étalages"
    page.save_revision(user=people["communication"], log_action=True).publish(
        user=people["communication"]
    )
    entries = JournalEntry.objects.filter(event=Event.PAGE_LOGGED, object_id=str(page.pk))
    published = entries.filter(detail="Publier").latest("id")
    assert published.object_type == "cms.procedurepage"
    assert published.procedure_id == page.pk
    assert published.actor == people["communication"]
    assert published.object_label == "Terrasses et étalages"


def test_accounts_are_historised_without_their_password_nor_their_logins(db, client):
    person = UserFactory(username="lea.compta")
    person.set_password("un-secret-de-test")
    person.save()
    group = Group.objects.create(name="Comptabilité")
    person.groups.add(group)
    rows = list(person.history.order_by("history_id"))
    assert not hasattr(rows[-1], "password") and not hasattr(rows[-1], "last_login")
    assert [link.group_id for link in rows[-1].groups.all()] == [group.pk]
    journaled = _entries_for(person)
    assert [entry.history_id for entry in journaled] == [row.history_id for row in rows]
    assert client.login(username="lea.compta", password="un-secret-de-test")
    assert person.history.count() == len(rows)  # a login is not a change of the account


def test_a_department_change_and_an_object_permission_grant_are_historised(terrace, staff):
    from guardian.shortcuts import assign_perm

    department = Department.objects.get(slug="finances")
    department.managers.add(staff["manager"])
    assert department.history.latest().managers.filter(user=staff["manager"]).exists()
    assign_perm("casework.view_case", staff["other"], terrace)
    grant = terrace.caseuserobjectpermission_set.get(user=staff["other"])
    [entry] = _entries_for(grant)
    assert entry.event == Event.CREATED and entry.case_id == terrace.pk


def test_uploads_keep_metadata_only_in_history(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from formbuilder.file_checks import PDF
    from formbuilder.uploads import upload_store
    from tests.formbuilder.test_files import PDF_BYTES

    upload = upload_store(
        uploaded=SimpleUploadedFile("plan.pdf", PDF_BYTES),
        owner="tests",
        allowed=(PDF,),
        max_bytes=1024 * 1024,
    )
    row = upload.history.get()
    assert (row.name, row.size, row.content_type, row.owner) == (
        "plan.pdf",
        len(PDF_BYTES),
        "application/pdf",
        "tests",
    )
    assert not hasattr(row, "file") and not hasattr(row, "token")
    assert _entries_for(upload)[0].object_label == "plan.pdf"
