"""What runs by itself: the Celery beat task and `manage.py casework_tick` call tick()."""

from typing import Any

from django.utils import timezone

from .decisions import silence_decisions
from .reminders import reminders_send


def tick(*, now: Any = None, via: str) -> dict[str, int]:
    """Decide by silence, then remind; each part is safe to run twice or at once."""
    now = now or timezone.now()
    return {
        "decided": silence_decisions(now=now, via=via),
        "reminded": reminders_send(now=now, via=via),
    }
