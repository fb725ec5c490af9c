"""Who may see a file before a case claims it: the browsers that hold its draft."""

from django.http import HttpRequest

SESSION_KEY = "guichet_drafts"


def remember_draft(request: HttpRequest, public_id: str) -> None:
    """This browser works on this draft (started here, or resumed from a link)."""
    known = request.session.get(SESSION_KEY, [])
    if public_id not in known:
        request.session[SESSION_KEY] = [*known, public_id][-20:]


def known_drafts(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


def upload_owners(request: HttpRequest) -> list[str]:
    return [f"draft:{public_id}" for public_id in known_drafts(request)]
