"""JSON Schema + UI schema -> a Django form whose fields read the answers.

The form knows its page layout (steps, section titles, explanations) so that templates
render any accepted schema the same way, one step or all of them.
"""

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

from .fields import get_kind
from .fields._files import FileLibrary, show_kept_files
from .refs import resolved
from .validation import answer_errors, visible_answers

GROUPED_WIDGETS = (
    "radioselect",
    "checkboxselectmultiple",
    "choicewithother",
    "address",
    "mappoint",
    "repeatablerows",
)


class AnswerBoundField(BoundField):
    """Ties each input to its help text and its error message for screen readers."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        described_by = []
        if self.help_text:
            described_by.append(f"{self.auto_id}_helptext")
        if self.errors:
            described_by.append(f"{self.auto_id}_erreur")
        if described_by and self.widget_type not in GROUPED_WIDGETS:
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


@dataclass(frozen=True)
class PageItem:
    """One thing on a form page: a step title, a section title, a text, or a question."""

    kind: str  # "step" | "section" | "text" | "field"
    title: str = ""
    html: SafeString | str = ""
    field: BoundField | None = None
    visible_when: str = ""  # the condition as JSON, for the live-conditions script
    value_type: str = ""


class AnswersForm(forms.Form):
    """Reads answers; the JSON Schema validator (validation.py) says what is wrong."""

    bound_field_class = AnswerBoundField
    schema: dict[str, Any] = {}
    ui_schema: dict[str, Any] = {}
    props: dict[str, dict[str, Any]] = {}  # each question's schema, $refs read through
    required_css_class = "g-field--required"

    def __init__(
        self,
        *args: Any,
        answers: dict[str, Any] | None = None,
        owner: str = "",
        context_answers: dict[str, Any] | None = None,
        schema_key: str | None = None,
        library: FileLibrary | None = None,
        **kwargs: Any,
    ) -> None:
        # context_answers: the answers given on the other steps, which conditions and
        # eligibility rules may look at; when given, validation includes the JSON Schema.
        self.context_answers = context_answers
        self.schema_key = schema_key
        if answers:
            kwargs.setdefault("initial", {})
            for name, answer in answers.items():
                if name in self.base_fields:
                    kind = get_kind(self.ui_schema["fields"][name]["kind"])
                    kwargs["initial"][name] = kind.to_initial(answer, self.props[name])
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if hasattr(field, "owner"):  # fields that keep files need to know for whom
                field.owner = field.widget.owner = owner
                field.library = field.widget.library = library

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.context_answers is not None:
            errors = answer_errors(
                self.schema,
                self.ui_schema,
                self.visible_answers(),
                key=self.schema_key,
                only=set(self.fields),
            )
            self.add_schema_errors(errors)
        return cleaned

    def visible_answers(self) -> dict[str, Any]:
        """This step's answers with the other steps', hidden questions dropped."""
        merged = {k: v for k, v in (self.context_answers or {}).items() if k not in self.fields}
        merged.update(self.answers())
        return visible_answers(self.ui_schema, merged)

    def full_clean(self) -> None:
        super().full_clean()
        show_kept_files(self)

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as JSON, leaving out the questions left empty."""
        result: dict[str, Any] = {}
        for name in self.fields:
            kind = get_kind(self.ui_schema["fields"][name]["kind"])
            value = kind.answer_for(self.cleaned_data.get(name), self.props[name])
            if value is not None:
                result[name] = value
        return result

    def add_schema_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)

    def layout(self, steps: list[int] | None = None) -> list[PageItem]:
        """The page items of some steps (all by default) holding this form's fields.

        Step titles are items only when several steps share one page (the preview): a
        page of one step has its title as the page heading.
        """
        items: list[PageItem] = []
        all_steps = self.ui_schema.get("steps") or [{"title": "", "items": []}]
        several = len(all_steps) > 1 and (steps is None or len(steps) > 1)
        for index, step in enumerate(all_steps):
            if steps is not None and index not in steps:
                continue
            if several and step.get("title"):
                items.append(PageItem("step", title=step["title"], visible_when=_json(step)))
            for item in step.get("items", []):
                items.append(self._item(item))
        if steps is None:
            listed = {item.field.name for item in items if item.field is not None}
            items.extend(PageItem("field", field=self[n]) for n in self.fields if n not in listed)
        return [item for item in items if item.kind != "field" or item.field is not None]

    def _item(self, item: dict[str, Any]) -> PageItem:
        if "field" in item:
            name = item["field"]
            if name not in self.fields:
                return PageItem("field")
            ui = self.ui_schema["fields"][name]
            value_type = str(self.props[name].get("type", "string"))
            return PageItem(
                "field", field=self[name], visible_when=_json(ui), value_type=value_type
            )
        if "section" in item:
            return PageItem("section", title=item["section"], visible_when=_json(item))
        return PageItem(
            "text", html=mark_safe(expand_db_html(item.get("text", ""))), visible_when=_json(item)
        )

    @property
    def has_conditions(self) -> bool:
        return any("visible_when" in ui for ui in self.ui_schema.get("fields", {}).values())

    @property
    def needs_map(self) -> bool:
        """Whether a question on this page is answered on a map (the page loads the map)."""
        return any(getattr(field.widget, "needs_map", False) for field in self.fields.values())


