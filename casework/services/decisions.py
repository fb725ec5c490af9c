"""Decisions on a case: the elected official's, and those silence makes at the deadline."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import Via
from ..models import Case, Decision, SilenceRule
from ..workflow import workflow_for
from .cases import CaseActionRefused, case_locked, case_move
from .movers import movers_of


@transaction.atomic
def decision_take(
    *,
    case: Case,
    actor: Any,
    outcome: str,
    reason: str,
    expected_version: int,
    via: str = Via.BACK_OFFICE,
) -> Case:
    """An elected official grants or refuses a case waiting for the decision."""
    locked = case_locked(case=case, expected_version=expected_version)
    workflow = workflow_for(locked)
    awaiting = workflow.with_meaning("awaiting_decision")
    if awaiting is None or locked.status != awaiting.slug:
        raise CaseActionRefused(_("Ce dossier n'attend pas de décision."))
    if "elected" not in movers_of(actor, locked):
        raise CaseActionRefused(_("Seul un élu peut décider de ce dossier."))
    target = (
        workflow.with_meaning(outcome) if outcome in (Decision.GRANTED, Decision.REFUSED) else None
    )
    if target is None or not workflow.allows(locked.status, target.slug, {"elected"}):
        raise CaseActionRefused(_("Choisissez d'accorder ou de refuser."))
    if not reason.strip():
        raise CaseActionRefused(_("Motivez la décision : elle est envoyée à l'usager."))
    locked.decision, locked.decision_reason = outcome, reason.strip()
    return case_move(case=locked, to_status=target.slug, actor=actor, reason=reason, via=via)


def silence_decide(*, case_id: int, today: Any, via: str) -> bool:
    """Decide one case whose deadline passed, as its workflow's silence rule says. Skips
    (False) a case another worker holds, one decided meanwhile, or one whose clock is
    suspended: running it twice decides once."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(skip_locked=True)
            .filter(
                pk=case_id,
                decided_at__isnull=True,
                deadline__lt=today,
                clock_suspended_at__isnull=True,
            )
            .select_related("procedure")
            .first()
        )
        if case is None:
            return False
        workflow = workflow_for(case)
        meaning = {
            SilenceRule.ACCEPTANCE: Decision.GRANTED,
            SilenceRule.REFUSAL: Decision.REFUSED,
        }.get(workflow.silence_rule)
        target = workflow.with_meaning(meaning) if meaning else None
        if target is None or workflow.status(case.status).final:
            return False
        implicit = (
            Decision.IMPLICITLY_GRANTED
            if meaning == Decision.GRANTED
            else Decision.IMPLICITLY_REFUSED
        )
        case.decision = implicit
        case.decision_reason = _(
            "Aucune décision n'a été prise avant le %(deadline)s : %(rule)s."
        ) % {
            "deadline": case.deadline.strftime("%d/%m/%Y"),
            "rule": SilenceRule(workflow.silence_rule).label.lower(),
        }
        case_move(
            case=case, to_status=target.slug, actor=None, reason=case.decision_reason, via=via
        )
        return True


def silence_due_cases(today: Any) -> Any:
    """Open cases past their deadline in procedures where silence decides."""
    # order_by(): in any order. The model's (newest first) made PostgreSQL walk the whole
    # table by submission date through the sweep's cursor: seconds at a million cases.
    return (
        Case.objects.filter(
            decided_at__isnull=True,
            deadline__lt=today,
            clock_suspended_at__isnull=True,
            procedure__workflow__silence_rule__in=[SilenceRule.ACCEPTANCE, SilenceRule.REFUSAL],
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def silence_decisions(*, now: Any = None, via: str = Via.PERIODIC_TASK) -> int:
    today = timezone.localdate(now)
    return sum(
        silence_decide(case_id=case_id, today=today, via=via)
        for case_id in list(silence_due_cases(today).iterator())
    )
