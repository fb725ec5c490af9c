"""The citizen's tracking page, reached with the secret code and no account."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from formbuilder.owners import case_owner, remember_case
from themes.look import look_for_page

from ..decision_pdf import decision_letter_pdf
from ..forms import ReplyForm
from ..models import Case
from ..receipt_pdf import receipt_pdf
from ..selectors import documents_expected, public_timeline
from ..services.cases import CaseActionRefused, tracking_url
from ..services.messages import citizen_reply
from ..tracking_codes import normalise_tracking_code
from ..workflow import workflow_for


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def lookup(request: HttpRequest) -> HttpResponse:
    typed = request.POST.get("code", "") if request.method == "POST" else ""
    if request.method == "POST":
        code = normalise_tracking_code(typed)
        if code is not None:
            return redirect("tracking:case", code=code)
    return render(
        request,
        "casework/tracking/lookup.html",
        {"typed": typed, "invalid": request.method == "POST"},
        status=200 if request.method == "GET" else 400,
    )


def _case_for(code: str) -> Case:
    normalised = normalise_tracking_code(code)
    found = (
        Case.objects.select_related("department", "procedure")
        .filter(tracking_code=normalised)
        .first()
        if normalised
        else None
    )
    if found is None:
        # Same page for malformed and unknown codes: nothing tells whether a case exists.
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def case(request: HttpRequest, code: str) -> HttpResponse:
    found = _case_for(code)
    remember_case(request, found.reference)
    status = workflow_for(found).status(found.status)
    form = (
        None
        if status.final
        else ReplyForm(
            request.POST or None, request.FILES or None, owner=case_owner(found.reference)
        )
    )
    if request.method == "POST" and form is None:
        return HttpResponseNotAllowed(["GET"])  # a closed case takes no more messages
    if request.method == "POST" and form.is_valid():
        try:
            citizen_reply(
                case=found, body=form.cleaned_data["body"], files=form.cleaned_data["files"]
            )
        except CaseActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Votre message a été transmis au service."))
            return redirect("tracking:case", code=found.tracking_code)
    return render(
        request,
        "casework/tracking/case.html",
        {
            "case": found,
            "status": status,
            "timeline": public_timeline(found),
            "conversation": found.messages.all(),
            "documents_expected": documents_expected(found),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF receipt, to whoever holds the tracking code.

    In the look of the case's own town, as its e-mails are: the contact block printed on
    it must be that of the town handling the case, whichever host served the download."""
    found = _case_for(code)
    pdf = receipt_pdf(
        case=found,
        tracking_code=found.tracking_code,
        look=look_for_page(found.procedure),
        tracking_url=tracking_url(found.tracking_code, case=found),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recepisse-{found.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def decision_letter(request: HttpRequest, code: str) -> HttpResponse:
    """The decision letter, to whoever holds the tracking code, once there is a decision."""
    found = _case_for(code)
    if not found.decision or found.decided_at is None:
        raise Http404
    pdf = decision_letter_pdf(case=found, look=look_for_page(found.procedure))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-{found.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
