"""The audit journal as a query string: the auditor's filters, the entries they select and
their pages.

Pages are keyset pages by id, newest first: the link to the next page carries the last id
shown, signed, so that the thousandth page of ten million entries costs what the first
does and no page counts the journal. A date range is turned into a range of ids (the
journal is written in time order) through the `at` index, so that "ten years" is two index
look-ups and not a condition tested on every row."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language
from simple_history.models import registered_models
from wagtail.models import get_page_models

from .filter_fields import FilterForm, department_filter, procedure_filter
from .models import Case, JournalEntry
from .plain_select import PlainSelect

PAGE_SIZE = 50
CURSOR_SALT = "casework.audit.after"
CURSOR_KEY = "apres"
# An actor filter naming more people than this is too vague to mean anyone.
ACTOR_MATCHES = 50
ACCESS_EVENTS = (
    JournalEntry.Event.CASE_OPENED,
    JournalEntry.Event.FILE_DOWNLOADED,
    JournalEntry.Event.EXPORT_REQUESTED,
    JournalEntry.Event.EXPORT_DOWNLOADED,
    JournalEntry.Event.PROFILE_VIEWED,
)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def object_types() -> list[tuple[str, str]]:
    """Every kind of object the journal speaks of, as (app_label.model, French name): the
    historised models and the Wagtail page types."""
    found: dict[str, str] = {}
    for model in [*registered_models.values(), *get_page_models()]:
        model = model._meta.concrete_model
        found[model._meta.label_lower] = str(model._meta.verbose_name).capitalize()
    return sorted(found.items(), key=lambda item: item[1].casefold())


def object_type_label(object_type: str) -> str:
    """The French name of a kind of object, or the raw name of one no longer installed."""
    return _type_label(object_type, get_language())


@lru_cache(maxsize=512)
def _type_label(object_type: str, language: str | None) -> str:
    # Asked for each of a page's fifty rows: the answer is kept per language.
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


class DateFilter(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Saisissez une date, par exemple 31/12/2026."},
            **kwargs,
        )


class JournalFilterForm(FilterForm):
    """The timeline's filters. A value that does not fit is an error at its field and
    leaves the journal unfiltered by it; the page still answers."""

    actor = forms.CharField(
        label="Personne",
        required=False,
        max_length=150,
        help_text="Identifiant ou nom, par exemple nadia.voirie ou Nadia.",
        error_messages={"max_length": "Saisissez au plus %(limit_value)d caractères."},
    )
    department = department_filter()
    procedure = procedure_filter()
    object_type = forms.ChoiceField(
        widget=PlainSelect,
        label="Type d'objet",
        required=False,
        error_messages={"invalid_choice": "Ce type d'objet n'existe pas : choisissez-en un."},
    )
    event = forms.ChoiceField(
        widget=PlainSelect,
        label="Événement",
        required=False,
        choices=[("", "Tous"), *JournalEntry.Event.choices],
        error_messages={"invalid_choice": "Cet événement n'existe pas : choisissez-en un."},
    )
    du = DateFilter(label="Du")
    au = DateFilter(label="Au (inclus)")
    reference = forms.CharField(
        label="Numéro de dossier",
        required=False,
        max_length=32,
        help_text="Le numéro entier, par exemple TER-2026-000123.",
        error_messages={"max_length": "Un numéro de dossier a au plus %(limit_value)d signes."},
    )

    def __init__(self, data: Any = None, *, fields: tuple[str, ...] | None = None) -> None:
        super().__init__(data)
        self.fields["object_type"].choices = [("", "Tous"), *object_types()]
        if fields is not None:
            for name in list(self.fields):
                if name not in fields:
                    del self.fields[name]
        self.actor_ids: list[int] = []
        self.case_id: int | None = None

    def clean_actor(self) -> str:
        term = " ".join(self.cleaned_data.get("actor", "").split())
        if not term:
            return ""
        users = get_user_model().objects.annotate(
            full_name=Concat("first_name", Value(" "), "last_name")
        )
        exact = list(users.filter(username__iexact=term).values_list("pk", flat=True))
        ids = exact or list(
            users.filter(Q(full_name__icontains=term) | Q(username__icontains=term)).values_list(
                "pk", flat=True
            )[: ACTOR_MATCHES + 1]
        )
        if not ids:
            raise forms.ValidationError("Personne ne porte ce nom ou cet identifiant.")
        if len(ids) > ACTOR_MATCHES:
            raise forms.ValidationError(
                "Trop de personnes portent ce nom : précisez (identifiant ou nom complet)."
            )
        self.actor_ids = ids
        return term

    def clean_reference(self) -> str:
        reference = self.cleaned_data.get("reference", "").strip().upper()
        if not reference:
            return ""
        # Redaction keeps a case's number, so the case is always there to be found; the
        # journal's own copy of the number has no index to be searched by.
        case_id = Case.objects.filter(reference=reference).values_list("pk", flat=True).first()
        if case_id is None:
            raise forms.ValidationError("Aucun dossier ne porte ce numéro.")
        self.case_id = case_id
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", "Cette date précède la date de début.")
        return data

    def value(self, name: str) -> Any:
        """A filter's valid value, or None when it is empty or wrong."""
        if not self.is_bound or name not in self.fields or name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def filters(self) -> Q:
        query = Q()
        if self.value("actor"):
            query &= Q(actor_id__in=self.actor_ids)
        if department := self.value("department"):
            query &= Q(department_id=department.pk)
        if procedure := self.value("procedure"):
            query &= Q(procedure_id=procedure.pk)
        if object_type := self.value("object_type"):
            query &= Q(object_type=object_type)
        if event := self.value("event"):
            query &= Q(event=event)
        if self.value("reference"):
            query &= Q(case_id=self.case_id)
        return query & id_range(self.value("du"), self.value("au"))

    def described(self) -> str:
        """The filters in force, in words, for the export's journal entry."""
        parts = []
        for name, field in self.fields.items():
            value = self.value(name)
            if value:
                shown = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
                if name in ("object_type", "event"):
                    shown = dict(field.choices).get(value, value)
                parts.append(f"{field.label} : {shown}")
        return " ; ".join(parts) or "aucun filtre"


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def id_range(start: date | None, end: date | None) -> Q:
    """Entries of the days from `start` to `end` included, as a range of ids: the first id
    written at or after the start, the last written before the day after the end. Each is
    one step down the `at` index, whatever the range; a bound beyond the journal's first or
    last entry is no bound at all.

    Ids follow time because entries are written as things happen. Where they do not (an
    import of older entries), the range would be wrong: if its bounds cross, the dates are
    compared entry by entry instead, slower but right."""
    if start is None and end is None:
        return Q()
    entries = JournalEntry.objects.order_by()
    since = _day_start(start) if start is not None else None
    until = _day_start(end + timedelta(days=1)) if end is not None else None
    query = Q()
    first = last = None
    if since is not None:
        oldest = entries.order_by("pk").values_list("at", flat=True).first()
        if oldest is None or oldest < since:
            first = (
                entries.filter(at__gte=since).order_by("at").values_list("pk", flat=True).first()
            )
            if first is None:
                return Q(pk__in=[])
            query &= Q(pk__gte=first)
    if until is not None:
        newest = entries.order_by("-pk").values_list("at", flat=True).first()
        if newest is None or newest >= until:
            last = entries.filter(at__lt=until).order_by("-at").values_list("pk", flat=True).first()
            if last is None:
                return Q(pk__in=[])
            query &= Q(pk__lte=last)
    if first is not None and last is not None and first > last:
        crossed = Q()
        if since is not None:
            crossed &= Q(at__gte=since)
        if until is not None:
            crossed &= Q(at__lt=until)
        return crossed
    return query


