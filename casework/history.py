"""Stamps each historical row with the channel the change came from.

Services set `instance._history_channel` next to `_history_user` and `_change_reason`.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from simple_history.signals import pre_create_historical_record


def _stamp_channel(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    if hasattr(history_instance, "history_channel"):
        history_instance.history_channel = getattr(instance, "_history_channel", "")


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
