"""The conversation on a case: the department writes (and may ask for documents), the
citizen answers and adds documents while the case is open. Each side is told."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from formbuilder.uploads import uploads_claim

from ..history import Via, stamp
from ..models import Case, CaseMessage
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
    notification_queue(
        case=locked,
        kind="citizen_reply",
        recipient=locked.department.email,
        subject=_("Nouveau message de l'usager sur le dossier %(reference)s")
        % {"reference": locked.reference},
        context={"message": message},
    )
    return message
