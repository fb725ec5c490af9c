"""Who may see a file before a case claims it: the browsers that hold its draft."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

from .browser_memory import recall, remember

DRAFTS_COOKIE = "guichet_brouillons"
CASES_KEY = "guichet_cases"


def draft_lifetime() -> timedelta:
    return timedelta(days=settings.GUICHET_DRAFT_LIFETIME_DAYS)


def remember_draft(request: HttpRequest, public_id: str) -> None:
    """This browser works on this draft (started here, or resumed from a link)."""
    known = known_drafts(request)
    if public_id not in known:
        lifetime = int(draft_lifetime().total_seconds())
        remember(request, DRAFTS_COOKIE, [*known, public_id][-20:], max_age=lifetime)


def known_drafts(request: HttpRequest) -> list[str]:
    known = recall(request, DRAFTS_COOKIE, [])
    return [item for item in known if isinstance(item, str)] if isinstance(known, list) else []


def remember_case(request: HttpRequest, reference: str) -> None:
    """This browser holds the case's tracking code, so it may see the files it adds."""
    known = request.session.get(CASES_KEY, [])
    if reference not in known:
        request.session[CASES_KEY] = [*known, reference][-20:]


def case_owner(reference: str) -> str:
    return f"case:{reference}"


def wallet_owner(user_pk: int) -> str:
    """Documents a citizen keeps in their account to reuse them in any procedure."""
    return f"wallet:{user_pk}"


def upload_owners(request: HttpRequest) -> list[str]:
    drafts = [f"draft:{public_id}" for public_id in known_drafts(request)]
    cases = [case_owner(reference) for reference in request.session.get(CASES_KEY, [])]
    wallet = [wallet_owner(request.user.pk)] if request.user.is_authenticated else []
    return drafts + cases + wallet
