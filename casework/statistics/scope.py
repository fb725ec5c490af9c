"""Who may see which statistics: the departments a person works in or manages; everything
for the director general (statistics.view_all_statistics), auditors and elected officials."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from casework.models import Department

VIEW_ALL = "statistics.view_all_statistics"
SEES_EVERYTHING = (VIEW_ALL, "casework.audit_case", "casework.decide_case")


@dataclass(frozen=True)
class Scope:
    everything: bool
    department_ids: frozenset[int]

    def departments(self) -> list[Department]:
        found = Department.objects.order_by("name")
        return list(found if self.everything else found.filter(pk__in=self.department_ids))


def statistics_scope(user: AbstractBaseUser) -> Scope | None:
    """What `user` may see of the statistics; None: nothing at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    known = getattr(user, "_statistics_scope", False)
    if known is not False:
        return known
    scope: Scope | None
    if any(user.has_perm(permission) for permission in SEES_EVERYTHING):
        scope = Scope(True, frozenset())
    else:
        ids = frozenset(
            Department.objects.filter(Q(group__user=user) | Q(managers=user))
            .values_list("pk", flat=True)
            .distinct()
        )
        scope = Scope(False, ids) if ids else None
    user._statistics_scope = scope
    return scope
