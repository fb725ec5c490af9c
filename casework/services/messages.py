"""The conversation on a case: the department writes (and may ask for documents), the
citizen answers and adds documents while the case is open. Each side is told."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from formbuilder.uploads import uploads_claim

from ..deadlines import deadline_from
from ..history import Via, stamp
from ..models import Case, CaseMessage, DocumentsClock
from ..workflow import workflow_for
from .cases import CaseActionRefused, tracking_url
from .notifications import notification_queue


@transaction.atomic
def message_to_citizen(
    *, case: Case, actor: Any, body: str, asks_for_documents: bool = False
) -> CaseMessage:
    if not body.strip():
        raise CaseActionRefused(_("Écrivez le message."))
    message = CaseMessage(
        case=case,
        author_kind=CaseMessage.Author.DEPARTMENT,
        author=actor,
        body=body.strip(),
        asks_for_documents=asks_for_documents,
    )
    stamp(message, actor=actor, reason=_("Message à l'usager"), channel=Via.BACK_OFFICE)
    message.save()
    if asks_for_documents:
        _clock_suspend(case, actor=actor)
    notification_queue(
        case=case,
        kind="message_to_citizen",
        recipient=case.citizen_email,
        subject=_("Un message sur votre demande %(reference)s") % {"reference": case.reference},
        context={"message": message, "tracking_url": tracking_url(case.tracking_code, case=case)},
    )
    return message


@transaction.atomic
def citizen_reply(*, case: Case, body: str, files: list[dict[str, Any]]) -> CaseMessage:
    """Refused once the case is closed: a final decision is not reopened by a message."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if workflow_for(locked).status(locked.status).final:
        raise CaseActionRefused(_("Ce dossier est clos : il ne reçoit plus de messages."))
    if not body.strip() and not files:
        raise CaseActionRefused(_("Écrivez un message ou joignez un document."))
    message = CaseMessage(
        case=locked, author_kind=CaseMessage.Author.CITIZEN, body=body.strip(), files=files
    )
    stamp(message, actor=None, reason=_("Réponse de l'usager"), channel=Via.CITIZEN_SITE)
    message.save()
    uploads_claim(tokens=[item["upload"] for item in files])
    if files:
        _clock_resume(locked)
    notification_queue(
        case=locked,
        kind="citizen_reply",
        recipient=locked.department.email,
        subject=_("Nouveau message de l'usager sur le dossier %(reference)s")
        % {"reference": locked.reference},
        context={"message": message},
    )
    return message


def _clock_suspend(case: Case, *, actor: Any) -> None:
    """Documents asked for: the deadline waits for them (both clock rules stop it here)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.decided_at is not None or locked.clock_suspended_at is not None:
        return
    locked.clock_suspended_at = timezone.now()
    stamp(
        locked, actor=actor, reason=_("Délai suspendu : pièces demandées"), channel=Via.BACK_OFFICE
    )
    locked.save(update_fields=["clock_suspended_at", "updated_at"])


def _clock_resume(case: Case) -> None:
    """Documents received: the deadline goes on where it stopped, or starts again from
    today, as the procedure's workflow says."""
    if case.clock_suspended_at is None or case.deadline is None:
        return
    workflow = workflow_for(case)
    today = timezone.localdate()
    if workflow.documents_clock == DocumentsClock.RESET:
        case.deadline = deadline_from(
            today, workflow.deadline_days, business_days=workflow.deadline_in_business_days
        )
    else:
        case.deadline += today - timezone.localdate(case.clock_suspended_at)
    case.clock_suspended_at = None
    stamp(case, actor=None, reason=_("Délai repris : pièces reçues"), channel=Via.CITIZEN_SITE)
    case.save(update_fields=["deadline", "clock_suspended_at", "updated_at"])
