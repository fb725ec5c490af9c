"""Routed procedure pages remembered between requests, forgotten as soon as one changes.

Routing a procedure page (procedure_routing.py) reads a page's many columns, its
department and three subqueries on every request of every citizen: more than the rest of
a form step's work, for pages that change a few times a week. Each process remembers what
the routing query returned for a URL's paths, tagged with a generation kept in Django's
cache, which every process of a server shares (a file in the embedded setup) and every
server too (Redis). Whatever that query reads - a page saved, published, unpublished, moved
or deleted, a view restriction, a department, a routing rule, a form version, a site -
starts a new generation once its transaction commits, and every process reads again; the
process that made the change forgets at once. A change made without a signal (a queryset's
`update()`, Wagtail's expiry of pages) is seen within PROCEDURE_MEMO_SECONDS.
"""

import copy
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

PROCEDURE_MEMO_SECONDS = 60.0
GENERATION_KEY = "guichet:procedure-routing-generation"
# Keys are the paths of requested URLs: a crawler must not grow the memory of the process.
MAX_REMEMBERED = 512

_memo: dict[tuple[str, ...], tuple[float, str, list[Any]]] = {}
_lock = threading.Lock()


def forget_procedures() -> None:
    """Forget every routed page remembered by this process."""
    with _lock:
        _memo.clear()


def _new_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def _changed(**kwargs: Any) -> None:
    forget_procedures()
    # Another process reading before the commit would remember the old rows under the new
    # generation: the generation changes only once they are written.
    transaction.on_commit(_new_generation)


def _generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # a cache emptied or restarted: any remembered page may be old
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY) or ""
    return generation


def remembered_procedures(
    url_paths: Sequence[str], read: Callable[[list[str]], list[Any]]
) -> list[Any]:
    """`read(url_paths)`, from this process's memory while nothing it reads has changed.

    Each call gets its own copies of the pages and of their departments: a request may set
    attributes on its page (Wagtail and Guichet both do) without another request seeing
    them. Their StreamField values are shared, and only ever read."""
    key = tuple(url_paths)
    generation, now = _generation(), time.monotonic()
    remembered = _memo.get(key)
    if remembered is None or remembered[0] < now or remembered[1] != generation:
        remembered = (now + PROCEDURE_MEMO_SECONDS, generation, read(list(url_paths)))
        with _lock:
            if len(_memo) >= MAX_REMEMBERED:
                _memo.clear()
            _memo[key] = remembered
    return [_own_copy(page) for page in remembered[2]]


def _own_copy(page: Any) -> Any:
    # A model's copy has its own state and field cache; its department is copied too.
    own = copy.copy(page)
    own.department = copy.copy(page.department)
    return own


def connect_signals() -> None:
    """Called once the apps are ready: every page model is known then."""
    from casework.models import Department, RoutingRule
    from formbuilder.models import FormVersion

    senders = [
        *get_page_models(),
        Page,
        PageViewRestriction,
        Site,
        Department,
        RoutingRule,
        FormVersion,
    ]
    for sender in senders:
        uid = f"guichet-procedure-memo-{sender._meta.label}"
        post_save.connect(_changed, sender=sender, dispatch_uid=uid + "-save")
        post_delete.connect(_changed, sender=sender, dispatch_uid=uid + "-delete")
    post_page_move.connect(_changed, dispatch_uid="guichet-procedure-memo-move")
