"""Opinions asked of departments ("avis") and what they do to the case: any unfavourable
opinion blocks it, and when every department is favourable it goes to the elected
official's decision (the Aix-en-Provence terrace story)."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case, Consultation, Department, Opinion
from ..workflow import Workflow, workflow_for
from .cases import CaseActionRefused, absolute_url, case_locked, case_move
from .movers import DECIDE_PERMISSION, movers_of
from .notifications import case_site, notification_queue
from .permissions import case_view_grant

DEFAULT_DUE_DAYS = 15


@transaction.atomic
def consultation_request(
    *,
    case: Case,
    departments: list[Department],
    actor: Any,
    expected_version: int,
    via: str = Via.BACK_OFFICE,
) -> list[Consultation]:
    """Ask each department for its opinion, with a due date; they may then read the case."""
    locked = case_locked(case=case, expected_version=expected_version)
    workflow = workflow_for(locked)
    consulting = workflow.with_meaning("consultation")
    if consulting is None:
        raise CaseActionRefused(_("Le circuit de cette démarche ne prévoit pas d'avis."))
    if locked.status != consulting.slug and not workflow.allows(
        locked.status, consulting.slug, movers_of(actor, locked)
    ):
        raise CaseActionRefused(_("Ce dossier ne peut pas être soumis à l'avis des services."))
    asked = set(locked.consultations.values_list("department_id", flat=True))
    departments = [department for department in departments if department.pk not in asked]
    if not departments:
        raise CaseActionRefused(_("Choisissez au moins un service qui n'a pas déjà été consulté."))
    now = timezone.now()
    due_days = {consulted.department_id: consulted.due_days for consulted in workflow.consulted}
    consultations = []
    for department in departments:
        consultation = Consultation(
            case=locked,
            department=department,
            requested_at=now,
            requested_by=actor,
            due_at=now + timedelta(days=due_days.get(department.pk, DEFAULT_DUE_DAYS)),
        )
        stamp(consultation, actor=actor, reason=_("Demande d'avis"), channel=via)
        consultation.save()
        consultations.append(consultation)
        _tell_department(locked, consultation)
    case_view_grant(
        case=locked,
        group_ids=[department.group_id for department in departments],
        actor=actor,
        via=via,
        reason=_("Accès en lecture des services consultés"),
    )
    names = ", ".join(department.name for department in departments)
    if locked.status != consulting.slug:
        case_move(
            case=locked,
            to_status=consulting.slug,
            actor=actor,
            reason=_("Avis demandé à : %(names)s") % {"names": names},
            via=via,
        )
    else:
        locked.lock_version += 1
        stamp(
            locked,
            actor=actor,
            reason=_("Avis demandé à : %(names)s") % {"names": names},
            channel=via,
        )
        locked.save(update_fields=["lock_version", "updated_at"])
    return consultations


@transaction.atomic
def opinion_give(
    *,
    consultation: Consultation,
    actor: Any,
    opinion: str,
    comment: str,
    attachment: UploadedFile | None = None,
    via: str = Via.BACK_OFFICE,
) -> Consultation:
    """A department gives (or revises) its opinion; the case follows: blocked by any
    unfavourable opinion, unblocked when none is left, to the decision when all agree."""
    locked_case = case_locked(case=consultation.case, expected_version=None)
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not actor.groups.filter(pk=locked.department.group_id).exists():
        raise CaseActionRefused(_("Seul le service consulté peut donner cet avis."))
    workflow = workflow_for(locked_case)
    if workflow.status(locked_case.status).slug not in _open_statuses(workflow):
        raise CaseActionRefused(_("Ce dossier n'attend plus d'avis."))
    if opinion not in Opinion.values:
        raise CaseActionRefused(_("Choisissez un avis."))
    if opinion == Opinion.UNFAVOURABLE and not comment.strip():
        raise CaseActionRefused(_("Un avis défavorable dit pourquoi : écrivez un commentaire."))
    revised = bool(locked.opinion)
    locked.opinion, locked.comment = opinion, comment.strip()
    locked.answered_at, locked.answered_by = timezone.now(), actor
    if attachment is not None:
        locked.attachment = attachment
    reason = _("Avis révisé") if revised else _("Avis donné")
    stamp(locked, actor=actor, reason=reason, channel=via)
    locked.save()
    _settle(locked_case, workflow, actor=actor, via=via)
    return locked


def _open_statuses(workflow: Workflow) -> set[str]:
    return {
        status.slug
        for status in (workflow.with_meaning("consultation"), workflow.with_meaning("blocked"))
        if status is not None
    }


def _settle(case: Case, workflow: Workflow, *, actor: Any, via: str) -> None:
    """Put the case where its opinions say it belongs."""
    consultations = list(case.consultations.select_related("department"))
    against = [c for c in consultations if c.opinion == Opinion.UNFAVOURABLE]
    pending = [c for c in consultations if not c.opinion]
    blocked = workflow.with_meaning("blocked")
    consulting = workflow.with_meaning("consultation")
    awaiting = workflow.with_meaning("awaiting_decision")
    if against:
        if case.status != blocked.slug:
            reasons = "; ".join(f"{c.department.name} : {c.comment}" for c in against)
            case_move(
                case=case,
                to_status=blocked.slug,
                actor=actor,
                reason=_("Avis défavorable — %(reasons)s") % {"reasons": reasons},
                via=via,
            )
    elif pending or awaiting is None:
        if case.status == blocked.slug:
            case_move(
                case=case,
                to_status=consulting.slug,
                actor=actor,
                reason=_("Plus aucun avis défavorable : la consultation reprend."),
                via=via,
            )
    else:
        case_view_grant(
            case=case,
            group_ids=list(_elected_groups()),
            actor=actor,
            via=via,
            reason=_("Accès en lecture des élus, pour décider"),
        )
        case_move(
            case=case,
            to_status=awaiting.slug,
            actor=actor,
            reason=_("Tous les services consultés sont favorables : décision de l'élu attendue."),
            via=via,
        )


def _elected_groups() -> Any:
    app_label, codename = DECIDE_PERMISSION.split(".")
    return Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).values_list("pk", flat=True)


def _tell_department(case: Case, consultation: Consultation) -> None:
    notification_queue(
        case=case,
        kind="consultation_requested",
        recipient=consultation.department.email,
        subject=_("Avis demandé sur le dossier %(reference)s, pour le %(due)s")
        % {
            "reference": case.reference,
            "due": timezone.localtime(consultation.due_at).strftime("%d/%m/%Y"),
        },
        context={
            "consultation": consultation,
            "case_url": absolute_url(
                "backoffice:case", site=case_site(case), reference=case.reference
            ),
        },
    )
