"""Who owns an upload before a case claims it: the browser session that sent it."""

import hashlib

from django.http import HttpRequest


def session_owner(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()  # a key is needed to tie the files to this browser
    digest = hashlib.sha256(request.session.session_key.encode()).hexdigest()
    return f"session:{digest[:40]}"
