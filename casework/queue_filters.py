"""The back-office queue as a query string: its tabs, filters, search and sort, the cases
they select, and its pages.

Pages are keyset pages: the link to the next one carries the last row's sort key, so a page
costs the same at the millionth case as at the first, and no page ever counts the whole
queue. Both run on the (submitted_at, id) index (case_queue_newest); the deadline sort runs
on case_deadline_open for open cases."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.core import signing
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .filter_fields import FilterForm, channel_filter, department_filter, procedure_filter
from .models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Consultation,
    Department,
    StatusMeaning,
    WorkflowStatus,
)
from .plain_select import PlainSelect
from .selectors import can_audit, cases_visible_to
from .workflow import SIMPLE_REQUEST

PAGE_SIZE = 50
DECIDE_PERMISSION = "casework.decide_case"
CURSOR_SALT = "casework.queue.after"
SEARCH_MAX_LENGTH = 100
# Below this many cases open to a person, their queue is read from their permission rows.
FEW_CASES = 20_000


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str


TO_HANDLE = Tab("a-traiter", "À traiter")
MINE = Tab("mes-dossiers", "Mes dossiers")
OPINIONS = Tab("avis", "Avis à donner")
TO_DECIDE = Tab("a-decider", "À décider")
LATE = Tab("en-retard", "En retard")
BLOCKED = Tab("bloques", "Bloqués")
CLOSED = Tab("clos", "Clos")
ALL = Tab("tous", "Tous")


def tabs_for(user: AbstractBaseUser) -> list[Tab]:
    """The tabs this person has; deciding is for elected officials only."""
    tabs = [TO_HANDLE, MINE, OPINIONS]
    if user.has_perm(DECIDE_PERMISSION):
        tabs.append(TO_DECIDE)
    return [*tabs, LATE, BLOCKED, CLOSED, ALL]


def default_tab(user: AbstractBaseUser) -> Tab:
    """Where a person lands: their departments' work, the decisions of an elected official
    who belongs to no department, everything for an auditor."""
    if department_ids_of(user):
        return TO_HANDLE
    if user.has_perm(DECIDE_PERMISSION):
        return TO_DECIDE
    return ALL


def department_ids_of(user: AbstractBaseUser) -> list[int]:
    """The departments this person belongs to, asked once per request (the tabs, the
    filters and the actions all need them)."""
    known = getattr(user, "_queue_department_ids", None)
    if known is None:
        known = list(Department.objects.filter(group__user=user).values_list("pk", flat=True))
        user._queue_department_ids = known
    return known


def with_meaning(meaning: str) -> Q:
    """Cases whose status plays `meaning` in their own procedure's workflow: the same role
    has a different slug in each workflow."""
    return _in_statuses(
        (workflow_id, slug)
        for workflow_id, slug, _label, status_meaning in _all_statuses()
        if status_meaning == meaning
    )


def _all_statuses() -> list[tuple[int | None, str, str, str]]:
    """(workflow id, slug, agents' label, meaning) of every workflow's statuses; None is the
    simple request that procedures without a workflow follow."""
    rows = [(None, s.slug, s.label, s.meaning) for s in SIMPLE_REQUEST.statuses]
    rows += list(WorkflowStatus.objects.values_list("workflow_id", "slug", "label", "meaning"))
    return rows


def _in_statuses(pairs: Any) -> Q:
    by_workflow: dict[int | None, set[str]] = defaultdict(set)
    for workflow_id, slug in pairs:
        by_workflow[workflow_id].add(slug)
    if not by_workflow:
        return Q(pk__in=[])
    query = Q()
    for workflow_id, slugs in by_workflow.items():
        if workflow_id is None:
            branch = Q(procedure__workflow__isnull=True, status__in=sorted(slugs))
        else:
            branch = Q(procedure__workflow_id=workflow_id, status__in=sorted(slugs))
        query |= branch
    return query


def pending_consultation(department_ids: list[int] | None = None, *, late_at: Any = None) -> Any:
    """Cases with an opinion still to give: of these departments, or late, or both."""
    consultations = Consultation.objects.filter(case=OuterRef("pk"), opinion="")
    if department_ids is not None:
        consultations = consultations.filter(department_id__in=department_ids)
    if late_at is not None:
        consultations = consultations.filter(due_at__lt=late_at)
    return Exists(consultations)


def tab_filter(tab: Tab, user: AbstractBaseUser, now: datetime) -> Q:
    open_cases = Q(decided_at__isnull=True)
    if tab == TO_HANDLE:
        return open_cases & Q(department_id__in=department_ids_of(user))
    if tab == MINE:
        return open_cases & Q(assignee=user)
    if tab == OPINIONS:
        return Q(pending_consultation(department_ids_of(user)))
    if tab == TO_DECIDE:
        return open_cases & with_meaning(StatusMeaning.AWAITING_DECISION)
    if tab == LATE:
        today = timezone.localdate(now)
        return open_cases & (Q(deadline__lt=today) | Q(pending_consultation(late_at=now)))
    if tab == BLOCKED:
        return open_cases & with_meaning(StatusMeaning.BLOCKED)
    if tab == CLOSED:
        return Q(decided_at__isnull=False)
    return Q()


class Sort:
    NEWEST = "recents"
    OLDEST = "anciens"
    DEADLINE = "echeance"
    CHOICES = [
        (NEWEST, "Les plus récents d'abord"),
        (OLDEST, "Les plus anciens d'abord"),
        (DEADLINE, "Date limite la plus proche d'abord"),
    ]


ME, NOBODY = "moi", "personne"


class QueueFilterForm(FilterForm):
    """The queue's filters, read from the query string. A value that does not fit is an
    error at its field and leaves the queue unfiltered by it."""

    procedure = procedure_filter()
    department = department_filter()
    status = forms.ChoiceField(
        widget=PlainSelect,
        label="Statut",
        required=False,
        error_messages={"invalid_choice": "Ce statut n'existe pas : choisissez-en un."},
    )
    channel = channel_filter()
    assignee = forms.ChoiceField(
        widget=PlainSelect,
        label="Agent chargé",
        required=False,
        error_messages={"invalid_choice": "Cette personne n'est pas dans la liste."},
    )
    submitted_from = forms.DateField(
        label="Déposé à partir du",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 31/12/2026."},
    )
    submitted_to = forms.DateField(
        label="Déposé jusqu'au",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date, par exemple 31/12/2026."},
    )
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="Numéro de dossier (début), nom ou e-mail de l'usager, texte d'une réponse.",
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": "Cherchez au plus %(limit_value)d caractères."},
    )
    sort = forms.ChoiceField(
        widget=PlainSelect,
        label="Trier",
        required=False,
        choices=Sort.CHOICES,
        error_messages={"invalid_choice": "Choisissez un ordre de la liste."},
    )

    def __init__(self, data: Any, *, user: AbstractBaseUser) -> None:
        super().__init__(data)
        self.user = user
        self.statuses = _all_statuses()
        labels = sorted({label for _w, _s, label, _m in self.statuses}, key=str.casefold)
        self.fields["status"].choices = [("", "Tous"), *((label, label) for label in labels)]
        self.fields["assignee"].choices = [
            ("", "Tous"),
            (ME, "Moi"),
            (NOBODY, "Personne"),
            *(
                (str(member.pk), member.get_full_name() or member.get_username())
                for member in members_for(user)
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and end < start:
            self.add_error("submitted_to", "Cette date précède la date de début.")
        return data

    def value(self, name: str) -> Any:
        """A filter's valid value, or None when it is empty or wrong."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    @property
    def chosen_sort(self) -> str:
        return self.value("sort") or Sort.NEWEST

    def filters(self) -> Q:
        query = Q()
        if procedure := self.value("procedure"):
            query &= Q(procedure_id=procedure.pk)
        if department := self.value("department"):
            query &= Q(department_id=department.pk)
        if label := self.value("status"):
            query &= _in_statuses((w, s) for w, s, lbl, _m in self.statuses if lbl == label)
        if channel := self.value("channel"):
            query &= Q(channel=channel)
        if assignee := self.value("assignee"):
            if assignee == ME:
                query &= Q(assignee=self.user)
            elif assignee == NOBODY:
                query &= Q(assignee__isnull=True)
            else:
                query &= Q(assignee_id=int(assignee))
        if start := self.value("submitted_from"):
            query &= Q(submitted_at__gte=_day_start(start))
        if end := self.value("submitted_to"):
            query &= Q(submitted_at__lt=_day_start(end + timedelta(days=1)))
        if term := (self.value("q") or "").strip():
            # The tracking code is a secret the citizen holds: it is never searched.
            query &= (
                Q(reference__startswith=term.upper())
                | Q(citizen_name__icontains=term)
                | Q(citizen_email__icontains=term)
                # Any answer's text (a SIRET, a street, a description): within a
                # department's cases this stays a scan of thousands of rows, not millions.
                | Q(answers__icontains=term)
            )
        return query


def members_for(user: AbstractBaseUser) -> QuerySet:
    """People a queue can be filtered on or given to: the members of this person's
    departments. Those in none (auditors, elected officials) get no list: a town's whole
    staff, thousands of names, is no list to choose from, and they give no case."""
    groups = Department.objects.filter(pk__in=department_ids_of(user)).values("group_id")
    return (
        get_user_model()
        .objects.filter(groups__in=groups, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


QUERY_KEYS = ("tab", *QueueFilterForm.base_fields)


def clean_query(data: QueryDict) -> str:
    """The part of a query string that says what the queue shows: known keys, non-empty,
    in a fixed order; never the page cursor. Saved views and exports keep this."""
    kept = QueryDict(mutable=True)
    for key in QUERY_KEYS:
        value = (data.get(key) or "").strip()
        if value:
            kept[key] = value
    return kept.urlencode()


@dataclass
class Queue:
    tab: Tab
    tabs: list[Tab]
    form: QueueFilterForm
    cases: QuerySet
    query: str  # clean_query() of the request
    # True when `cases` is not yet narrowed to what the person may open: the caller keeps
    # only the rows of its page that visible_cases() allows (see queue_for).
    rows_unchecked: bool = False


def queue_for(
    user: AbstractBaseUser,
    data: QueryDict,
    *,
    now: datetime | None = None,
    check_rows_later: bool = False,
) -> Queue:
    """The cases a query string selects for this person, in its order, not yet paged.
    Everything starts from what the person may open (cases_visible_to).

    With `check_rows_later`, the two tabs that only hold the person's own departments'
    cases skip that condition, and the caller checks the page's rows instead: testing
    fifty rows costs a millisecond, building the set of a department's twenty thousand
    permitted cases on every page tens of them."""
    now = now or timezone.now()
    tabs = tabs_for(user)
    tab = next((t for t in tabs if t.slug == data.get("tab")), None) or default_tab(user)
    form = QueueFilterForm(data, user=user)
    form.is_valid()
    unchecked = check_rows_later and tab in (TO_HANDLE, MINE) and not can_audit(user)
    cases = (
        (Case.objects.all() if unchecked else visible_cases(user))
        .filter(tab_filter(tab, user, now))
        .filter(form.filters())
        .select_related("procedure", "department", "assignee")
        .order_by(*ordering(form.chosen_sort))
    )
    return Queue(
        tab=tab,
        tabs=tabs,
        form=form,
        cases=cases,
        query=clean_query(data),
        rows_unchecked=unchecked,
    )


def visible_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """The same cases as cases_visible_to, asked so that PostgreSQL can start from the
    person's permission rows. guardian writes "id IN (user's) OR id IN (groups')", which
    PostgreSQL can only test case by case: with a million cases, a tab with few matches
    walked the whole table (5 s). With the group rows alone it joins from them instead
    (milliseconds). Direct user permissions are never granted today; if some appear, the
    queue falls back to guardian's query rather than miss them."""
    if can_audit(user) or CaseUserObjectPermission.objects.filter(user=user).exists():
        return cases_visible_to(user)
    # Plain ids, not joins: through auth_group and auth_permission PostgreSQL guessed 33
    # rows for 4,500 and scanned every case to join them.
    groups = list(user.groups.values_list("pk", flat=True))
    view = Permission.objects.get(content_type__app_label="casework", codename="view_case")
    granted = CaseGroupObjectPermission.objects.filter(group_id__in=groups, permission_id=view.pk)
    if connection.vendor == "postgresql" and granted[:FEW_CASES].count() < FEW_CASES:
        # A person who may open few cases (an elected official, a small department): any
        # walk down the queue's index may cross the whole table before it meets them, so
        # PostgreSQL is made to read their ids first and sort them.
        return Case.objects.filter(
            RawSQL(
                '"casework_case"."id" = ANY(ARRAY('
                "SELECT content_object_id FROM casework_casegroupobjectpermission "
                "WHERE group_id = ANY(%s) AND permission_id = %s))",
                (groups, view.pk),
                output_field=BooleanField(),
            )
        )
    return Case.objects.filter(pk__in=granted.values("content_object_id"))


def ordering(sort: str) -> list[Any]:
    if sort == Sort.OLDEST:
        return ["submitted_at", "pk"]
    if sort == Sort.DEADLINE:
        return [F("deadline").asc(nulls_last=True), "pk"]
    return ["-submitted_at", "-pk"]


@dataclass
class QueuePage:
    rows: list[Case]
    next_cursor: str | None
    first: bool


def queue_page(cases: QuerySet, sort: str, after: str | None) -> QueuePage:
    """One page of `cases` (ordered by ordering(sort)) after the cursor's row. A cursor that
    was tampered with, or made for another sort, starts again from the first page."""
    key = _read_cursor(after, sort)
    if key is not None:
        cases = cases.filter(_after(sort, *key))
    rows = list(cases[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    cursor = _make_cursor(sort, rows[-1]) if more else None
    return QueuePage(rows=rows, next_cursor=cursor, first=key is None)


def _after(sort: str, value: Any, pk: int) -> Q:
    # The plain bound (submitted_at <= value) is redundant with the tie-break but is what
    # lets PostgreSQL start its index scan at the cursor rather than filter from the top.
    if sort == Sort.NEWEST:
        return Q(submitted_at__lte=value) & (
            Q(submitted_at__lt=value) | Q(submitted_at=value, pk__lt=pk)
        )
    if sort == Sort.OLDEST:
        return Q(submitted_at__gte=value) & (
            Q(submitted_at__gt=value) | Q(submitted_at=value, pk__gt=pk)
        )
    if value is None:  # past the last dated case: the undated ones, by id
        return Q(deadline__isnull=True, pk__gt=pk)
    return (Q(deadline__gte=value) & (Q(deadline__gt=value) | Q(deadline=value, pk__gt=pk))) | Q(
        deadline__isnull=True
    )


def _make_cursor(sort: str, case: Case) -> str:
    value = case.deadline if sort == Sort.DEADLINE else case.submitted_at
    return signing.dumps(
        [sort, value.isoformat() if value else None, case.pk], salt=CURSOR_SALT, compress=True
    )


def _read_cursor(after: str | None, sort: str) -> tuple[Any, int] | None:
    if not after:
        return None
    try:
        cursor_sort, raw, pk = signing.loads(after, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if cursor_sort != sort or not isinstance(pk, int):
        return None
    if raw is None:
        return (None, pk) if sort == Sort.DEADLINE else None
    value = parse_date(raw) if sort == Sort.DEADLINE else parse_datetime(raw)
    return (value, pk) if value is not None else None


def acts_on_cases(user: AbstractBaseUser) -> bool:
    """Only department members give or move cases; auditors and elected officials outside
    any department read the queue (elected officials decide from the case page)."""
    return bool(department_ids_of(user))
