"""The back-office queue: tabs, filters and keyset pages of cases, saved views, actions on
several cases at once, and exports of a view."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from guardian.shortcuts import get_objects_for_user

from ..models import AccessEvent, Case, QueueExport
from ..plain_select import PlainSelect
from ..queue_filters import (
    acts_on_cases,
    clean_query,
    members_for,
    queue_for,
    queue_page,
)
from ..selectors import can_audit, cases_visible_to
from ..services.access_log import access_record
from ..services.queue_exports import CONTENT_TYPES, export_filename, queue_export_request
from ..services.queue_views import (
    BulkOutcome,
    QueueViewRefused,
    cases_bulk_assign,
    cases_bulk_transition,
    queue_view_delete,
    queue_view_save,
)
from ..statistics.scope import statistics_scope
from ..workflow import SIMPLE_REQUEST
from ..workflow import workflow_for as case_workflow
from .access import back_office, is_back_office_user

NOBODY = "personne"


@dataclass(frozen=True)
class Row:
    case: Case
    status: str
    late: bool
    may_change: bool


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not is_back_office_user(request.user) and statistics_scope(request.user) is not None:
        # The director general reads the statistics and handles no case: their first page
        # after signing in is the statistics, not a refusal.
        return redirect("backoffice:statistics")
    return _work_queue(request)


@back_office
def _work_queue(request: HttpRequest) -> HttpResponse:
    found = queue_for(request.user, request.GET, check_rows_later=True)
    page = queue_page(found.cases, found.form.chosen_sort, request.GET.get("after"))
    if found.rows_unchecked:
        # A case of one's department whose rights were withdrawn is left out, even if the
        # page then holds fewer rows: never a line about a case one may not open.
        allowed = set(
            cases_visible_to(request.user)
            .filter(pk__in=[case.pk for case in page.rows])
            .values_list("pk", flat=True)
        )
        page.rows = [case for case in page.rows if case.pk in allowed]
    acts = acts_on_cases(request.user)
    changeable = _changeable_ids(request.user, page.rows) if acts else set()
    today = timezone.localdate()
    rows = [
        Row(
            case=case,
            status=_status_label(case),
            late=case.decided_at is None and case.deadline is not None and case.deadline < today,
            may_change=case.pk in changeable,
        )
        for case in page.rows
    ]
    base = reverse("backoffice:queue")
    query = found.query
    without_tab = QueryDict(query, mutable=True)
    without_tab.pop("tab", None)
    tab_links = [
        (tab, f"{base}?{_join(without_tab.urlencode(), 'tab=' + tab.slug)}") for tab in found.tabs
    ]
    next_url = None
    if page.next_cursor:
        after = QueryDict(mutable=True)
        after["after"] = page.next_cursor
        next_url = f"{base}?{_join(query, after.urlencode())}"
    return render(
        request,
        "casework/backoffice/queue.html",
        {
            "queue": found,
            "form": found.form,
            "tab_links": tab_links,
            "rows": rows,
            "page": page,
            "next_url": next_url,
            "first_url": f"{base}?{query}" if query else base,
            "query": query,
            "read_only": can_audit(request.user) and not acts,
            "saved_views": request.user.saved_queue_views.all(),
            "bulk_form": BulkActionForm(user=request.user) if acts else None,
        },
    )


def _join(*parts: str) -> str:
    return "&".join(part for part in parts if part)


def _status_label(case: Case) -> str:
    try:
        return case_workflow(case).status(case.status).label
    except KeyError:
        return case.status


def _changeable_ids(user: AbstractBaseUser, cases: list[Case]) -> set[int]:
    """Which of the page's cases this person may change, in one query rather than fifty."""
    if not cases:
        return set()
    return set(
        get_objects_for_user(
            user,
            "casework.change_case",
            klass=Case.objects.filter(pk__in=[case.pk for case in cases]),
            accept_global_perms=False,
            with_superuser=False,
        ).values_list("pk", flat=True)
    )


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    """Back to the queue as it was: the posted query string, cleaned of anything unknown."""
    query = clean_query(QueryDict(request.POST.get("query", "")))
    return redirect(f"{reverse('backoffice:queue')}?{query}" if query else "backoffice:queue")


@require_POST
@back_office
def view_save(request: HttpRequest) -> HttpResponse:
    query = clean_query(QueryDict(request.POST.get("query", "")))
    try:
        view = queue_view_save(owner=request.user, name=request.POST.get("name", ""), query=query)
    except QueueViewRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"La vue « {view.name} » est enregistrée.")
    return _back_to_queue(request)


@require_POST
@back_office
def view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not queue_view_delete(owner=request.user, view_id=pk):
        raise Http404
    messages.success(request, "La vue est supprimée.")
    return _back_to_queue(request)


class CaseIdsField(forms.TypedMultipleChoiceField):
    """Any case ids: the service, not the form, decides which ones this person may act on."""

    def valid_value(self, value: Any) -> bool:
        return True


