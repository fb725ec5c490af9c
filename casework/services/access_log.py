"""The record of who saw personal data, written by the views that show it."""

from typing import Any

from django.http import HttpRequest

from ..models import AccessEvent, Case
from .journal import journal_record


def access_record(
    request: HttpRequest, kind: str, *, case: Case | None = None, detail: str = ""
) -> AccessEvent:
    """One line of the access log, from the request: who, what, from where; and its entry
    in the audit journal, whose digest covers the line."""
    event = AccessEvent.objects.create(
        actor=request.user if request.user.is_authenticated else None,
        kind=kind,
        case=case,
        detail=detail[:1000],
        address=_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
    journal_record(
        kind,
        actor=event.actor,
        obj=case,
        case=case,
        history_id=event.pk,
        row=event,
        detail=event.detail,
        address=event.address,
        at=event.at,
    )
    return event


def _address(request: HttpRequest) -> Any:
    # REMOTE_ADDR is the proxy's in production unless it is set right there (gunicorn's
    # forwarded-allow-ips); an address claimed in a header is not evidence.
    return request.META.get("REMOTE_ADDR") or None
