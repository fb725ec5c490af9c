"""What runs by itself: the Celery beat task and `manage.py casework_tick` call tick()."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..history import Via, acting_as_system
from .decisions import silence_decisions
from .reminders import reminders_send

# Who the journal names as the author of what the sweep changes.
SYSTEM_ACTORS = {
    Via.PERIODIC_TASK: _("Tâche automatique : délais et relances"),
    Via.COMMAND: _("Commande casework_tick : délais et relances"),
}


def tick(*, now: Any = None, via: str) -> dict[str, int]:
    """Decide by silence, then remind; each part is safe to run twice or at once."""
    now = now or timezone.now()
    label = SYSTEM_ACTORS.get(via, SYSTEM_ACTORS[Via.PERIODIC_TASK])
    with acting_as_system(label, channel=via):
        return {
            "decided": silence_decisions(now=now, via=via),
            "reminded": reminders_send(now=now, via=via),
        }
