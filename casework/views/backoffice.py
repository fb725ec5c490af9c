"""Back office: a case, its status changes and its history."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from formbuilder.models import Upload

from ..forms import MessageForm, TransitionForm
from ..models import AccessEvent
from ..selectors import (
    case_file_tokens,
    case_history,
)
from ..services.access_log import access_record
from ..services.cases import case_transition
from ..services.messages import message_to_citizen
from ..services.movers import movers_of
from .access import back_office, changeable_case, visible_case
from .case_page import act_on_case, render_case


@require_GET
@back_office
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = visible_case(request, reference)
    access_record(request, AccessEvent.Kind.CASE_OPENED, case=case)
    return render_case(request, case)


@require_POST
@back_office
def case_transition_view(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = TransitionForm.for_case(case, data=request.POST, movers=movers_of(request.user, case))
    return act_on_case(
        request,
        case,
        form,
        lambda data: case_transition(
            case=case,
            to_status=data["to_status"],
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        done=_("Le statut du dossier a été mis à jour."),
        shown_as="transition_form",
    )


@require_GET
@back_office
def case_history_view(request: HttpRequest, reference: str) -> HttpResponse:
    case = visible_case(request, reference)
    return render(
        request, "casework/backoffice/history.html", {"case": case, "entries": case_history(case)}
    )


@require_GET
@back_office
def case_file(request: HttpRequest, reference: str, token: str) -> FileResponse:
    """A file of a case, to those who may open the case; always as a download."""
    case = visible_case(request, reference)
    if token not in case_file_tokens(case):
        raise Http404
    upload = Upload.objects.filter(token=token).first()
    if upload is None:
        raise Http404
    response = FileResponse(
        upload.file.open("rb"),
        content_type=upload.content_type,
        as_attachment=True,
        filename=upload.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    access_record(request, AccessEvent.Kind.FILE_DOWNLOADED, case=case, detail=upload.name)
    return response


@require_POST
@back_office
def case_message_view(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = MessageForm(request.POST)
    if form.is_valid():
        message_to_citizen(
            case=case,
            actor=request.user,
            body=form.cleaned_data["body"],
            asks_for_documents=form.cleaned_data["asks_for_documents"],
        )
        messages.success(request, _("Le message a été envoyé à l'usager."))
        return redirect("backoffice:case", reference=case.reference)
    return render_case(request, case, status=400, message_form=form)
