"""Writes on cases: submitting and moving a case through its workflow."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from formbuilder.answers import file_tokens
from formbuilder.uploads import uploads_claim

from ..deadlines import deadline_from
from ..history import Via, stamp
from ..models import Case, Channel
from ..tracking_codes import new_tracking_code
from ..workflow import workflow_for, workflow_of_procedure
from .movers import movers_of
from .notifications import case_site, notification_queue, public_base_url
from .permissions import case_access_grant
from .references import reference_next
from .routing import case_routing

DECISIONS = ("granted", "refused")  # the status meanings that are also decisions


class CaseActionRefused(Exception):
    """A write on a case that the rules forbid; the message is for the person."""


@dataclass(frozen=True)
class SubmittedCase:
    case: Case
    tracking_code: str


# No savepoint when called inside a transaction (the citizen's send): a failure anywhere
# rolls back the whole send, and every submission saves two round trips to the database.
@transaction.atomic(savepoint=False)
def case_submit(
    *,
    procedure: Any,
    form_version: Any,
    answers: dict[str, Any],
    citizen_email: str = "",
    citizen_name: str = "",
    citizen_phone: str = "",
    channel: str = Channel.WEB,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    via: str = Via.CITIZEN_SITE,
) -> SubmittedCase:
    """Create the case from validated answers, open it to its department, acknowledge it."""
    routing = case_routing(procedure=procedure, form_version=form_version, answers=answers)
    department = routing.department
    tracking_code = new_tracking_code()
    workflow = workflow_of_procedure(procedure)
    submitted_at = timezone.now()
    case = Case(
        reference=reference_next(prefix=procedure.reference_prefix),
        tracking_code=tracking_code,
        procedure=procedure,
        form_version=form_version,
        department=department,
        status=workflow.initial,
        submitted_at=submitted_at,
        deadline=deadline_from(
            timezone.localdate(submitted_at),
            workflow.deadline_days,
            business_days=workflow.deadline_in_business_days,
        ),
        channel=channel,
        answers=answers,
        category=routing.category,
        latitude=routing.latitude,
        longitude=routing.longitude,
        citizen_email=citizen_email,
        citizen_name=citizen_name,
        citizen_phone=citizen_phone,
        citizen=actor if channel == Channel.WEB and actor and actor.is_authenticated else None,
    )
    stamp(case, actor=actor, reason=_routing_reason(routing), channel=via)
    case.save()
    case_access_grant(case=case, department=department, actor=actor, via=via, fresh=True)
    uploads_claim(tokens=file_tokens(form_version.ui_schema, answers))
    notification_queue(
        case=case,
        kind="acknowledgement",
        recipient=citizen_email,
        subject=_("Accusé de réception de votre demande %(reference)s")
        % {"reference": case.reference},
        context={
            "tracking_code": tracking_code,
            "tracking_url": tracking_url(tracking_code, case=case),
        },
    )
    return SubmittedCase(case=case, tracking_code=tracking_code)


def _routing_reason(routing: Any) -> str:
    """The submission's history entry says where the case went and, for a rule, why."""
    if routing.rule is not None:
        return _("Dépôt du dossier, orienté vers %(department)s (règle : %(rule)s)") % {
            "department": routing.department.name,
            "rule": routing.rule.describe(),
        }
    return _("Dépôt du dossier, orienté vers %(department)s") % {
        "department": routing.department.name
    }


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to_status: str,
    actor: AbstractBaseUser,
    reason: str,
    expected_version: int,
    via: str = Via.BACK_OFFICE,
) -> Case:
    """Move a case to another status, refusing stale writes, moves the workflow forbids and
    moves this person may not make."""
    locked = case_locked(case=case, expected_version=expected_version)
    workflow = workflow_for(locked)
    if not workflow.allows(locked.status, to_status, movers_of(actor, locked)):
        raise CaseActionRefused(
            _("Le passage de « %(source)s » à « %(target)s » n'est pas permis.")
            % {"source": workflow.status(locked.status).label, "target": to_status}
        )
    if workflow.status(to_status).meaning == "outside":
        # The outside body's name and the citizen's message are part of that move.
        raise CaseActionRefused(
            _("Pour transmettre le dossier à un organisme extérieur, utilisez le formulaire prévu.")
        )
    if not reason.strip():
        raise CaseActionRefused(_("Indiquez le motif du changement de statut."))
    return case_move(case=locked, to_status=to_status, actor=actor, reason=reason, via=via)


def case_move(*, case: Case, to_status: str, actor: Any, reason: str, via: str) -> Case:
    """Put a case, already locked and checked by the caller, in another status; the citizen
    and the report's followers are told. Every change of status goes through here."""
    status = workflow_for(case).status(to_status)
    case.status = to_status
    case.lock_version += 1
    if status.final and case.decided_at is None:
        # A closed case is decided: by its final status, or by the decision given before.
        case.decided_at = timezone.now()
        case.decided_by = actor if actor is not None and actor.is_authenticated else None
        case.decision = case.decision or (status.meaning if status.meaning in DECISIONS else "")
        case.decision_reason = case.decision_reason or reason.strip()
    stamp(case, actor=actor, reason=reason.strip(), channel=via)
    case.save()
    notification_queue(
        case=case,
        kind="status_changed",
        recipient=case.citizen_email,
        subject=_("Votre demande %(reference)s : %(status)s")
        % {"reference": case.reference, "status": status.label},
        context={"status": status, "tracking_url": tracking_url(case.tracking_code, case=case)},
    )
    _notify_followers(case, status)
    return case


def case_locked(*, case: Case, expected_version: int | None) -> Case:
    """The case, locked for this transaction; refused if someone changed it since it was
    read (expected_version None: a system action, which reads the current row)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.lock_version != expected_version:
        raise CaseActionRefused(
            _("Ce dossier a été modifié par quelqu'un d'autre entre-temps. Rechargez la page.")
        )
    return locked


def _notify_followers(case: Case, status: Any) -> None:
    """People following a report hear of its progress, and nothing about who filed it."""
    from .followers import unfollow_token

    followers = list(case.followers.all())
    site = case_site(case) if followers else None  # asked only when someone is told
    for follower in followers:
        notification_queue(
            case=case,
            kind="followed_report_status",
            recipient=follower.email,
            subject=_("Signalement suivi : %(status)s") % {"status": status.label},
            context={
                "status": status,
                "unfollow_url": absolute_url(
                    "tracking:unfollow", site=site, token=unfollow_token(follower)
                ),
            },
        )


def absolute_url(name: str, *, site: Site | None = None, **kwargs: str) -> str:
    """A link for an e-mail, on the public address of `site` (the default one when None)."""
    from django.urls import reverse

    return public_base_url(site) + reverse(name, kwargs=kwargs)


def tracking_url(tracking_code: str, *, case: Case | None = None) -> str:
    """The tracking page, on the site of the case: each town has its own host name.

    Without `case`, the case is found by its code, so callers that only hold the code
    still link to the right town."""
    if case is None:
        case = Case.objects.select_related("procedure").filter(tracking_code=tracking_code).first()
    site = case_site(case) if case is not None else None
    return absolute_url("tracking:case", site=site, code=tracking_code)
