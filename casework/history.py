"""Stamps each historical row with the channel the change came from, and names the system
actor when no person is acting (a periodic task, a management command).

Services set `instance._history_channel` next to `_history_user` and `_change_reason`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


@dataclass(frozen=True)
class SystemActor:
    """Who acts when nobody does: the journal names the task or command instead of
    leaving the author blank."""

    label: str
    channel: str


_system_actor: ContextVar[SystemActor | None] = ContextVar("guichet_system_actor", default=None)


@contextmanager
def acting_as_system(label: str, *, channel: str = "") -> Iterator[SystemActor]:
    """Within this block, changes made with no user are signed `label` in the audit journal,
    and history rows with no channel get `channel` (a periodic task by default)."""
    actor = SystemActor(label=str(label), channel=channel or Via.PERIODIC_TASK)
    token = _system_actor.set(actor)
    try:
        yield actor
    finally:
        _system_actor.reset(token)


def system_actor() -> SystemActor | None:
    """The system actor named by the innermost `acting_as_system` block, if any."""
    return _system_actor.get()


def _stamp_channel(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    if hasattr(history_instance, "history_channel"):
        channel = getattr(instance, "_history_channel", "")
        if not channel and (actor := _system_actor.get()) is not None:
            channel = actor.channel
        history_instance.history_channel = channel


pre_create_historical_record.connect(_stamp_channel, dispatch_uid="casework-history-channel")


def stamp(instance: Any, *, actor: Any, reason: str, channel: str) -> None:
    """Say who changes `instance`, why, and through which channel, before saving it."""
    instance._history_user = actor if actor is not None and actor.is_authenticated else None
    instance._change_reason = reason
    instance._history_channel = channel


class Via:
    """Where a change was made, as recorded on history rows."""

    CITIZEN_SITE = "citizen_site"
    BACK_OFFICE = "back_office"
    ADMIN = "admin"
    PERIODIC_TASK = "periodic_task"
    COMMAND = "command"

    LABELS = {
        CITIZEN_SITE: _("Site usager"),
        BACK_OFFICE: _("Espace agents"),
        ADMIN: _("Administration"),
        PERIODIC_TASK: _("Tâche automatique"),
        COMMAND: _("Commande"),
    }
