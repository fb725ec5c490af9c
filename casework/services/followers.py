"""Citizens who follow a report already filed instead of filing the same one again."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case, CaseFollower
from ..workflow import workflow_for
from .cases import CaseActionRefused

FOLLOW_SALT = "guichet.report.follow"
UNFOLLOW_SALT = "guichet.report.unfollow"
# A follow link is shown next to a report found nearby; it need not outlive the draft.
FOLLOW_LINK_MAX_AGE = 30 * 24 * 3600


def follow_token(case: Case) -> str:
    return signing.dumps(case.pk, salt=FOLLOW_SALT, compress=True)


def case_from_follow_token(token: str) -> Case | None:
    """The report a follow link names, or None when the link is forged or too old."""
    try:
        pk = signing.loads(token, salt=FOLLOW_SALT, max_age=FOLLOW_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Case.objects.select_related("category__parent", "department", "procedure")
        .filter(pk=pk, category__isnull=False)
        .first()
    )


def unfollow_token(follower: CaseFollower) -> str:
    return signing.dumps(follower.pk, salt=UNFOLLOW_SALT, compress=True)


def follower_from_unfollow_token(token: str) -> CaseFollower | None:
    try:
        pk = signing.loads(token, salt=UNFOLLOW_SALT)
    except signing.BadSignature:
        return None
    return CaseFollower.objects.select_related("case").filter(pk=pk).first()


@transaction.atomic
def case_follow(
    *, case: Case, email: str, citizen: AbstractBaseUser | AnonymousUser | None = None
) -> CaseFollower:
    """Keep `email` informed of each change of status of a report; following twice is once."""
    if case.category_id is None:
        raise CaseActionRefused(_("Seuls les signalements peuvent être suivis."))
    if workflow_for(case).status(case.status).final:
        raise CaseActionRefused(_("Ce signalement est clos : il n'y a plus rien à suivre."))
    email = email.strip().lower()
    existing = CaseFollower.objects.filter(case=case, email=email).first()
    if existing is not None:
        return existing
    account = citizen if citizen is not None and citizen.is_authenticated else None
    follower = CaseFollower(case=case, email=email, citizen=account)
    stamp(follower, actor=account, reason=_("Suivi d'un signalement"), channel=Via.CITIZEN_SITE)
    follower.save()
    return follower


@transaction.atomic
def case_unfollow(*, follower: CaseFollower) -> None:
    stamp(follower, actor=None, reason=_("Fin du suivi d'un signalement"), channel=Via.CITIZEN_SITE)
    follower.delete()
