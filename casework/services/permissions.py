"""Object permissions on cases, granted to department groups (django-guardian)."""

from guardian.shortcuts import assign_perm, remove_perm

from ..models import Case, Department

HANDLING_PERMISSIONS = ("casework.view_case", "casework.change_case")


def case_access_grant(*, case: Case, department: Department) -> None:
    for permission in HANDLING_PERMISSIONS:
        assign_perm(permission, department.group, case)


def case_access_revoke(*, case: Case, department: Department) -> None:
    for permission in HANDLING_PERMISSIONS:
        remove_perm(permission, department.group, case)
