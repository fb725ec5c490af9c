"""Object permissions on cases, granted to department groups (django-guardian)."""

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models.signals import post_migrate
from guardian.shortcuts import remove_perm

from ..models import Case, CaseGroupObjectPermission, Department

HANDLING_PERMISSIONS = ("casework.view_case", "casework.change_case")

_permission_ids: dict[str, int] = {}


def _forget_permission_ids(**kwargs: Any) -> None:
    _permission_ids.clear()  # permissions are created again after a flush (tests)


post_migrate.connect(_forget_permission_ids, dispatch_uid="guichet-handling-permissions")


def _permission_id(permission: str) -> int:
    """A handling permission's id, read once per process: every submission needs them."""
    if not _permission_ids:
        codenames = [name.split(".", 1)[1] for name in HANDLING_PERMISSIONS]
        _permission_ids.update(
            (f"casework.{codename}", pk)
            for codename, pk in Permission.objects.filter(
                content_type__app_label="casework", codename__in=codenames
            ).values_list("codename", "pk")
        )
    return _permission_ids[permission]


def case_access_grant(*, case: Case, department: Department) -> None:
    """Open a case to the department that handles it: view and change."""
    _grant(case, [department.group_id], [_permission_id(name) for name in HANDLING_PERMISSIONS])


def case_view_grant(*, case: Case, group_ids: list[int]) -> None:
    """Let groups read a case without handling it: consulted departments, elected officials."""
    _grant(case, group_ids, [_permission_id("casework.view_case")])


def _grant(case: Case, group_ids: list[int], permission_ids: list[int]) -> None:
    """The rows guardian's assign_perm would create, written in one statement (every
    submission does this, so it is worth the care)."""
    CaseGroupObjectPermission.objects.bulk_create(
        [
            CaseGroupObjectPermission(
                permission_id=permission, group_id=group_id, content_object=case
            )
            for permission in permission_ids
            for group_id in group_ids
        ],
        ignore_conflicts=True,  # granted already: guardian's get_or_create would do nothing
    )


def case_access_revoke(*, case: Case, department: Department) -> None:
    for permission in HANDLING_PERMISSIONS:
        remove_perm(permission, department.group, case)
