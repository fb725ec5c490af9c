"""Who may see a file before a case claims it: the browsers that hold its draft."""

from django.http import HttpRequest

SESSION_KEY = "guichet_drafts"
CASES_KEY = "guichet_cases"


def remember_draft(request: HttpRequest, public_id: str) -> None:
    """This browser works on this draft (started here, or resumed from a link)."""
    known = request.session.get(SESSION_KEY, [])
    if public_id not in known:
        request.session[SESSION_KEY] = [*known, public_id][-20:]


def known_drafts(request: HttpRequest) -> list[str]:
    return list(request.session.get(SESSION_KEY, []))


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