class BulkActionForm(forms.Form):
    ASSIGN, TRANSITION = "attribuer", "changer-statut"

    action = forms.ChoiceField(
        choices=[(ASSIGN, ASSIGN), (TRANSITION, TRANSITION)],
        error_messages={"required": "Choisissez une action.", "invalid_choice": "Action inconnue."},
    )
    cases = CaseIdsField(
        coerce=int,
        error_messages={
            "required": "Cochez au moins un dossier.",
            "invalid_choice": "Un des dossiers cochés n'existe pas.",
        },
    )
    assignee = forms.ChoiceField(
        widget=PlainSelect,
        label="Attribuer à…",
        required=False,
        error_messages={"invalid_choice": "Cette personne n'est pas membre de vos services."},
    )
    to_status = forms.ChoiceField(
        widget=PlainSelect,
        label="Nouveau statut",
        required=False,
        error_messages={"invalid_choice": "Ce statut n'existe pas."},
    )
    reason = forms.CharField(label="Motif du changement de statut", required=False, max_length=500)

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        # Its own ids: the filters above have an "assignee" box too.
        kwargs.setdefault("auto_id", "groupe_%s")
        super().__init__(*args, **kwargs)
        self.members = {str(member.pk): member for member in members_for(user)}
        self.fields["assignee"].choices = [
            ("", "Choisir…"),
            (NOBODY, "Personne (tout le service)"),
            *(
                (pk, member.get_full_name() or member.get_username())
                for pk, member in self.members.items()
            ),
        ]
        self.fields["to_status"].choices = [("", "Choisir…"), *_status_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == self.ASSIGN and not data.get("assignee"):
            self.add_error("assignee", "Choisissez à qui attribuer les dossiers.")
        if data.get("action") == self.TRANSITION:
            if not data.get("to_status"):
                self.add_error("to_status", "Choisissez le nouveau statut.")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Indiquez le motif du changement de statut.")
        return data


def _status_choices() -> list[tuple[str, str]]:
    """Every status a case can be moved to, by slug; a slug that several workflows share
    shows each of its labels."""
    from ..models import WorkflowStatus

    labels: dict[str, list[str]] = {}
    rows = [(s.slug, s.label) for s in SIMPLE_REQUEST.statuses]
    rows += list(WorkflowStatus.objects.values_list("slug", "label"))
    for slug, label in rows:
        if label not in labels.setdefault(slug, []):
            labels[slug].append(label)
    return sorted(
        ((slug, " / ".join(names)) for slug, names in labels.items()),
        key=lambda choice: choice[1].casefold(),
    )


@require_POST
@back_office
def bulk_action(request: HttpRequest) -> HttpResponse:
    if not acts_on_cases(request.user):
        raise PermissionDenied  # auditors and elected officials read; they move no case
    form = BulkActionForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_queue(request)
    data = form.cleaned_data
    if data["action"] == BulkActionForm.ASSIGN:
        assignee = None if data["assignee"] == NOBODY else form.members[data["assignee"]]
        outcome = cases_bulk_assign(case_ids=data["cases"], assignee=assignee, actor=request.user)
        _tell(request, outcome, "%(n)d dossier attribué.", "%(n)d dossiers attribués.")
    else:
        outcome = cases_bulk_transition(
            case_ids=data["cases"],
            to_status=data["to_status"],
            reason=data["reason"],
            actor=request.user,
        )
        _tell(
            request,
            outcome,
            "%(n)d dossier a changé de statut.",
            "%(n)d dossiers ont changé de statut.",
        )
    return _back_to_queue(request)


def _tell(request: HttpRequest, outcome: BulkOutcome, one: str, many: str) -> None:
    done = len(outcome.done)
    if done:
        messages.success(request, (many if done > 1 else one) % {"n": done})
    elif not outcome.refused:
        messages.error(request, "Aucun des dossiers cochés ne peut être modifié.")
    for reference, reason in outcome.refused:
        messages.error(request, f"{reference} : non modifié. {reason}")


@require_POST
@back_office
def export_start(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("format")
    if chosen not in QueueExport.Format.values:
        messages.error(request, "Choisissez le format de l'export : CSV ou Excel.")
        return _back_to_queue(request)
    query = clean_query(QueryDict(request.POST.get("query", "")))
    queue_export_request(owner=request.user, query=query, format=chosen)
    access_record(request, AccessEvent.Kind.EXPORT_REQUESTED, detail=f"{chosen.upper()} ?{query}")
    messages.success(request, "L'export est lancé : il apparaît ci-dessous dès qu'il est prêt.")
    return redirect("backoffice:queue-exports")


@require_GET
@back_office
def exports(request: HttpRequest) -> HttpResponse:
    mine = list(request.user.queue_exports.all()[:20])
    return render(
        request,
        "casework/backoffice/exports.html",
        {"exports": mine, "running": any(export.is_active for export in mine)},
    )


@require_GET
@back_office
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = QueueExport.objects.filter(pk=pk, owner=request.user).first()
    if export is None or export.status != QueueExport.Status.DONE or not export.file:
        raise Http404
    response = FileResponse(
        export.file.open("rb"),
        content_type=CONTENT_TYPES[export.format],
        as_attachment=True,
        filename=export_filename(export),
    )
    response["X-Content-Type-Options"] = "nosniff"
    access_record(
        request,
        AccessEvent.Kind.EXPORT_DOWNLOADED,
        detail=f"{export.format.upper()} ?{export.query} ({export.rows_done} dossiers)",
    )
    return response
