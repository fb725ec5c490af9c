from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Instruction des dossiers")

    def ready(self) -> None:
        from . import (
            history,  # noqa: F401  (stamps the channel on history rows)
            journal_receivers,
        )
        from .workflow import forget_on_change

        forget_on_change()
        journal_receivers.connect()
        # Every migrate guards the history tables it may have added (PostgreSQL only).
        post_migrate.connect(_guard_append_only, sender=self)


def _guard_append_only(using: str = "default", **kwargs: object) -> None:
    from django.db import connections

    from .audit_guard import guard_append_only

    guard_append_only(connections[using])
