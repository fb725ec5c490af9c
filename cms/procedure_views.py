"""The citizen's side of a procedure page: present it, start or resume a draft, fill, send."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from formbuilder.drafts import draft_from_token, draft_start
from formbuilder.models import Draft
from formbuilder.owners import known_drafts, remember_draft

from .procedure_access import ONCE_ONLY, already_submitted, refusal
from .receipts import pop_receipt
from .wizard import ProcedureWizard


def presentation(page: Any, request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "cms/procedure_page.html",
        {
            "page": page,
            "self": page,
            "draft": _current_draft(page, request),
            "refusal": refusal(page, request.user),
            "already_submitted": already_submitted(page, request.user, ""),
        },
    )


def refused(page: Any, request: HttpRequest, message: str) -> HttpResponse:
    return TemplateResponse(
        request,
        "cms/procedure_refused.html",
        {"page": page, "self": page, "message": message},
        status=403,
    )


def start(page: Any, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":  # starting creates a draft: never on a mere visit
        return HttpResponseNotAllowed(["POST"])
    if message := refusal(page, request.user):
        return refused(page, request, message)
    if already_submitted(page, request.user, ""):
        return refused(page, request, ONCE_ONLY)
    version = page.form.current_version
    if version is None:
        return redirect(page.url)
    draft = draft_start(page=page, form_version=version, user=request.user)
    remember_draft(request, str(draft.public_id))
    return redirect(page.url + page.reverse_subpage("wizard-entry"))


def wizard(page: Any, request: HttpRequest, step: str | None) -> HttpResponse:
    draft = _current_draft(page, request)
    if draft is None:
        return redirect(page.url)  # no draft here: the procedure page offers to start one
    if message := refusal(page, request.user):
        return refused(page, request, message)  # closed since, or a crafted request
    request.guichet_draft = draft
    return ProcedureWizard.for_page(page)(request, step=step)


def resume(page: Any, request: HttpRequest, token: str) -> HttpResponse:
    draft = draft_from_token(token)
    if draft is None or draft.page_id != page.pk:
        return TemplateResponse(
            request, "cms/resume_invalid.html", {"page": page, "self": page}, status=410
        )
    remember_draft(request, str(draft.public_id))
    return redirect(page.url + page.reverse_subpage("wizard-entry"))


def confirmation(page: Any, request: HttpRequest) -> HttpResponse:
    receipt = pop_receipt(request, page)
    if receipt is None:
        return redirect(page.url)
    return TemplateResponse(
        request, "cms/confirmation.html", {"page": page, "self": page, **receipt}
    )


def _current_draft(page: Any, request: HttpRequest) -> Draft | None:
    """This browser's latest unsent draft of this procedure."""
    return (
        Draft.objects.select_related("form_version")
        # The version's editor blocks serve only to restore it: not needed to fill it in.
        .defer("form_version__blocks")
        .filter(public_id__in=known_drafts(request), page_id=page.pk, submitted_at__isnull=True)
        .order_by("-updated_at")
        .first()
    )
