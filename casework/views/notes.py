"""Internal notes on a case, written from its page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import NoteForm
from ..services.notes import can_write_note, note_add
from .access import back_office, visible_case
from .case_page import act_on_case


@require_POST
@back_office
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    case = visible_case(request, reference)
    if not can_write_note(request.user, case):
        raise PermissionDenied
    form = NoteForm(request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: note_add(case=case, author=request.user, body=data["note"]),
        done=_("La note a été ajoutée."),
        shown_as="note_form",
    )
