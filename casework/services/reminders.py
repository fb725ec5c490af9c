"""Late opinions: each department gets at most one reminder a day listing all its late
consultations, on the due date and then every few days; after a few reminders, its
managers are told too. The day's ReminderDigest row is what makes a second run, or a
second worker, send nothing more."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Consultation, Department, ReminderDigest
from .cases import absolute_url
from .notifications import case_site, notification_copy, notification_queue


@dataclass(frozen=True)
class LateItem:
    consultation: Consultation
    days_late: int
    url: str


_CONSULTATION_FIELDS = [field.name for field in Consultation._meta.concrete_fields]


def late_consultations(now: Any) -> QuerySet[Consultation]:
    """Unanswered consultations past due, on cases still open."""
    return Consultation.objects.filter(
        answered_at__isnull=True, due_at__lt=now, case__decided_at__isnull=True
    )


def reminders_send(*, now: Any = None, via: str = Via.PERIODIC_TASK) -> int:
    """Send today's reminders; returns how many departments were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    every = timedelta(days=settings.GUICHET_REMINDER_EVERY_DAYS)
    due = late_consultations(now).filter(
        Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=today - every)
    )
    # order_by(): the model's ordering (due_at, pk) would otherwise join the DISTINCT and
    # give one "department" per late consultation, each then refused by its digest row.
    departments = list(due.order_by().values_list("department_id", flat=True).distinct())
    return sum(_remind(department_id, due, now=now, via=via) for department_id in departments)


def _remind(department_id: int, due: QuerySet[Consultation], *, now: Any, via: str) -> bool:
    today = timezone.localdate(now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = ReminderDigest.objects.create(department_id=department_id, day=today)
        except IntegrityError:
            return False  # today's reminder is sent, or being sent by another worker
        items = list(
            due.filter(department_id=department_id)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("case")
            # A digest shows a case's reference and procedure only: the other columns
            # (the answers above all) are not worth reading for hundreds of rows.
            .only(*_CONSULTATION_FIELDS, "case__reference", "case__procedure")
        )
        if not items:
            return False
        _attach_procedures(items)
        reason = _("Relance automatique")
        for consultation in items:
            consultation.reminders_sent += 1
            consultation.last_reminded_on = today
            stamp(consultation, actor=None, reason=reason, channel=via)  # read by the history
        # One UPDATE and one INSERT of history rows for the whole digest rather than two
        # statements per consultation: a department may have hundreds of late opinions.
        # The rows are locked above, so the counts written are the ones read plus one.
        Consultation.objects.filter(pk__in=[item.pk for item in items]).update(
            reminders_sent=F("reminders_sent") + 1, last_reminded_on=today
        )
        Consultation.history.bulk_history_create(
            items,
            update=True,
            default_change_reason=reason,
            custom_historical_attrs={"history_channel": via},
        )
        department = Department.objects.get(pk=department_id)
        escalated = any(
            item.reminders_sent > settings.GUICHET_REMINDER_ESCALATE_AFTER for item in items
        )
        digest.escalated = escalated
        digest.save(update_fields=["escalated"])
        _send(department, items, now=now, escalated=escalated)
        return True


def _send(department: Department, items: list[Consultation], *, now: Any, escalated: bool) -> None:
    # One site lookup per procedure, not per late item: a digest may list hundreds.
    sites = {}
    for item in items:
        if item.case.procedure_id not in sites:
            sites[item.case.procedure_id] = case_site(item.case)
    site = sites[items[0].case.procedure_id]
    late = [
        LateItem(
            consultation=item,
            days_late=max(1, (now - item.due_at).days),
            url=absolute_url(
                "backoffice:case", site=sites[item.case.procedure_id], reference=item.case.reference
            ),
        )
        for item in items
    ]
    recipients = [department.email]
    if escalated:
        recipients += list(department.managers.exclude(email="").values_list("email", flat=True))
    subject = _("%(count)s avis en retard pour le service %(department)s") % {
        "count": len(items),
        "department": department.name,
    }
    addresses = [address for address in dict.fromkeys(recipients) if address]
    if not addresses:
        return
    notification = notification_queue(
        case=None,
        site=site,
        kind="late_consultations",
        recipient=addresses[0],
        subject=subject,
        context={"department": department, "late": late, "escalated": escalated},
    )
    # The digest names no recipient, so the managers get the same bodies: a digest of
    # hundreds of items is worth rendering once rather than once per manager.
    for address in addresses[1:]:
        notification_copy(notification, recipient=address)


def _attach_procedures(items: list[Consultation]) -> None:
    """Each item's procedure page, read once per procedure rather than joined to every
    row: a page is wide, and a digest lists hundreds of cases of a few procedures."""
    from cms.models import ProcedurePage

    ids = {item.case.procedure_id for item in items}
    pages = ProcedurePage.objects.in_bulk(ids)
    for item in items:
        item.case.procedure = pages[item.case.procedure_id]
