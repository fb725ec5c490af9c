"""Sending a case elsewhere: to another of the town's departments, with its access rights,
or out of the town to the body whose competence it is, telling the citizen."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case, Department
from ..selectors import can_change_case
from ..workflow import workflow_for
from .cases import CaseActionRefused, absolute_url, case_locked, case_move
from .messages import message_to_citizen
from .movers import movers_of
from .notifications import case_site, notification_queue
from .permissions import case_access_grant, case_access_revoke


@transaction.atomic
def case_transfer(
    *,
    case: Case,
    department: Department,
    actor: Any,
    reason: str,
    expected_version: int,
    via: str = Via.BACK_OFFICE,
) -> Case:
    """Hand an open case to another department: its members may now handle it, the
    former department's may not, and the new department is told by e-mail."""
    locked = case_locked(case=case, expected_version=expected_version)
    _check_open_and_changeable(locked, actor)
    if department.pk == locked.department_id:
        raise CaseActionRefused(_("Le dossier est déjà traité par ce service."))
    if not reason.strip():
        raise CaseActionRefused(_("Indiquez pourquoi le dossier change de service."))
    former = locked.department
    case_access_revoke(case=locked, department=former)
    case_access_grant(case=locked, department=department, actor=actor, via=via)
    locked.department = department
    locked.assignee = None  # the former department's agent is no longer in charge
    locked.lock_version += 1
    stamp(
        locked,
        actor=actor,
        reason=_("Transféré du service %(former)s au service %(new)s : %(reason)s")
        % {"former": former.name, "new": department.name, "reason": reason.strip()},
        channel=via,
    )
    locked.save()
    notification_queue(
        case=locked,
        kind="case_transferred",
        recipient=department.email,
        subject=_("Dossier %(reference)s transféré à votre service")
        % {"reference": locked.reference},
        context={
            "former": former,
            "reason": reason.strip(),
            "case_url": absolute_url(
                "backoffice:case", site=case_site(locked), reference=locked.reference
            ),
        },
    )
    return locked


@transaction.atomic
def case_transfer_outside(
    *,
    case: Case,
    body: str,
    actor: Any,
    reason: str,
    message: str,
    expected_version: int,
    via: str = Via.BACK_OFFICE,
) -> Case:
    """Close a case that is not the town's competence by sending it on to the body
    that handles such requests; the citizen gets the department's message."""
    locked = case_locked(case=case, expected_version=expected_version)
    _check_open_and_changeable(locked, actor)
    workflow = workflow_for(locked)
    outside = workflow.with_meaning("outside")
    if outside is None:
        raise CaseActionRefused(
            _(
                "Le circuit de cette démarche ne prévoit pas de transmission à un organisme "
                "extérieur."
            )
        )
    if not workflow.allows(locked.status, outside.slug, movers_of(actor, locked)):
        raise CaseActionRefused(
            _("Depuis le statut « %(status)s », le dossier ne peut pas être transmis.")
            % {"status": workflow.status(locked.status).label}
        )
    errors = []
    if not body.strip():
        errors.append(_("Indiquez l'organisme auquel le dossier est transmis."))
    if not reason.strip():
        errors.append(_("Indiquez pourquoi le dossier ne relève pas de la commune."))
    if not message.strip():
        errors.append(_("Écrivez le message à l'usager."))
    if errors:
        raise CaseActionRefused(" ".join(str(error) for error in errors))
    message_to_citizen(case=locked, actor=actor, body=message)
    locked.transferred_to = body.strip()
    return case_move(
        case=locked,
        to_status=outside.slug,
        actor=actor,
        reason=_("Transmis à %(body)s : %(reason)s")
        % {"body": body.strip(), "reason": reason.strip()},
        via=via,
    )


def _check_open_and_changeable(case: Case, actor: Any) -> None:
    if not can_change_case(actor, case):
        raise CaseActionRefused(_("Seul le service qui traite le dossier peut le transférer."))
    if case.decided_at is not None:
        raise CaseActionRefused(_("Ce dossier est clos : il ne peut plus être transféré."))