def _json(holder: dict[str, Any]) -> str:
    condition = holder.get("visible_when")
    return json.dumps(condition, separators=(",", ":")) if condition else ""


def form_class_for(
    schema: dict[str, Any], ui_schema: dict[str, Any], fields: list[str] | None = None
) -> type[AnswersForm]:
    """A form class for all questions, or only `fields` (one step of a longer form)."""
    required = set(schema.get("required", []))
    conditional_required = _conditionally_required(schema)
    built: dict[str, forms.Field] = {}
    props: dict[str, dict[str, Any]] = {}
    for name in ui_schema["order"]:
        if fields is not None and name not in fields:
            continue
        ui = ui_schema["fields"][name]
        prop = props[name] = resolved(schema["properties"][name], schema)  # imported $refs
        field = get_kind(ui["kind"]).form_field(prop=prop, ui=ui)
        field.label = prop.get("title", name)
        field.help_text = " ".join(
            filter(None, [prop.get("description", ""), ui.get("limits", "")])
        )
        field.required = False
        field.is_mandatory = name in required or name in conditional_required
        # aria-required is not allowed on single radios; their fieldset says "(obligatoire)".
        if field.is_mandatory and not isinstance(
            field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget
        ):
            field.widget.attrs["aria-required"] = "true"
        built[name] = field
    attrs = {**built, "schema": schema, "ui_schema": ui_schema, "props": props}
    return type("AnswersForm", (AnswersForm,), attrs)


_VERSION_CLASSES: dict[tuple[str, tuple[str, ...] | None], type[AnswersForm]] = {}


def version_form_class(version: Any, fields: list[str] | None = None) -> type[AnswersForm]:
    """form_class_for a published version, built once: versions never change, and every
    step page of every citizen would otherwise rebuild the classes of all its steps."""
    key = (version.checksum, tuple(fields) if fields is not None else None)
    form_class = _VERSION_CLASSES.get(key)
    if form_class is None:
        if len(_VERSION_CLASSES) > 1000:
            _VERSION_CLASSES.clear()  # a bound on memory; rebuilding is only slower
        form_class = form_class_for(version.schema, version.ui_schema, fields=fields)
        _VERSION_CLASSES[key] = form_class
    return form_class


def _conditionally_required(schema: dict[str, Any]) -> set[str]:
    """Questions required whenever they are shown (if/then in the root allOf)."""
    names: set[str] = set()
    for rule in schema.get("allOf", []):
        then = rule.get("then") if isinstance(rule, dict) else None
        if isinstance(then, dict):
            names.update(then.get("required", []))
    return names


def step_fields(ui_schema: dict[str, Any], step: int) -> list[str]:
    steps = ui_schema.get("steps") or []
    if step >= len(steps):
        return []
    return [item["field"] for item in steps[step]["items"] if "field" in item]
