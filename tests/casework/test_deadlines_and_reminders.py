"""Deadlines run by themselves: business days skip French public holidays, silence decides
at the deadline, a request for documents suspends or resets the clock, and late
departments get one reminder a day, escalating to their managers. Running the sweep twice
changes nothing more."""

from datetime import date, timedelta
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from casework.deadlines import deadline_from, easter_sunday, french_public_holidays
from casework.history import Via
from casework.models import Case, Consultation, Department, Notification, ReminderDigest
from casework.services.consultations import consultation_request
from casework.services.messages import citizen_reply, message_to_citizen
from casework.services.sweeps import tick


def test_easter_and_the_french_public_holidays():
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    holidays = french_public_holidays(2026)
    assert len(holidays) == 11
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)} <= holidays  # moving ones
    assert date(2026, 7, 14) in holidays and date(2026, 11, 11) in holidays


def test_business_days_skip_weekends_and_holidays():
    # Thursday 30 April 2026 + 3 business days: Friday 1 May is a holiday, then the weekend.
    assert deadline_from(date(2026, 4, 30), 3, business_days=True) == date(2026, 5, 6)
    assert deadline_from(date(2026, 4, 30), 3, business_days=False) == date(2026, 5, 3)


def _past_deadline(case: Case, days: int = 1) -> Case:
    Case.objects.filter(pk=case.pk).update(deadline=timezone.localdate() - timedelta(days=days))
    return Case.objects.get(pk=case.pk)


def test_silence_refuses_a_terrace_at_its_deadline_once_and_tells_the_citizen(terrace):
    _past_deadline(terrace)
    assert tick(via=Via.PERIODIC_TASK)["decided"] == 1
    case = Case.objects.get(pk=terrace.pk)
    assert (case.status, case.decision) == ("refused", "implicit_refused")
    assert case.decided_by is None and "le silence vaut refus" in case.decision_reason
    last = case.history.first()
    assert last.history_user is None and last.history_channel == Via.PERIODIC_TASK
    told = Notification.objects.filter(recipient="cafe@exemple.fr", kind="status_changed")
    assert told.count() == 1
    assert tick(via=Via.PERIODIC_TASK)["decided"] == 0  # twice is once
    assert told.count() == 1


def test_silence_decides_nothing_before_the_deadline_nor_where_it_means_nothing(terrace, procedure):
    assert tick(via=Via.PERIODIC_TASK)["decided"] == 0
    from casework.services.cases import case_submit

    birth = case_submit(
        procedure=procedure,
        form_version=procedure.form.current_version,
        answers={},
        citizen_email="b@exemple.fr",
    ).case
    _past_deadline(birth)  # a simple request: silence decides nothing
    assert tick(via=Via.PERIODIC_TASK)["decided"] == 0
    assert Case.objects.get(pk=birth.pk).decided_at is None


def test_documents_asked_suspend_the_clock_and_silence_waits(terrace, staff):
    deadline = terrace.deadline
    message_to_citizen(
        case=terrace,
        actor=staff["agent"],
        body="Le plan, s'il vous plaît.",
        asks_for_documents=True,
    )
    suspended = _past_deadline(terrace)
    assert suspended.clock_suspended_at is not None
    assert tick(via=Via.PERIODIC_TASK)["decided"] == 0  # waiting for the citizen
    Case.objects.filter(pk=terrace.pk).update(
        deadline=deadline, clock_suspended_at=timezone.now() - timedelta(days=5)
    )
    citizen_reply(case=Case.objects.get(pk=terrace.pk), body="Voici", files=[_file()])
    resumed = Case.objects.get(pk=terrace.pk)
    assert resumed.clock_suspended_at is None
    assert resumed.deadline == deadline + timedelta(days=5)  # it went on where it stopped


def test_a_workflow_may_reset_the_clock_on_the_answer(terrace, staff):
    from casework.models import Workflow

    Workflow.objects.filter(slug="autorisation-terrasse").update(documents_clock="reset")
    message_to_citizen(case=terrace, actor=staff["agent"], body="Le plan.", asks_for_documents=True)
    citizen_reply(case=Case.objects.get(pk=terrace.pk), body="Voici", files=[_file()])
    resumed = Case.objects.get(pk=terrace.pk)
    assert resumed.deadline == timezone.localdate() + timedelta(days=60)


def _file() -> dict:
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
    return {"upload": upload.token, "name": "plan.pdf"}


def _late(terrace, staff, days_late: int) -> list[Consultation]:
    consultations = consultation_request(
        case=terrace,
        departments=list(Department.objects.filter(slug__in=["finances", "police-municipale"])),
        actor=staff["agent"],
        expected_version=terrace.lock_version,
    )
    Consultation.objects.update(due_at=timezone.now() - timedelta(days=days_late))
    return consultations


def test_late_departments_get_one_digest_a_day_whatever_the_sweeps(terrace, staff):
    _late(terrace, staff, days_late=2)
    assert tick(via=Via.PERIODIC_TASK)["reminded"] == 2
    assert tick(via=Via.PERIODIC_TASK)["reminded"] == 0  # same day: nothing more
    digests = Notification.objects.filter(kind="late_consultations")
    assert sorted(digests.values_list("recipient", flat=True)) == [
        "finances@val-fleuri.example",
        "police@val-fleuri.example",
    ]
    assert "TER-2026-000001" in digests.first().body_text
    assert "2 jours de retard" in digests.first().body_text
    assert set(Consultation.objects.values_list("reminders_sent", flat=True)) == {1}


def test_reminders_come_back_every_few_days_then_reach_the_manager(terrace, staff, settings):
    settings.GUICHET_REMINDER_EVERY_DAYS = 3
    settings.GUICHET_REMINDER_ESCALATE_AFTER = 2
    Department.objects.get(slug="finances").managers.add(staff["manager"])
    _late(terrace, staff, days_late=1)
    now = timezone.now()
    for day in range(0, 10):
        tick(now=now + timedelta(days=day), via=Via.PERIODIC_TASK)
    finances = Consultation.objects.get(department__slug="finances")
    assert finances.reminders_sent == 4  # days 0, 3, 6 and 9
    assert ReminderDigest.objects.filter(department__slug="finances").count() == 4
    to_manager = Notification.objects.filter(
        kind="late_consultations", recipient=staff["manager"].email
    )
    assert to_manager.count() == 2  # from the third reminder on
    assert "en tant que responsable" in to_manager.first().body_text


def test_an_answered_consultation_is_no_longer_reminded(terrace, staff):
    from casework.services.consultations import opinion_give

    finances, _police = _late(terrace, staff, days_late=1)
    opinion_give(consultation=finances, actor=staff["finances"], opinion="favourable", comment="")
    tick(via=Via.PERIODIC_TASK)
    assert not Notification.objects.filter(
        kind="late_consultations", recipient="finances@val-fleuri.example"
    ).exists()


def test_the_case_page_shows_who_is_late_and_by_how_much(client, terrace, staff, demo_password):
    _late(terrace, staff, days_late=3)
    assert client.login(username="nadia.voirie", password=demo_password)
    html = client.get(f"/bureau/dossiers/{terrace.reference}/").content.decode()
    assert "2 en retard" in html and "En retard de 3 jours" in html


def test_the_tick_command_runs_the_same_sweep(terrace):
    _past_deadline(terrace)
    out = StringIO()
    call_command("casework_tick", stdout=out)
    assert "1 dossier(s) décidé(s)" in out.getvalue()
    case = Case.objects.get(pk=terrace.pk)
    assert case.history.first().history_channel == Via.COMMAND
    assert get_user_model().objects.filter(pk=case.decided_by_id).count() == 0
