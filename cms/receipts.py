"""What the browser that submitted a case may see once: its reference and tracking code."""

from typing import Any

from django.http import HttpRequest

from casework.models import Case
from formbuilder.browser_memory import recall, remember

RECEIPT_COOKIE = "guichet_recepisse"
RECEIPT_SHOWN_FOR = 3600  # seconds: the confirmation can be reloaded for an hour


def remember_receipt(request: HttpRequest, page: Any, submitted: Any) -> None:
    receipt = {
        "page_id": page.pk,
        "case_id": submitted.case.pk,
        "tracking_code": submitted.tracking_code,
    }
    remember(request, RECEIPT_COOKIE, receipt, max_age=RECEIPT_SHOWN_FOR)


def pop_receipt(request: HttpRequest, page: Any) -> dict[str, Any] | None:
    data = recall(request, RECEIPT_COOKIE)
    if not isinstance(data, dict) or data.get("page_id") != page.pk:
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
