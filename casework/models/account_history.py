"""History of what is not ours but must be audited: user accounts (with their groups, which
are the departments' memberships) and guardian's generic object-permission grants.

Their historical models live in this app (`app="casework"`), so that their migrations are
ours and not the third-party apps'."""

from typing import Any

import simple_history
from django.contrib.auth import get_user_model
from guardian.models import GroupObjectPermission, UserObjectPermission
from simple_history.models import HistoricalRecords

from .audited import AuditedHistory, JournaledHistoryManager


class AccountHistoricalRecords(HistoricalRecords):
    """A login only stamps `last_login`, which is not kept: it is not a change of the
    account, and would add a history row per login."""

    def post_save(self, instance: Any, created: bool, using: Any = None, **kwargs: Any) -> None:
        if not created and kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


simple_history.register(
    get_user_model(),
    app="casework",
    records_class=AccountHistoricalRecords,
    bases=[AuditedHistory],
    history_manager=JournaledHistoryManager,
    # Never the password hash; the last login is the access log's business.
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups", "user_permissions"],
)
for model in (UserObjectPermission, GroupObjectPermission):
    simple_history.register(
        model, app="casework", bases=[AuditedHistory], history_manager=JournaledHistoryManager
    )
