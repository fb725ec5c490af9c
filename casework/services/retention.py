"""The retention job: closed cases whose procedure's retention period is over lose their
personal data (or are deleted), and the access log loses its old lines.

Run daily by Celery beat (casework.retention.tasks) and by `manage.py retention_sweep`.
Idempotent: a redacted case has its `retention.Redaction` row and is never picked again;
purged access lines are gone. What each case loses is decided in casework/retention/redaction.py.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ProcedurePage

from ..audit_guard import redaction_allowed
from ..history import Via, acting_as_system
from ..models import AccessEvent, Case, JournalEntry
from ..retention.models import Redaction
from ..retention.redaction import SYSTEM_ACTOR, DueCase, case_redact, retention_reason

logger = logging.getLogger(__name__)

BATCH = 50  # cases per transaction: each holds its row locks only that long
PURGE_BATCH = 5000


@dataclass
class RetentionReport:
    """What a sweep did, or with `dry_run` what it would do."""

    dry_run: bool
    cases: list[DueCase] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    access_cutoff: datetime | None = None
    access_events: int = 0
    addresses: int = 0  # journal access entries whose IP address was cleared

    @property
    def anonymised(self) -> int:
        return sum(1 for due in self.cases if due.rule != "delete")

    @property
    def deleted(self) -> int:
        return sum(1 for due in self.cases if due.rule == "delete")


def retention_sweep(*, now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Redact every expired closed case, then purge the access log past its period."""
    now = now or timezone.now()
    report = RetentionReport(dry_run=dry_run)
    procedures = {page.pk: page for page in ProcedurePage.objects.all()}
    due = cases_due(procedures=procedures, now=now)
    if dry_run:
        report.cases = [_due(case, procedures) for case in due.order_by("decided_at", "pk")]
    else:
        _refresh_statistics(due)
        _redact_all(due, procedures, report)
    _purge_access_log(now=now, report=report)
    return report


def cases_due(*, procedures: dict[int, ProcedurePage], now: datetime) -> QuerySet[Case]:
    """Closed cases past their procedure's retention period, not yet redacted."""
    expired = Q(pk__in=[])
    for page in procedures.values():
        cutoff = now - relativedelta(months=page.retention_months)
        expired |= Q(procedure_id=page.pk, decided_at__lt=cutoff)
    done = Redaction.objects.values("case_id")
    return Case.objects.filter(expired, decided_at__isnull=False).exclude(pk__in=done)


def _due(case: Case, procedures: dict[int, ProcedurePage]) -> DueCase:
    page = procedures[case.procedure_id]
    return DueCase(
        case_id=case.pk,
        reference=case.reference,
        procedure_title=page.title,
        rule=page.retention_rule,
        retention_months=page.retention_months,
        closed_at=case.decided_at,
    )


def _refresh_statistics(due: QuerySet[Case]) -> None:
    """The statistics facts must know a case before it is deleted or redacted: they are
    what stays true of it afterwards."""
    if not apps.is_installed("casework.statistics") or not due.exists():
        return
    from casework.statistics.services import case_facts_refresh

    with acting_as_system(SYSTEM_ACTOR, channel=Via.PERIODIC_TASK):
        case_facts_refresh()


def _redact_all(
    due: QuerySet[Case], procedures: dict[int, ProcedurePage], report: RetentionReport
) -> None:
    skipped: set[int] = set()
    with acting_as_system(SYSTEM_ACTOR, channel=Via.PERIODIC_TASK):
        while True:
            with redaction_allowed():
                # skip_locked: a case another worker (or a second sweep) holds is left
                # for it, rather than waited for.
                batch = list(
                    due.exclude(pk__in=skipped)
                    .select_for_update(skip_locked=True)
                    .order_by("decided_at", "pk")[:BATCH]
                )
                for case in batch:
                    if not _redact_one(case, procedures, report):
                        skipped.add(case.pk)  # left for a person to look at
            if not batch:
                return


def _redact_one(case: Case, procedures: dict[int, ProcedurePage], report: RetentionReport) -> bool:
    due = _due(case, procedures)
    reason = retention_reason(
        rule=due.rule, months=due.retention_months, procedure_title=due.procedure_title
    )
    try:
        with redaction_allowed():  # a savepoint: one failing case does not undo the batch
            case_redact(case=case, due=due, reason=reason)
    except Exception:  # noqa: BLE001 — one broken case must not stop the others' redaction
        logger.exception("Retention could not redact case %s", case.reference)
        report.failed.append(case.reference)
        return False
    report.cases.append(due)
    return True


def _purge_access_log(*, now: datetime, report: RetentionReport) -> None:
    """Access-log lines older than the period go; one journal entry says how many and up
    to when. The journal's own access entries stay, without the address: they are the
    tamper-evident chain, and still say who saw which case."""
    cutoff = now - timedelta(days=settings.GUICHET_ACCESS_LOG_RETENTION_DAYS)
    report.access_cutoff = cutoff
    old = AccessEvent.objects.filter(at__lt=cutoff)
    # The journal's access entries copy the address the person came from: it goes with
    # the line. Their digest covered the line, which is gone: `audit verify` excuses access
    # entries older than a purge, so clearing the address there breaks nothing.
    addresses = JournalEntry.objects.filter(
        at__lt=cutoff, event__in=AccessEvent.Kind.values, address__isnull=False
    )
    if report.dry_run:
        report.access_events = old.count()
        report.addresses = addresses.count()
        return
    with acting_as_system(SYSTEM_ACTOR, channel=Via.PERIODIC_TASK):
        report.access_events = _in_batches(old, lambda rows: rows.delete()[0])
        report.addresses = _in_batches(addresses, lambda rows: rows.update(address=None))
        if report.access_events or report.addresses:
            _journal_purge(report.access_events, report.addresses, cutoff)


def _in_batches(rows: QuerySet, change: Callable[[QuerySet], int]) -> int:
    """Apply `change` to `rows` a batch at a time, each batch its own short transaction."""
    total = 0
    while True:
        with redaction_allowed():
            ids = list(rows.order_by("pk").values_list("pk", flat=True)[:PURGE_BATCH])
            if not ids:
                return total
            total += change(rows.model.objects.filter(pk__in=ids))


def _journal_purge(total: int, addresses: int, cutoff: datetime) -> None:
    from .journal import journal_record

    days = settings.GUICHET_ACCESS_LOG_RETENTION_DAYS
    journal_record(
        JournalEntry.Event.PURGED,
        actor_label=SYSTEM_ACTOR,
        channel=Via.PERIODIC_TASK,
        reason=_(
            "Conservation des données : lignes du journal des accès de plus de %(days)d jours "
            "supprimées"
        )
        % {"days": days},
        detail=_(
            "%(count)d ligne(s) antérieure(s) au %(cutoff)s ; adresse IP effacée de "
            "%(addresses)d entrée(s) d'accès du journal"
        )
        % {
            "count": total,
            "addresses": addresses,
            "cutoff": timezone.localtime(cutoff).strftime("%d/%m/%Y %H:%M"),
        },
    )
