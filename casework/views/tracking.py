"""The citizen's tracking page, reached with the secret code and no account."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from themes.context_processors import theme as theme_context

from ..models import Case
from ..receipt_pdf import receipt_pdf
from ..selectors import public_timeline
from ..services.cases import tracking_url
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


@require_http_methods(["GET"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def case(request: HttpRequest, code: str) -> HttpResponse:
    found = _case_for(code)
    return render(
        request,
        "casework/tracking/case.html",
        {
            "case": found,
            "status": workflow_for(found).status(found.status),
            "timeline": public_timeline(found),
        },
    )


@require_http_methods(["GET"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF receipt, to whoever holds the tracking code."""
    found = _case_for(code)
    look = theme_context(request)
    pdf = receipt_pdf(
        case=found,
        tracking_code=found.tracking_code,
        town_name=look["town_name"],
        primary_colour=look["theme_tokens"]["--g-primary"],
        tracking_url=tracking_url(found.tracking_code),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recepisse-{found.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
