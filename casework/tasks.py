"""Celery tasks. Each is idempotent: running it twice has the effect of running it once."""

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .history import Via, acting_as_system
from .models import Notification

MAX_ATTEMPTS = 8


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=MAX_ATTEMPTS,
)
def deliver_notification(notification_id: int) -> bool:
    """Send one outbox e-mail unless it was already sent. Returns True when it sent it."""
    failure: Exception | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False  # already sent, or being sent by another worker right now
        message = EmailMultiAlternatives(
            subject=notification.subject, body=notification.body_text, to=[notification.recipient]
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        try:
            message.send()
        except (SMTPException, OSError) as error:
            failure = error
        notification.attempts += 1
        notification.last_error = str(failure) if failure else ""
        if failure is None:
            notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure  # Celery retries with backoff; the attempt is already recorded
    return True


@shared_task
def sweep_pending_notifications() -> int:
    """Re-enqueue notifications whose delivery task never ran (e.g. Redis was down)."""
    stale = timezone.now() - timedelta(minutes=2)
    pending = Notification.objects.filter(
        sent_at__isnull=True, created_at__lt=stale, attempts__lt=MAX_ATTEMPTS
    ).values_list("pk", flat=True)
    count = 0
    for notification_id in pending.iterator():
        deliver_notification.delay(notification_id)
        count += 1
    return count


@shared_task
def casework_tick() -> dict[str, int]:
    """The periodic sweep: decisions by silence, then reminders of late opinions."""
    from .services.sweeps import tick

    return tick(via=Via.PERIODIC_TASK)


@shared_task
def audit_daily_digest() -> str:
    """Write down today's head of the audit chain (beat: once a day, late evening)."""
    from .services.journal import journal_daily_digest

    with acting_as_system(_("Tâche automatique : empreinte quotidienne du journal")):
        return journal_daily_digest().head_hash


@shared_task
def run_queue_export(export_id: int) -> str:
    """Write a queue export's file; once it is done or failed, running it again does nothing."""
    from .services.queue_exports import queue_export_run

    export = queue_export_run(export_id=export_id)
    return export.status if export is not None else "missing"
