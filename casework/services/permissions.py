"""Object permissions on cases, granted to department groups (django-guardian)."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _
from guardian.shortcuts import remove_perm
from simple_history.utils import bulk_create_with_history

from ..models import Case, CaseGroupObjectPermission, Department

HANDLING_PERMISSIONS = ("casework.view_case", "casework.change_case")

_permissions: dict[str, Permission] = {}


def _forget_permissions(**kwargs: Any) -> None:
    _permissions.clear()  # permissions are created again after a flush (tests)


post_migrate.connect(_forget_permissions, dispatch_uid="guichet-handling-permissions")


def _permission(name: str) -> Permission:
    """A handling permission, read once per process: every submission needs them (their
    ids for the grant, their codenames for its journal entry)."""
    if not _permissions:
        codenames = [name.split(".", 1)[1] for name in HANDLING_PERMISSIONS]
        _permissions.update(
            (f"casework.{permission.codename}", permission)
            for permission in Permission.objects.filter(
                content_type__app_label="casework", codename__in=codenames
            )
        )
    return _permissions[name]


def _permission_id(name: str) -> int:
    return _permission(name).pk


def case_access_grant(
    *, case: Case, department: Department, actor: Any = None, via: str = "", fresh: bool = False
) -> None:
    """Open a case to the department that handles it: view and change. `fresh`: the case
    was created in this transaction, so it has no grant yet to look for."""
    _grant(
        case,
        [department.group_id],
        [_permission_id(name) for name in HANDLING_PERMISSIONS],
        actor=actor,
        reason=_("Accès du service %(department)s au dossier") % {"department": department.name},
        via=via,
        fresh=fresh,
    )


def case_view_grant(
    *, case: Case, group_ids: list[int], actor: Any = None, via: str = "", reason: str = ""
) -> None:
    """Let groups read a case without handling it: consulted departments, elected officials."""
    _grant(
        case,
        group_ids,
        [_permission_id("casework.view_case")],
        actor=actor,
        reason=reason or _("Accès en lecture au dossier"),
        via=via,
    )


def _grant(
    case: Case,
    group_ids: list[int],
    permission_ids: list[int],
    *,
    actor: Any,
    reason: str,
    via: str,
    fresh: bool = False,
) -> None:
    """The rows guardian's assign_perm would create, written in one statement with their
    history in another (every submission does this, so it is worth the care): a grant is
    itself an audited change."""
    wanted = {(permission, group_id) for permission in permission_ids for group_id in group_ids}
    if not fresh:
        wanted -= set(
            CaseGroupObjectPermission.objects.filter(
                content_object=case, permission_id__in=permission_ids, group_id__in=group_ids
            ).values_list("permission_id", "group_id")
        )
    if not wanted:
        return  # granted already: guardian's get_or_create would do nothing
    # Each grant's journal entry is labelled with its group's name and its permission's
    # codename: read here at once rather than by each label.
    groups = Group.objects.in_bulk({group_id for _, group_id in wanted})
    permissions = {permission.pk: permission for permission in _permissions.values()}
    missing = {pk for pk, _ in wanted} - permissions.keys()
    permissions.update(Permission.objects.in_bulk(missing) if missing else {})
    bulk_create_with_history(
        [
            CaseGroupObjectPermission(
                permission=permissions[permission], group=groups[group_id], content_object=case
            )
            for permission, group_id in sorted(wanted)
        ],
        CaseGroupObjectPermission,
        default_user=actor if actor is not None and actor.is_authenticated else None,
        default_change_reason=reason,
        custom_historical_attrs={"history_channel": via},
    )


def case_access_revoke(*, case: Case, department: Department) -> None:
    for permission in HANDLING_PERMISSIONS:
        remove_perm(permission, department.group, case)
