"""The citizen's side of a procedure page: show the form, check the answers, submit."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from casework.models import Case
from casework.services.cases import case_submit
from formbuilder.owners import session_owner
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors, visible_answers

RECEIPT_SESSION_KEY = "guichet_receipt"


def handle_submission(page: Any, request: HttpRequest) -> HttpResponse:
    version = page.form.current_version
    if version is None:
        return TemplateResponse(request, "cms/procedure_page.html", {"page": page, "self": page})
    form_class = form_class_for(version.schema, version.ui_schema)
    owner = session_owner(request)
    if request.method != "POST":
        form = form_class(owner=owner)
    else:
        form = form_class(request.POST, request.FILES, owner=owner)
        if form.is_valid():
            # Answers to questions hidden by a condition are dropped, never stored.
            answers = visible_answers(version.ui_schema, form.answers())
            errors = answer_errors(version.schema, version.ui_schema, answers, key=version.checksum)
            if errors:
                form.add_schema_errors(errors)
            else:
                submitted = case_submit(
                    procedure=page,
                    form_version=version,
                    answers=answers,
                    citizen_email=contact_email(version.schema, version.ui_schema, answers),
                    actor=request.user,
                )
                request.session[RECEIPT_SESSION_KEY] = {
                    "page_id": page.pk,
                    "case_id": submitted.case.pk,
                    "tracking_code": submitted.tracking_code,
                }
                return redirect(page.url + page.reverse_subpage("confirmation"))
    return TemplateResponse(
        request,
        "cms/procedure_page.html",
        {"page": page, "self": page, "form": form, "version": version},
        status=400 if form.is_bound else 200,
    )


def pop_receipt(request: HttpRequest, page: Any) -> dict[str, Any] | None:
    """The receipt of the case this browser just submitted; shown once, then forgotten."""
    data = request.session.get(RECEIPT_SESSION_KEY)
    if not data or data.get("page_id") != page.pk:
        return None
    case = Case.objects.select_related("department").filter(pk=data["case_id"]).first()
    if case is None:
        return None
    return {"case": case, "tracking_code": data["tracking_code"]}


def contact_email(
    schema: dict[str, Any], ui_schema: dict[str, Any], answers: dict[str, Any]
) -> str:
    """The first e-mail answer in the form's order: where the acknowledgement goes."""
    for name in ui_schema.get("order", []):
        if schema["properties"][name].get("format") == "email" and answers.get(name):
            return answers[name]
    return ""
