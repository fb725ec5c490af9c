"""Object permissions on cases, granted to department groups (django-guardian)."""

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models.signals import post_migrate
from guardian.shortcuts import remove_perm

from ..models import Case, CaseGroupObjectPermission, Department

HANDLING_PERMISSIONS = ("casework.view_case", "casework.change_case")

_permission_ids: list[int] = []


def _forget_permission_ids(**kwargs: Any) -> None:
    _permission_ids.clear()  # permissions are created again after a flush (tests)


post_migrate.connect(_forget_permission_ids, dispatch_uid="guichet-handling-permissions")


def _handling_permission_ids() -> list[int]:
    """The handling permissions' ids, read once per process: every submission needs them."""
    if not _permission_ids:
        codenames = [permission.split(".", 1)[1] for permission in HANDLING_PERMISSIONS]
        _permission_ids.extend(
            Permission.objects.filter(
                content_type__app_label="casework", codename__in=codenames
            ).values_list("pk", flat=True)
        )
    return list(_permission_ids)


def case_access_grant(*, case: Case, department: Department) -> None:
    """Open a case to a department's group: the rows guardian's assign_perm would create,
    written in one statement (every submission does this, so it is worth the care)."""
    permissions = _handling_permission_ids()
    CaseGroupObjectPermission.objects.bulk_create(
        [
            CaseGroupObjectPermission(
                permission_id=permission, group_id=department.group_id, content_object=case
            )
            for permission in permissions
        ],
        ignore_conflicts=True,  # granted already: guardian's get_or_create would do nothing
    )


def case_access_revoke(*, case: Case, department: Department) -> None:
    for permission in HANDLING_PERMISSIONS:
        remove_perm(permission, department.group, case)
