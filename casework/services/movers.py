"""Who a person is on a case, in the words of workflows' moves (models.workflow.Mover)."""

from typing import Any

from ..models import Case
from ..selectors import can_change_case

DECIDE_PERMISSION = "casework.decide_case"


def movers_of(user: Any, case: Case) -> set[str]:
    """The kinds of move this person may make on this case: "agent" for the handling
    department's members, "manager" for its managers, "elected" for elected officials."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    movers = set()
    if can_change_case(user, case):
        movers.add("agent")
        if case.department.managers.filter(pk=user.pk).exists():
            movers.add("manager")
    if user.has_perm(DECIDE_PERMISSION):
        movers.add("elected")
    return movers
