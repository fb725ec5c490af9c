"""The one door for writes to the statistics facts: copying cases and consultations into
CaseFact and ConsultationFact, incrementally or in full. Idempotent: a second run over the
same cases writes the same rows."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casework.models import Case, Consultation, Decision, StatusMeaning, WorkflowStatus
from casework.workflow import SIMPLE_REQUEST
from cms.models import ProcedurePage

from .models import CaseFact, ConsultationFact, FactsWatermark, Outcome

WATERMARK = "facts"
BATCH = 5000
# A case written by a transaction that was still open when the last run read the table has
# an updated_at before that run started: the next run reads a little further back.
OVERLAP = timedelta(minutes=5)
COORDINATE_PLACES = Decimal("0.001")
CASE_COLUMNS = (
    "pk",
    "reference",
    "procedure_id",
    "department_id",
    "channel",
    "category_id",
    "submitted_at",
    "decided_at",
    "decision",
    "status",
    "deadline",
    "latitude",
    "longitude",
)
CONSULTATION_COLUMNS = (
    "pk",
    "case_id",
    "case__department_id",
    "case__procedure_id",
    "case__channel",
    "department_id",
    "requested_at",
    "due_at",
    "answered_at",
    "opinion",
)
# Retention may clear these on the case; the fact keeps what it knew.
KEPT_WHEN_CLEARED = ("category_id", "latitude", "longitude")
CASE_FACT_UPDATES = [
    "reference",
    "procedure_id",
    "procedure_title",
    "department_id",
    "channel",
    "category_id",
    "submitted_at",
    "submitted_on",
    "closed_at",
    "outcome",
    "final_status",
    "processing_days",
    "deadline_days",
    "deadline_met",
    "latitude",
    "longitude",
    "refreshed_at",
]
CONSULTATION_FACT_UPDATES = [
    "case_id",
    "case_department_id",
    "procedure_id",
    "channel",
    "department_id",
    "requested_at",
    "requested_on",
    "due_at",
    "answered_at",
    "days_late",
    "opinion",
    "refreshed_at",
]
DECISION_OUTCOMES = {
    Decision.GRANTED: Outcome.GRANTED,
    Decision.REFUSED: Outcome.REFUSED,
    Decision.IMPLICITLY_GRANTED: Outcome.IMPLICITLY_GRANTED,
    Decision.IMPLICITLY_REFUSED: Outcome.IMPLICITLY_REFUSED,
}
MEANING_OUTCOMES = {
    StatusMeaning.GRANTED: Outcome.GRANTED,
    StatusMeaning.REFUSED: Outcome.REFUSED,
    StatusMeaning.OUTSIDE: Outcome.OUTSIDE,
}


@dataclass(frozen=True)
class RefreshResult:
    cases: int
    consultations: int
    full: bool
    changed_since: datetime | None


def case_facts_refresh(*, full: bool = False, now: datetime | None = None) -> RefreshResult:
    """Copy the cases changed since the last run (all of them with `full`) and their
    consultations into the facts. Cases deleted since are left alone: their facts stay."""
    now = now or timezone.now()
    watermark = FactsWatermark.objects.filter(name=WATERMARK).first()
    since = None if full or watermark is None else watermark.changed_since
    meanings = _status_meanings()
    titles = dict(ProcedurePage.objects.values_list("pk", "title"))
    cases = Case.objects.all() if since is None else Case.objects.filter(updated_at__gt=since)
    case_count = 0
    for batch in _batches(cases.values_list(*CASE_COLUMNS)):
        with transaction.atomic():
            case_count += _write_case_facts(batch, meanings, titles, now)
    consultations = Consultation.objects.all()
    if since is not None:
        # Asking and answering are what the facts record; neither always touches the case.
        # Unanswered ones are read every time: their days late grow with the calendar.
        consultations = consultations.filter(
            Q(requested_at__gt=since)
            | Q(answered_at__gt=since)
            | Q(answered_at__isnull=True)
            | Q(case__updated_at__gt=since)
        )
    consultation_count = 0
    rows = consultations.values_list(*CONSULTATION_COLUMNS)
    for batch in _batches(rows):
        with transaction.atomic():
            consultation_count += _write_consultation_facts(batch, now)
    FactsWatermark.objects.update_or_create(
        name=WATERMARK, defaults={"changed_since": now - OVERLAP, "ran_at": now}
    )
    return RefreshResult(case_count, consultation_count, since is None, since)


def case_facts_record(*, case_ids: list[int], now: datetime | None = None) -> int:
    """Write the facts of these cases and of their consultations now, whatever the
    watermark: for a job about to delete cases (retention) that wants their facts taken
    first. Returns the number of cases written."""
    now = now or timezone.now()
    meanings = _status_meanings()
    titles = dict(ProcedurePage.objects.values_list("pk", "title"))
    written = 0
    cases = Case.objects.filter(pk__in=case_ids).values_list(*CASE_COLUMNS)
    for batch in _batches(cases):
        written += _write_case_facts(batch, meanings, titles, now)
    consultations = Consultation.objects.filter(case_id__in=case_ids).values_list(
        *CONSULTATION_COLUMNS
    )
    for batch in _batches(consultations):
        _write_consultation_facts(batch, now)
    return written


def _batches(rows: Any) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _status_meanings() -> dict[tuple[int | None, str], tuple[bool, str]]:
    """(workflow id, status slug) -> (final, meaning); None is the simple request."""
    known = {(None, s.slug): (s.final, s.meaning) for s in SIMPLE_REQUEST.statuses}
    for workflow_id, slug, final, meaning in WorkflowStatus.objects.values_list(
        "workflow_id", "slug", "final", "meaning"
    ):
        known[(workflow_id, slug)] = (final, meaning)
    return known


def _write_case_facts(
    batch: list[tuple],
    meanings: dict[tuple[int | None, str], tuple[bool, str]],
    titles: dict[int, str],
    now: datetime,
) -> int:
    workflows = dict(ProcedurePage.objects.values_list("pk", "workflow_id"))
    known = {
        row[0]: row[1:]
        for row in CaseFact.objects.filter(case_id__in=[row[0] for row in batch]).values_list(
            "case_id", *KEPT_WHEN_CLEARED
        )
    }
    facts = []
    for values in batch:
        row = dict(zip(CASE_COLUMNS, values, strict=True))
        status = (workflows.get(row["procedure_id"]), row["status"])
        final, meaning = meanings.get(status, (False, ""))
        facts.append(_case_fact(row, final, meaning, titles, known.get(row["pk"]), now))
    CaseFact.objects.bulk_create(
        facts, update_conflicts=True, unique_fields=["case_id"], update_fields=CASE_FACT_UPDATES
    )
    return len(facts)


def _case_fact(
    row: dict[str, Any],
    final: bool,
    meaning: str,
    titles: dict[int, str],
    known: tuple | None,
    now: datetime,
) -> CaseFact:
    submitted_on = timezone.localdate(row["submitted_at"])
    closed_at = row["decided_at"]
    outcome = outcome_of(row["decision"], closed_at is not None or final, meaning)
    processing_days = deadline_met = None
    if closed_at is not None:
        closed_on = timezone.localdate(closed_at)
        processing_days = max(0, (closed_on - submitted_on).days)
        if row["deadline"] is not None:
            deadline_met = closed_on <= row["deadline"]
    deadline_days = None
    if row["deadline"] is not None:
        deadline_days = max(0, (row["deadline"] - submitted_on).days)
    kept = dict(zip(KEPT_WHEN_CLEARED, known or (None,) * len(KEPT_WHEN_CLEARED), strict=True))
    latitude, longitude = _rounded(row["latitude"]), _rounded(row["longitude"])
    if latitude is None or longitude is None:
        latitude, longitude = kept["latitude"], kept["longitude"]
    return CaseFact(
        case_id=row["pk"],
        reference=row["reference"],
        procedure_id=row["procedure_id"],
        procedure_title=titles.get(row["procedure_id"], "")[:255],
        department_id=row["department_id"],
        channel=row["channel"],
        category_id=row["category_id"] or kept["category_id"],
        submitted_at=row["submitted_at"],
        submitted_on=submitted_on,
        closed_at=closed_at,
        outcome=outcome,
        final_status=row["status"],
        processing_days=processing_days,
        deadline_days=deadline_days,
        deadline_met=deadline_met,
        latitude=latitude,
        longitude=longitude,
        refreshed_at=now,
    )


def outcome_of(decision: str, closed: bool, meaning: str) -> str:
    """A case's outcome: its decision if it has one, else what its final status means."""
    if decision in DECISION_OUTCOMES:
        return DECISION_OUTCOMES[decision]
    if not closed:
        return Outcome.OPEN
    return MEANING_OUTCOMES.get(meaning, Outcome.CLOSED_OTHER)


