"""Who, within the department, is in charge of a case."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case
from ..selectors import can_change_case
from .cases import CaseActionRefused, case_locked


def department_members(case: Case) -> Any:
    """The people a case may be given to: active members of its department."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(groups=case.department.group_id, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: Any,
    actor: Any,
    expected_version: int | None,
    via: str = Via.BACK_OFFICE,
) -> Case:
    """Put a member of the handling department in charge of the case, or no one (None)."""
    locked = case_locked(case=case, expected_version=expected_version)
    if not can_change_case(actor, locked):
        raise CaseActionRefused(_("Vous ne pouvez pas attribuer ce dossier."))
    if assignee is not None and not department_members(locked).filter(pk=assignee.pk).exists():
        raise CaseActionRefused(
            _("%(person)s n'est pas membre du service %(department)s.")
            % {"person": person_name(assignee), "department": locked.department.name}
        )
    if locked.assignee_id == (assignee.pk if assignee else None):
        return locked
    locked.assignee = assignee
    locked.lock_version += 1
    reason = (
        _("Dossier attribué à %(person)s") % {"person": person_name(assignee)}
        if assignee
        else _("Dossier remis au service, sans agent attitré")
    )
    stamp(locked, actor=actor, reason=reason, channel=via)
    locked.save()
    return locked


def person_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()
