"""Any object's history as an auditor reads it: every historical row with its field-level
differences (JSON answers question by question), its state at any instant, the events of
other objects that belong to its story, and the Wagtail log and revisions of a page or a
snippet.

It reads the simple-history tables themselves, not the live objects, so that a deleted
consultation or a redacted case still tells its story."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import registered_models
from simple_history.utils import get_history_model_for_model

from .history import Via
from .models import Case, Consultation
from .models.consultation import Opinion

# Bookkeeping columns that change with every write and tell an auditor nothing, and
# secrets that history never shows even if a model keeps them.
UNTOLD_FIELDS = {"lock_version", "updated_at", "password", "tracking_code"}
HISTORY_KINDS = {"+": "Création", "~": "Modification", "-": "Suppression"}
EMPTY = "(vide)"


class UnknownObjectType(LookupError):
    pass


def model_of(object_type: str) -> type[models.Model]:
    """The model named "app_label.model", or UnknownObjectType."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError) as error:
        raise UnknownObjectType(object_type) from error


def history_model(model: type[models.Model]) -> type[models.Model] | None:
    """The simple-history model of `model` (of its concrete model), if it has one."""
    concrete = model._meta.concrete_model
    if concrete not in registered_models.values():
        return None
    return get_history_model_for_model(concrete)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Step:
    """One historical row: who, when, why, through which channel, and what changed."""

    history_id: int
    when: datetime
    actor: str
    actor_id: int | None
    reason: str
    channel: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def actor_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return "Usager (sans compte) ou système"
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class _Display:
    """Values of one model's history rows in words: a choice's label, a linked object's
    name, a status's name in the case's workflow, dates in the town's time. Linked objects
    are looked up once each."""

    def __init__(self, model: type[models.Model], object_id: Any) -> None:
        self.model = model
        self.object_id = object_id
        self._related: dict[tuple[Any, Any], str] = {}
        self._workflow: Any = None
        self._schemas: dict[int, dict[str, Any]] = {}

    def label(self, name: str) -> str:
        try:
            return str(self.model._meta.get_field(name).verbose_name).capitalize()
        except Exception:  # noqa: BLE001 - a column gone from the model keeps its name
            return name

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        try:
            model_field = self.model._meta.get_field(name)
        except Exception:  # noqa: BLE001
            model_field = None
        if self.model is Case and name == "status":
            return self._status(value)
        if model_field is not None and model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if model_field is not None and model_field.is_relation and model_field.many_to_one:
            return self._related_name(model_field.related_model, value)
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S")
        if isinstance(value, date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, dict | list):
            return _as_text(value)
        return str(value)

    def question(self, record: Any, key: str) -> str:
        """The title of an answer's question, from the form version the record used."""
        version_id = getattr(record, "form_version_id", None)
        if version_id is None:
            return key
        if version_id not in self._schemas:
            from formbuilder.models import FormVersion

            version = FormVersion.objects.filter(pk=version_id).only("schema").first()
            self._schemas[version_id] = (version.schema if version else {}).get("properties", {})
        return self._schemas[version_id].get(key, {}).get("title", key)

    def _related_name(self, related: Any, pk: Any) -> str:
        key = (related, pk)
        if key not in self._related:
            found = related._default_manager.filter(pk=pk).first()
            self._related[key] = str(found) if found is not None else f"n° {pk} (supprimé)"
        return self._related[key]

    def _status(self, slug: str) -> str:
        if self._workflow is None:
            from .workflow import workflow_for

            case = Case.objects.filter(pk=self.object_id).select_related("procedure").first()
            self._workflow = workflow_for(case) if case is not None else False
        if not self._workflow:
            return slug
        try:
            return str(self._workflow.status(slug).label)
        except KeyError:
            return slug


def _as_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} : {_as_text(item)}" for key, item in value.items()) or EMPTY
    if isinstance(value, list):
        return ", ".join(_as_text(item) for item in value) or EMPTY
    return EMPTY if value in (None, "") else str(value)


def _tracked(history: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in history.tracked_fields
        if f.attname not in UNTOLD_FIELDS and f.name not in UNTOLD_FIELDS
    ]


