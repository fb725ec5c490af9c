"""Object permissions on cases, granted to department groups (django-guardian)."""

from django.contrib.auth.models import Permission
from guardian.shortcuts import remove_perm

from ..models import Case, CaseGroupObjectPermission, Department

HANDLING_PERMISSIONS = ("casework.view_case", "casework.change_case")


def case_access_grant(*, case: Case, department: Department) -> None:
    """Open a case to a department's group: the rows guardian's assign_perm would create,
    written in one statement (every submission does this, so it is worth the care)."""
    codenames = [permission.split(".", 1)[1] for permission in HANDLING_PERMISSIONS]
    permissions = Permission.objects.filter(
        content_type__app_label="casework", codename__in=codenames
    ).values_list("pk", flat=True)
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
