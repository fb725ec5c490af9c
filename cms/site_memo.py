"""Which Wagtail site a request is for, remembered per host name for a minute.

Wagtail finds the site of each request with a query whose ordering expression alone costs
more than routing a procedure page (procedure_routing.py); sites change a few times in a
town's life. Each process remembers the answer per host and port for SITE_MEMO_SECONDS,
forgets everything when a site is saved or deleted in this process, and gives every request
a fresh copy of the row (no page cached on it from an earlier request). Another process
sees a changed site within the minute.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Site

SITE_MEMO_SECONDS = 60.0

_memo: dict[tuple[str, int], tuple[float, dict[str, Any] | None]] = {}
_lock = threading.Lock()


def _forget(**kwargs: Any) -> None:
    with _lock:
        _memo.clear()


post_save.connect(_forget, sender=Site, dispatch_uid="guichet-site-memo-save")
post_delete.connect(_forget, sender=Site, dispatch_uid="guichet-site-memo-delete")


def site_for_request(request: HttpRequest) -> Site | None:
    key = (split_domain_port(request._get_raw_host())[0], int(request.get_port() or 0))
    now = time.monotonic()
    remembered = _memo.get(key)
    if remembered is None or remembered[0] < now:
        site = Site._find_for_request(request)
        values = (
            None
            if site is None
            else {
                field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields
            }
        )
        with _lock:
            _memo[key] = (now + SITE_MEMO_SECONDS, values)
        remembered = _memo[key]
    values = remembered[1]
    return None if values is None else Site(**values)


def site_by_id(site_id: int) -> Site | None:
    """The site with this id, from the memo when it was seen within SITE_MEMO_SECONDS: a
    page's site (Page.get_site) costs a query otherwise, on every submission."""
    key = ("id", site_id)
    now = time.monotonic()
    remembered = _memo.get(key)
    if remembered is None or remembered[0] < now:
        site = Site.objects.filter(pk=site_id).first()
        values = (
            None
            if site is None
            else {
                field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields
            }
        )
        with _lock:
            _memo[key] = (now + SITE_MEMO_SECONDS, values)
        remembered = _memo[key]
    values = remembered[1]
    return None if values is None else Site(**values)


class SiteMemoMiddleware:
    """Sets the request's site (where Wagtail looks for it) from the memo."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)