def records_of(model: type[models.Model], object_id: Any) -> models.QuerySet:
    history = history_model(model)
    if history is None:
        return model.objects.none()
    pk_name = model._meta.concrete_model._meta.pk.attname
    return (
        history.objects.filter(**{pk_name: object_id})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


def object_steps(model: type[models.Model], object_id: Any) -> list[Step]:
    """Every historical row of the object, oldest first, each with what it changed."""
    history = history_model(model)
    if history is None:
        return []
    display = _Display(model, object_id)
    fields = _tracked(history)
    steps = []
    previous = None
    for record in records_of(model, object_id):
        changes: list[Change] = []
        if previous is not None:
            for model_field in fields:
                old = getattr(previous, model_field.attname)
                new = getattr(record, model_field.attname)
                if old != new:
                    changes.extend(_changes(display, record, model_field, old, new))
        steps.append(
            Step(
                history_id=record.history_id,
                when=record.history_date,
                actor=actor_name(record.history_user),
                actor_id=record.history_user_id,
                reason=record.history_change_reason or "",
                channel=str(Via.LABELS.get(getattr(record, "history_channel", ""), ""))
                or getattr(record, "history_channel", ""),
                kind=HISTORY_KINDS.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
        previous = record
    return steps


def _changes(
    display: _Display, record: Any, model_field: models.Field, old: Any, new: Any
) -> list[Change]:
    name = model_field.name
    if isinstance(old, dict) and isinstance(new, dict):
        # JSON answers: one line per question that changed, under the question's title.
        return [
            Change(
                f"{name}.{key}",
                display.question(record, key),
                display.value("", old.get(key)),
                display.value("", new.get(key)),
            )
            for key in sorted(set(old) | set(new), key=str)
            if old.get(key) != new.get(key)
        ]
    return [Change(name, display.label(name), display.value(name, old), display.value(name, new))]


@dataclass(frozen=True)
class AsOf:
    at: datetime
    record_when: datetime | None
    exists: bool
    fields: list[tuple[str, str]]  # (label, value in words)


def state_as_of(model: type[models.Model], object_id: Any, at: datetime) -> AsOf:
    """The object as it was at `at`: the last historical row written before then, field by
    field (answers question by question). Before its creation, or after its deletion, it
    did not exist."""
    record = records_of(model, object_id).filter(history_date__lte=at).last()
    if record is None or record.history_type == "-":
        return AsOf(at=at, record_when=record and record.history_date, exists=False, fields=[])
    display = _Display(model, object_id)
    rows: list[tuple[str, str]] = []
    for model_field in _tracked(type(record)):
        if model_field.primary_key or model_field.name == model._meta.pk.name:
            continue  # the object's number is in the page's title
        value = getattr(record, model_field.attname)
        if isinstance(value, dict):
            rows.extend(
                (display.question(record, key), display.value("", item))
                for key, item in value.items()
            )
        else:
            rows.append((display.label(model_field.name), display.value(model_field.name, value)))
    return AsOf(at=at, record_when=record.history_date, exists=True, fields=rows)


@dataclass(frozen=True)
class Related:
    """An event of another object that belongs to this one's story."""

    when: datetime | None
    label: str
    object_type: str
    object_id: str
    note: str = ""


def related_events(model: type[models.Model], object_id: Any, steps: list[Step]) -> list[Related]:
    """For a case: its consultations (the unfavourable opinion that blocked it), the
    decision that followed, its transfers, messages and notes, each pointing to its own
    history. For an object of a case: that case."""
    if model is Case:
        return _case_related(object_id, steps)
    history = history_model(model)
    if history is None or "case" not in {f.name for f in history._meta.fields}:
        return []
    case_id = records_of(model, object_id).values_list("case_id", flat=True).last()
    if case_id is None:
        return []
    reference = Case.objects.filter(pk=case_id).values_list("reference", flat=True).first()
    return [Related(None, f"Dossier {reference or case_id}", "casework.case", str(case_id))]


def _case_related(case_id: Any, steps: list[Step]) -> list[Related]:
    events: list[Related] = []
    blocking: list[Related] = []
    for model in _models_of_a_case():
        latest = _latest_rows(model, case_id)
        for row in latest:
            item = _describe(model, row)
            events.append(item)
            if model is Consultation and row.opinion == Opinion.UNFAVOURABLE:
                blocking.append(item)
    for step in steps:
        for change in step.changes:
            if change.field == "department":
                events.append(
                    Related(
                        step.when,
                        f"Transféré de {change.old} à {change.new}",
                        "casework.case",
                        str(case_id),
                        note=step.reason,
                    )
                )
            if change.field == "decision" and change.new != EMPTY:
                after = [b.label for b in blocking if b.when is not None and b.when <= step.when]
                note = f"après : {', '.join(after)}" if after else step.reason
                events.append(
                    Related(
                        step.when,
                        f"Décision : {change.new} (par {step.actor})",
                        "casework.case",
                        str(case_id),
                        note=note,
                    )
                )
    return sorted(events, key=lambda e: (e.when is None, e.when or timezone.now()))


def _models_of_a_case() -> list[type[models.Model]]:
    """The historised models that belong to a case (consultations, messages, notes...)."""
    found = []
    for model in registered_models.values():
        if model._meta.auto_created or model is Case:
            continue
        history = history_model(model)
        case_field = next((f for f in history._meta.fields if f.name == "case"), None)
        if case_field is not None and case_field.related_model is Case:
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def _latest_rows(model: type[models.Model], case_id: Any) -> list[Any]:
    """The latest historical row of each object of `model` that belonged to the case."""
    history = history_model(model)
    pk_name = model._meta.pk.attname
    rows = history.objects.filter(case_id=case_id).order_by(pk_name, "-history_date", "-history_id")
    latest: dict[Any, Any] = {}
    for row in rows:
        latest.setdefault(getattr(row, pk_name), row)
    return list(latest.values())


def _describe(model: type[models.Model], row: Any) -> Related:
    object_type = model._meta.label_lower
    object_id = str(getattr(row, model._meta.pk.attname))
    gone = " (supprimé)" if row.history_type == "-" else ""
    if model is Consultation:
        department = _name(row, "department")
        if row.opinion:
            opinion = dict(Opinion.choices)[row.opinion]
            label = f"Avis {opinion.lower()} de {department}{gone}"
            note = "a bloqué le dossier" if row.opinion == Opinion.UNFAVOURABLE else ""
            return Related(row.answered_at, label, object_type, object_id, note)
        return Related(
            row.requested_at, f"Avis demandé à {department}{gone}", object_type, object_id
        )
    when = getattr(row, "created_at", None) or row.history_date
    name = str(model._meta.verbose_name).capitalize()
    return Related(when, f"{name}{gone}", object_type, object_id)


def _name(row: Any, field_name: str) -> str:
    related = getattr(row, field_name, None)
    return str(related) if related is not None else EMPTY


@dataclass(frozen=True)
class PageEvent:
    when: datetime
    actor: str
    label: str


def wagtail_log(
    model: type[models.Model], object_id: Any
) -> tuple[list[PageEvent], list[PageEvent]]:
    """A page's or snippet's Wagtail log entries and revisions, newest first; nothing for
    other objects."""
    from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

    if issubclass(model, Page):
        log = PageLogEntry.objects.filter(page_id=object_id)
        base = ContentType.objects.get_for_model(Page)
    elif hasattr(model, "get_base_content_type") or _is_snippet(model):
        content_type = ContentType.objects.get_for_model(model)
        log = ModelLogEntry.objects.filter(content_type=content_type, object_id=str(object_id))
        base = (
            model().get_base_content_type()
            if hasattr(model, "get_base_content_type")
            else content_type
        )
    else:
        return [], []
    entries = [
        PageEvent(e.timestamp, actor_name(e.user), str(e.message))
        for e in log.select_related("user").order_by("-timestamp", "-pk")[:200]
    ]
    revisions = [
        PageEvent(r.created_at, actor_name(r.user), f"Révision n° {r.pk} : {r.object_str}")
        for r in Revision.objects.filter(base_content_type=base, object_id=str(object_id))
        .select_related("user")
        .order_by("-created_at", "-pk")[:200]
    ]
    return entries, revisions


def _is_snippet(model: type[models.Model]) -> bool:
    return getattr(model, "snippet_viewset", None) is not None


def object_label(model: type[models.Model], object_id: Any) -> str:
    """The object's name now, or as its last historical row had it."""
    found = model._default_manager.filter(pk=object_id).first()
    if found is not None:
        return str(found)
    record = records_of(model, object_id).last()
    if record is not None:
        try:
            return str(record.instance)
        except Exception:  # noqa: BLE001 - a deleted object's relations may be gone too
            pass
    return f"n° {object_id}"


def person(user_id: int) -> AbstractBaseUser | None:
    return get_user_model().objects.filter(pk=user_id).first()
