"""Small facts a browser keeps about its own work, in signed cookies rather than a session.

Which drafts this browser may continue, which receipt it may show once: a citizen filling
in a form needs nothing else from a session. Keeping them in signed cookies (tamper-proof,
HTTP-only, sent over HTTPS only in production) means an anonymous citizen costs no session
row and no session query on any step. Views call `recall` and `remember`; the middleware
writes what changed on the way out.
"""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SALT = "guichet.browser-memory"
_READ = "_guichet_memory"
_CHANGED = "_guichet_memory_changed"


def recall(request: HttpRequest, name: str, default: Any = None) -> Any:
    memory = getattr(request, _READ, None)
    if memory is None:
        memory = {}
        setattr(request, _READ, memory)
    if name not in memory:
        raw = request.get_signed_cookie(name, default=None, salt=SALT)
        try:
            memory[name] = json.loads(raw) if raw else default
        except ValueError:
            memory[name] = default
    return memory[name]


def remember(request: HttpRequest, name: str, value: Any, *, max_age: int) -> None:
    recall(request, name)
    getattr(request, _READ)[name] = value
    changed = getattr(request, _CHANGED, {})
    changed[name] = max_age
    setattr(request, _CHANGED, changed)


class BrowserMemoryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, max_age in getattr(request, _CHANGED, {}).items():
            response.set_signed_cookie(
                name,
                json.dumps(getattr(request, _READ)[name], separators=(",", ":")),
                salt=SALT,
                max_age=max_age,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
