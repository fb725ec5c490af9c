"""Reads that need care: what a person may see of cases, and their history."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from formbuilder.fields.address import PART_KEYS as ADDRESS_PARTS

from .history import Via
from .models import Case
from .workflow import workflow_for

# Bookkeeping columns that change with every write and tell an auditor nothing.
UNTOLD_FIELDS = {"lock_version", "updated_at"}

AUDIT_PERMISSION = "casework.audit_case"


def can_audit(user: AbstractBaseUser) -> bool:
    return user.is_active and user.has_perm(AUDIT_PERMISSION)


def cases_visible_to(user: AbstractBaseUser) -> QuerySet[Case]:
    """Cases a back-office user may open: by object permission, or all for auditors."""
    if can_audit(user):
        return Case.objects.all()
    return get_objects_for_user(
        user, "casework.view_case", klass=Case, accept_global_perms=False, with_superuser=False
    )


def can_view_case(user: AbstractBaseUser, case: Case) -> bool:
    return user.is_active and (can_audit(user) or user.has_perm("casework.view_case", case))


def can_change_case(user: AbstractBaseUser, case: Case) -> bool:
    return user.is_active and user.has_perm("casework.change_case", case)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    actor: str
    reason: str
    channel: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def case_history(case: Case) -> list[HistoryEntry]:
    """Every recorded change of a case, oldest first, with field-level differences.

    Answers are compared question by question so that an auditor sees which one changed.
    """
    records = list(
        case.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in UNTOLD_FIELDS:
                    continue
                changes.extend(_expand(case, change.field, change.old, change.new))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                actor=_actor_name(record.history_user),
                reason=record.history_change_reason or "",
                channel=str(Via.LABELS.get(record.history_channel, record.history_channel)),
                kind={"+": "création", "~": "modification", "-": "suppression"}[
                    record.history_type
                ],
                changes=changes,
            )
        )
        previous = record
    return entries


def _expand(case: Case, name: str, old: Any, new: Any) -> list[Change]:
    if name == "answers" and isinstance(old, dict) and isinstance(new, dict):
        titles = case.form_version.schema.get("properties", {})
        return [
            Change(
                f"answers.{key}", titles.get(key, {}).get("title", key), old.get(key), new.get(key)
            )
            for key in sorted(set(old) | set(new))
            if old.get(key) != new.get(key)
        ]
    label = str(Case._meta.get_field(name).verbose_name)
    if name == "status":
        workflow = workflow_for(case)
        old, new = _status_label(workflow, old), _status_label(workflow, new)
    return [Change(name, label, old, new)]


def _status_label(workflow: Any, slug: str) -> str:
    try:
        return str(workflow.status(slug).label)
    except KeyError:
        return slug


def _actor_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "Usager (sans compte)"
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


@dataclass(frozen=True)
class PublicEvent:
    when: datetime
    label: str


def public_timeline(case: Case) -> list[PublicEvent]:
    """The dated status changes a citizen may see (never internal reasons or names)."""
    workflow = workflow_for(case)
    events: list[PublicEvent] = []
    last_status = None
    for record in case.history.order_by("history_date", "history_id").only(
        "status", "history_date"
    ):
        if record.status != last_status:
            events.append(PublicEvent(record.history_date, _status_label(workflow, record.status)))
            last_status = record.status
    return events


def documents_expected(case: Case) -> Any:
    """The department's latest request for documents, if the citizen has not answered it."""
    last_request = case.messages.filter(asks_for_documents=True).order_by("-created_at").first()
    if last_request is None:
        return None
    answered = case.messages.filter(
        author_kind="citizen", created_at__gte=last_request.created_at
    ).exists()
    return None if answered else last_request


def case_file_tokens(case: Case) -> set[str]:
    """Every file a case holds: in its answers and in its messages."""
    from formbuilder.answers import file_tokens

    tokens = set(file_tokens(case.form_version.ui_schema, case.answers))
    for files in case.messages.values_list("files", flat=True):
        tokens.update(item["upload"] for item in files or [] if isinstance(item, dict))
    return tokens


@dataclass(frozen=True)
class ConsultationRow:
    consultation: Any
    days_late: int  # 0 when not late
    business_app_url: str
    may_answer: bool


def consultation_rows(case: Case, user: AbstractBaseUser, now: datetime) -> list[ConsultationRow]:
    """The case's consultations as its page shows them: who is late and by how much, each
    department's business application, and which ones this person answers."""
    groups = set(user.groups.values_list("pk", flat=True))
    rows = []
    for consultation in case.consultations.select_related("department", "answered_by"):
        late = consultation.answered_at is None and consultation.due_at < now
        rows.append(
            ConsultationRow(
                consultation=consultation,
                days_late=max(1, (now - consultation.due_at).days) if late else 0,
                business_app_url=business_app_url(consultation.department, case.answers),
                may_answer=consultation.department.group_id in groups,
            )
        )
    return rows


def business_app_url(department: Any, answers: dict[str, Any]) -> str:
    """The department's application address with the case's answers in its {braces};
    empty when it names an answer the case does not have."""
    template = department.business_app_url
    if not template:
        return ""
    try:
        return template.format_map(
            {key: quote(_as_text(value), safe="") for key, value in answers.items()}
        )
    except (KeyError, ValueError, IndexError, AttributeError):
        return ""


def _as_text(value: Any) -> str:
    """An answer as one line: an address's parts, a list's items, or the value itself."""
    if isinstance(value, dict):
        # PostgreSQL's jsonb keeps keys in its own order, so an address is put back in
        # reading order rather than trusted to come out as it was typed.
        keys = sorted(value, key=lambda k: ADDRESS_PARTS.index(k) if k in ADDRESS_PARTS else 99)
        return " ".join(str(value[key]) for key in keys if value[key] not in (None, ""))
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value)
    return str(value)