def _rounded(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(COORDINATE_PLACES)


def _write_consultation_facts(batch: list[tuple], now: datetime) -> int:
    facts = []
    for (
        pk,
        case_id,
        case_department_id,
        procedure_id,
        channel,
        department_id,
        requested_at,
        due_at,
        answered_at,
        opinion,
    ) in batch:
        facts.append(
            ConsultationFact(
                consultation_id=pk,
                case_id=case_id,
                case_department_id=case_department_id,
                procedure_id=procedure_id,
                channel=channel,
                department_id=department_id,
                requested_at=requested_at,
                requested_on=timezone.localdate(requested_at),
                due_at=due_at,
                answered_at=answered_at,
                days_late=days_late(due_at, answered_at or now),
                opinion=opinion or "",
                refreshed_at=now,
            )
        )
    ConsultationFact.objects.bulk_create(
        facts,
        update_conflicts=True,
        unique_fields=["consultation_id"],
        update_fields=CONSULTATION_FACT_UPDATES,
    )
    return len(facts)


def days_late(due_at: datetime, answered_at: datetime) -> int:
    """Whole calendar days between the due day and the answer's day; 0 when on time."""
    return max(0, (timezone.localdate(answered_at) - timezone.localdate(due_at)).days)


def default_report_warm() -> None:
    """Compute and keep the statistics page of everything over the last twelve months, as
    the director general first sees it on the default site."""
    from wagtail.models import Site

    from themes.look import look_for_site

    from .filters import default_period
    from .report import cached_statistics_report
    from .scope import Scope
    from .selectors import Filters

    start, end = default_period(timezone.localdate())
    site = Site.objects.filter(is_default_site=True).first()
    bounds = look_for_site(site).theme.map_bounds() if site else {}
    cached_statistics_report(
        Scope(True, frozenset()), Filters(start=start, end=end), bounds or None
    )
