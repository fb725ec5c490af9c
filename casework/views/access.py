"""Guards shared by back-office views: every URL checks the object, not just the login."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ..models import Case, Department
from ..selectors import can_audit, can_change_case, can_view_case


def is_back_office_user(user: Any) -> bool:
    return user.is_active and (
        can_audit(user)
        or user.has_perm("casework.decide_case")
        or Department.objects.filter(group__user=user).exists()
    )


def back_office(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in department members and auditors only."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_back_office_user(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def visible_case(request: HttpRequest, reference: str) -> Case:
    """The case, or a 404 that does not tell whether it exists to someone who may not see it."""
    case = get_object_or_404(
        Case.objects.select_related("procedure", "department", "form_version"), reference=reference
    )
    if not can_view_case(request.user, case):
        raise Http404
    return case


def changeable_case(request: HttpRequest, reference: str) -> Case:
    """The case, for a write: 404 to whoever may not see it, 403 to whoever may only read."""
    case = visible_case(request, reference)
    if not can_change_case(request.user, case):
        raise PermissionDenied
    return case
