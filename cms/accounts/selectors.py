"""What the citizen space shows: only ever the signed-in person's own cases and drafts."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from casework.models import Case, Notification
from casework.workflow import Status, workflow_for
from formbuilder.drafts import resume_token
from formbuilder.models import Draft

NOTIFICATIONS_SHOWN = 20


@dataclass(frozen=True)
class CaseRow:
    case: Case
    status: Status


@dataclass(frozen=True)
class DraftRow:
    draft: Draft
    procedure_title: str
    resume_url: str


@dataclass(frozen=True)
class Dashboard:
    in_progress: list[CaseRow]
    drafts: list[DraftRow]
    past: list[CaseRow]
    notifications: list[Notification]
    wallet_count: int = 0


def citizen_cases(user: Any) -> tuple[list[CaseRow], list[CaseRow]]:
    """The person's cases, newest first: those still handled, and those closed."""
    in_progress: list[CaseRow] = []
    past: list[CaseRow] = []
    cases = Case.objects.filter(citizen_id=user.pk).select_related("procedure", "department")
    for case in cases.order_by("-submitted_at"):
        status = workflow_for(case).status(case.status)
        (past if status.final else in_progress).append(CaseRow(case=case, status=status))
    return in_progress, past


def citizen_drafts(user: Any) -> list[DraftRow]:
    """The person's unsent drafts still kept, with the link that resumes each."""
    from cms.models import ProcedurePage  # the page models import this app's model

    drafts = list(
        Draft.objects.filter(
            user_id=user.pk, submitted_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-updated_at")
    )
    pages = ProcedurePage.objects.in_bulk({draft.page_id for draft in drafts})
    rows = []
    for draft in drafts:
        page = pages.get(draft.page_id)
        if page is None or not page.live:
            continue  # the procedure was withdrawn: nothing to resume any more
        url = page.url + page.reverse_subpage("resume", args=[resume_token(draft)])
        rows.append(DraftRow(draft=draft, procedure_title=page.title, resume_url=url))
    return rows


def citizen_notifications(user: Any, limit: int = NOTIFICATIONS_SHOWN) -> list[Notification]:
    """The e-mails sent about the person's cases, newest first."""
    return list(
        Notification.objects.filter(case__citizen_id=user.pk, recipient=F("case__citizen_email"))
        .select_related("case")
        .order_by("-created_at", "-pk")[:limit]
    )


def citizen_dashboard(user: Any) -> Dashboard:
    in_progress, past = citizen_cases(user)
    return Dashboard(
        in_progress=in_progress,
        drafts=citizen_drafts(user),
        past=past,
        notifications=citizen_notifications(user),
        wallet_count=user.wallet_documents.count(),
    )


def case_matching(*, reference: str, tracking_code: str) -> Case | None:
    """The case with both this reference and this tracking code, or None."""
    return Case.objects.filter(reference=reference, tracking_code=tracking_code).first()
