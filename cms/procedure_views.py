"""The citizen's side of a procedure page: present it, start or resume a draft, fill, send."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from formbuilder.drafts import draft_from_token, draft_new, draft_start
from formbuilder.models import Draft, published_version
from formbuilder.owners import known_drafts, remember_draft

from .compiled_queries import run_compiled
from .procedure_access import ONCE_ONLY, already_submitted, refusal
from .receipts import pop_receipt
from .wizard import ProcedureWizard, step_name


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
    version = page.current_form_version
    if version is None:
        return redirect(page.get_url(request))
    draft = draft_start(page=page, form_version=version, user=request.user)
    remember_draft(request, str(draft.public_id))
    return redirect(page.get_url(request) + page.reverse_subpage("wizard-entry"))


def wizard(page: Any, request: HttpRequest, step: str | None) -> HttpResponse:
    if message := refusal(page, request.user):
        return refused(page, request, message)  # closed since, or a crafted request
    draft = _current_draft(page, request) or _new_draft(page, request, step)
    if draft is None:
        return redirect(page.get_url(request))  # nothing to continue here: the page offers to start
    if draft.pk is None and already_submitted(page, request.user, ""):
        return refused(page, request, ONCE_ONLY)
    request.guichet_draft = draft
    response = ProcedureWizard.for_page(page)(request, step=step)
    if draft.pk is not None and str(draft.public_id) not in known_drafts(request):
        remember_draft(request, str(draft.public_id))  # kept by this request's answers
    return response


def _new_draft(page: Any, request: HttpRequest, step: str | None) -> Draft | None:
    """A draft to fill in, kept only once answers are sent: opening the form, or sending
    its first page, starts the procedure without a request of its own."""
    version = page.current_form_version
    if version is None:
        return None
    if step not in (None, step_name(0)):
        return None  # a later step of a draft this browser does not have
    return draft_new(page=page, form_version=version, user=request.user)


def resume(page: Any, request: HttpRequest, token: str) -> HttpResponse:
    draft = draft_from_token(token)
    if draft is None or draft.page_id != page.pk:
        return TemplateResponse(
            request, "cms/resume_invalid.html", {"page": page, "self": page}, status=410
        )
    remember_draft(request, str(draft.public_id))
    return redirect(page.get_url(request) + page.reverse_subpage("wizard-entry"))


def confirmation(page: Any, request: HttpRequest) -> HttpResponse:
    receipt = pop_receipt(request, page)
    if receipt is None:
        return redirect(page.get_url(request))
    return TemplateResponse(
        request, "cms/confirmation.html", {"page": page, "self": page, **receipt}
    )


def _current_draft(page: Any, request: HttpRequest) -> Draft | None:
    """This browser's latest unsent draft of this procedure."""
    public_ids = []
    for known in known_drafts(request):
        try:
            public_ids.append(uuid.UUID(known))
        except ValueError:
            continue  # not one of ours: it designates no draft
    if not public_ids:
        return None
    # Asked on every step: compiled once per number of known drafts (compiled_queries.py).
    markers = [*(uuid.UUID(int=index) for index in range(len(public_ids))), PAGE_MARKER]
    key = ("current-draft", len(public_ids))
    found = run_compiled(Draft, key, _drafts_queryset, markers, [*public_ids, page.pk])
    draft = next(iter(found), None)
    if draft is not None:
        draft.form_version = published_version(draft.form_version_id)
    return draft


PAGE_MARKER = -7_318_421  # no page has a negative id


def _drafts_queryset(markers: list[Any]) -> Any:
    *public_ids, page_marker = markers
    return Draft.objects.filter(
        public_id__in=public_ids, page_id=page_marker, submitted_at__isnull=True
    ).order_by("-updated_at")[:1]