@dataclass
class JournalPage:
    rows: list[JournalEntry]
    next_cursor: str | None
    first: bool
    cursor_refused: bool


def journal_page(entries: QuerySet, after: str | None, *, size: int = PAGE_SIZE) -> JournalPage:
    """One page of `entries`, newest first, after the cursor's entry. A cursor that was
    tampered with starts again from the first page, and says so."""
    last_id = read_cursor(after)
    refused = bool(after) and last_id is None
    if last_id is not None:
        entries = entries.filter(pk__lt=last_id)
    rows = list(entries.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return JournalPage(
        rows=rows,
        next_cursor=make_cursor(rows[-1].pk) if more else None,
        first=last_id is None,
        cursor_refused=refused,
    )


def make_cursor(last_id: int) -> str:
    return signing.dumps(last_id, salt=CURSOR_SALT)


def read_cursor(after: str | None) -> int | None:
    if not after:
        return None
    try:
        last_id = signing.loads(after, salt=CURSOR_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return last_id if isinstance(last_id, int) and not isinstance(last_id, bool) else None


def clean_query(data: QueryDict, form: JournalFilterForm) -> str:
    """The filters of a query string, known keys only and never the cursor: what the page
    links and the export keep."""
    kept = QueryDict(mutable=True)
    for key in form.fields:
        value = (data.get(key) or "").strip()
        if value:
            kept[key] = value
    return kept.urlencode()


def entries_in_batches(entries: QuerySet, *, batch: int = 2000) -> Any:
    """Every entry of `entries`, newest first, read page by page by id so that an export of
    millions of rows never holds them all, nor asks the database for an offset."""
    last_id = None
    while True:
        chunk = entries.order_by("-pk")
        if last_id is not None:
            chunk = chunk.filter(pk__lt=last_id)
        rows = list(chunk[:batch])
        yield from rows
        if len(rows) < batch:
            return
        last_id = rows[-1].pk
