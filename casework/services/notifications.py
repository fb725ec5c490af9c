"""The outbox: notifications are written with the change and delivered after commit."""

import logging
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from ..models import Case, Notification

logger = logging.getLogger("guichet.notifications")


def notification_queue(
    *, case: Case, kind: str, recipient: str, subject: str, context: dict[str, Any]
) -> Notification | None:
    """Render the e-mail `casework/emails/<kind>.{txt,html}` and send it after commit."""
    if not recipient:
        return None
    context = {**context, "case": case, "subject": subject}
    notification = Notification.objects.create(
        case=case,
        kind=kind,
        recipient=recipient,
        subject=subject,
        body_text=render_to_string(f"casework/emails/{kind}.txt", context),
        body_html=render_to_string(f"casework/emails/{kind}.html", context),
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> None:
    from ..tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:  # noqa: BLE001  (broker down: the periodic sweep delivers it later)
        logger.warning("Notification %s left for the sweep", notification_id, exc_info=True)
