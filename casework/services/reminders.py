"""Late opinions: each department gets at most one reminder a day listing all its late
consultations, on the due date and then every few days; after a few reminders, its
managers are told too. The day's ReminderDigest row is what makes a second run, or a
second worker, send nothing more."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Consultation, Department, ReminderDigest
from .cases import absolute_url
from .notifications import case_site, notification_queue


@dataclass(frozen=True)
class LateItem:
    consultation: Consultation
    days_late: int
    url: str


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
    departments = list(due.values_list("department_id", flat=True).distinct())
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
            .select_related("case__procedure", "department")
        )
        if not items:
            return False
        for consultation in items:
            consultation.reminders_sent += 1
            consultation.last_reminded_on = today
            stamp(consultation, actor=None, reason=_("Relance automatique"), channel=via)
            consultation.save(update_fields=["reminders_sent", "last_reminded_on"])
        department = items[0].department
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
    for recipient in dict.fromkeys(recipients):
        notification_queue(
            case=None,
            site=site,
            kind="late_consultations",
            recipient=recipient,
            subject=subject,
            context={"department": department, "late": late, "escalated": escalated},
        )
