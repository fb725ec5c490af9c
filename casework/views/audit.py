"""The auditor's views: the journal's timeline, one object's history, one person's acts and
views, each exportable as CSV. Read only, and for auditors only."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..audit_timeline import (
    ACCESS_EVENTS,
    CURSOR_KEY,
    JournalFilterForm,
    clean_query,
    journal_page,
    object_type_label,
)
from ..filter_fields import FilterForm
from ..models import AccessEvent, Case, JournalEntry
from ..object_history import (
    UnknownObjectType,
    model_of,
    object_label,
    object_steps,
    person,
    related_events,
    state_as_of,
    wagtail_log,
)
from ..selectors import can_audit
from ..services.access_log import access_record
from .audit_export import export_journal, export_object

PERSON_FIELDS = ("event", "du", "au")
ACTIONS, VIEWS = "actions", "consultations"
AS_OF_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def auditor_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in auditors only: anyone else signed in is refused, the others sent to sign in."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_audit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _page_links(request: HttpRequest, query: str, page: Any) -> dict[str, str]:
    base = request.path
    links = {"first_url": f"{base}?{query}" if query else base}
    if page.next_cursor:
        more = QueryDict(query, mutable=True)
        more[CURSOR_KEY] = page.next_cursor
        links["next_url"] = f"{base}?{more.urlencode()}"
    return links


def _export_url(request: HttpRequest, query: str) -> str:
    more = QueryDict(query, mutable=True)
    more["format"] = "csv"
    return f"{request.path}?{more.urlencode()}"


@require_GET
@auditor_only
def timeline(request: HttpRequest) -> HttpResponse:
    form = JournalFilterForm(request.GET)
    form.is_valid()
    entries = JournalEntry.objects.filter(form.filters())
    query = clean_query(request.GET, form)
    if request.GET.get("format") == "csv":
        return export_journal(
            request, entries, title="Journal d'audit", filters=form.described(), name="journal"
        )
    page = journal_page(entries, request.GET.get(CURSOR_KEY))
    return render(
        request,
        "casework/audit/timeline.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.rows),
            "export_url": _export_url(request, query),
            **_page_links(request, query, page),
        },
    )


class AsOfForm(FilterForm):
    au = forms.DateTimeField(
        label="État au",
        required=False,
        input_formats=AS_OF_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Date et heure, par exemple 01/05/2026 12:00.",
        error_messages={
            "invalid": "Saisissez une date et une heure, par exemple 01/05/2026 12:00."
        },
    )


@require_GET
@auditor_only
def object_history(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse:
    try:
        model = model_of(object_type)
        pk = model._meta.pk.to_python(object_id)
    except (UnknownObjectType, ValidationError) as error:
        raise Http404 from error
    steps = object_steps(model, pk)
    events = JournalEntry.objects.filter(
        object_type=model._meta.label_lower, object_id=str(pk), event__in=ACCESS_EVENTS
    )
    log, revisions = wagtail_log(model, pk)
    exists = model._default_manager.filter(pk=pk).exists()
    if not (steps or exists or log or events.exists()):
        raise Http404
    case = Case.objects.filter(pk=pk).first() if model is Case else None
    if case is not None:
        # The auditor reads the case's answers here: that look is logged like any other.
        access_record(request, AccessEvent.Kind.CASE_OPENED, case=case, detail="Journal d'audit")
    if request.GET.get("format") == "csv":
        return export_object(
            request, model, pk, steps, events, title=f"{object_type_label(object_type)} {pk}"
        )
    as_of_form = AsOfForm(request.GET if request.GET.get("au") else None)
    as_of = None
    if as_of_form.is_bound and as_of_form.is_valid() and as_of_form.cleaned_data["au"]:
        as_of = state_as_of(model, pk, as_of_form.cleaned_data["au"])
    page = journal_page(events, request.GET.get(CURSOR_KEY))
    query = QueryDict(mutable=True)
    if as_of is not None:
        query["au"] = request.GET["au"]
    return render(
        request,
        "casework/audit/object.html",
        {
            "object_type": model._meta.label_lower,
            "object_type_label": object_type_label(model._meta.label_lower),
            "object_id": pk,
            "label": object_label(model, pk),
            "case": case,
            "steps": list(reversed(steps)),
            "related": related_events(model, pk, steps),
            "as_of_form": as_of_form,
            "as_of": as_of,
            "log": log,
            "revisions": revisions,
            "page": page,
            "rows": _rows(page.rows),
            "export_url": _export_url(request, ""),
            **_page_links(request, query.urlencode(), page),
        },
    )


@require_GET
@auditor_only
def person_view(request: HttpRequest, user_id: int) -> HttpResponse:
    someone = person(user_id)
    if someone is None and not JournalEntry.objects.filter(actor_id=user_id).exists():
        raise Http404
    form = JournalFilterForm(request.GET, fields=PERSON_FIELDS)
    form.is_valid()
    shown = VIEWS if request.GET.get("vue") == VIEWS else ACTIONS
    theirs = JournalEntry.objects.filter(actor_id=user_id).filter(form.filters())
    counts = _counts(theirs)
    entries = (
        theirs.filter(event__in=ACCESS_EVENTS)
        if shown == VIEWS
        else theirs.exclude(event__in=ACCESS_EVENTS)
    )
    query = clean_query(request.GET, form)
    with_view = QueryDict(query, mutable=True)
    with_view["vue"] = shown
    if request.GET.get("format") == "csv":
        name = someone.get_username() if someone else str(user_id)
        return export_journal(
            request,
            entries,
            title=f"Journal d'audit de {name}",
            filters=f"{form.described()} ; {'consultations' if shown == VIEWS else 'actions'}",
            name=f"journal-{name}",
        )
    page = journal_page(entries, request.GET.get(CURSOR_KEY))
    return render(
        request,
        "casework/audit/person.html",
        {
            "someone": someone,
            "user_id": user_id,
            "form": form,
            "shown": shown,
            "counts": counts,
            "query": query,
            "page": page,
            "rows": _rows(page.rows),
            "export_url": _export_url(request, with_view.urlencode()),
            **_page_links(request, with_view.urlencode(), page),
        },
    )


def _counts(entries: Any) -> dict[str, list[tuple[str, int]]]:
    """How many entries of each kind of event, split into what was done and what was seen.
    COUNT(*), not COUNT(id): with an (actor, event) index PostgreSQL counts a busy
    person's hundreds of thousands of entries from the index alone."""
    labels = dict(JournalEntry.Event.choices)
    rows = entries.order_by().values_list("event").annotate(n=Count("*"))
    done, seen = [], []
    for event, count in sorted(rows, key=lambda row: -row[1]):
        (seen if event in ACCESS_EVENTS else done).append((str(labels.get(event, event)), count))
    return {"done": done, "seen": seen}


class Row:
    """A journal entry as a line of the timeline, with its links."""

    def __init__(self, entry: JournalEntry, object_url: str, person_url: str) -> None:
        self.entry = entry
        self.event = entry.get_event_display()
        self.object_type = object_type_label(entry.object_type) if entry.object_type else ""
        self.object_url = (
            object_url.replace("@type@", quote(entry.object_type, safe="")).replace(
                "@id@", quote(entry.object_id, safe="")
            )
            if entry.object_type and entry.object_id
            else ""
        )
        self.actor_url = f"{person_url}{entry.actor_id}/" if entry.actor_id else ""
        self.when: datetime = timezone.localtime(entry.at)


def _rows(entries: list[JournalEntry]) -> list[Row]:
    # Two reverse() for fifty rows, not a hundred: each costs as much as a query here.
    object_url = reverse("backoffice:audit-object", args=["@type@", "@id@"])
    person_url = reverse("backoffice:audit-person", args=[0]).removesuffix("0/")
    return [Row(entry, object_url, person_url) for entry in entries]
