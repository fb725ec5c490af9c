"""A group of questions answered once per row: "add another child", "add another vehicle".

Without JavaScript the page shows enough empty rows for one more (up to the maximum); a
row left empty is ignored. Inputs are named `<question>-<row>-<child>`, rows from 1.
"""

import importlib
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import (
    DEFAULT_MESSAGES,
    BaseFieldBlock,
    FieldKind,
    get_kind,
    kind_for_schema,
    machine_name,
    register,
)

ROWS_LIMIT = 20
DEFAULT_ROW_LABEL = _("Ligne")
# The kinds a row may hold, with the module that registers each. Kinds load in alphabetical
# order, so some (short_text, yes_no) are not registered yet when this module is imported.
SIMPLE_KINDS = {
    "short_text": "short_text",
    "long_text": "long_text",
    "email": "email",
    "integer": "numbers",
    "decimal": "numbers",
    "date": "dates",
    "yes_no": "yes_no",
    "choice": "choice",
}


def _simple_kinds() -> list[FieldKind]:
    kinds = []
    for kind_name, module in SIMPLE_KINDS.items():
        try:
            kinds.append(get_kind(kind_name))
            continue
        except KeyError:
            pass
        try:
            importlib.import_module(f"{__package__}.{module}")
            kinds.append(get_kind(kind_name))
        except (ImportError, KeyError):
            continue  # a kind removed from the project is simply not offered in rows
    return sorted(kinds, key=lambda kind: (kind.menu_order, kind.name))


class RepeatableGroupBlock(BaseFieldBlock):
    row_label = blocks.CharBlock(
        label=_("Nom d'une ligne"),
        max_length=60,
        required=False,
        help_text=_("Par exemple « Enfant » : les lignes s'appellent Enfant 1, Enfant 2…"),
    )
    min_rows = blocks.IntegerBlock(
        label=_("Nombre minimum de lignes"), default=0, min_value=0, max_value=ROWS_LIMIT
    )
    max_rows = blocks.IntegerBlock(
        label=_("Nombre maximum de lignes"), default=5, min_value=1, max_value=ROWS_LIMIT
    )
    questions = blocks.StreamBlock(
        [(kind.name, kind.block()) for kind in _simple_kinds()],
        label=_("Questions de chaque ligne"),
        min_num=1,
    )

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        # Like the top-level questions (FormFieldsBlock.clean), names and option values
        # left blank are derived once, then kept when a label is reworded.
        for child in cleaned["questions"]:
            child.value["name"] = child.value.get("name") or machine_name(child.value["label"])
            for option in child.value.get("options") or []:
                option["value"] = option.get("value") or machine_name(option["label"])
        return cleaned

    class Meta:
        label = _("Groupe répétable")
        icon = "table"
        group = _("Structure")


def _questions(value: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(kind name, block value) of each child, names and option values filled in."""
    children = value.get("questions") or []
    if hasattr(children, "raw_data"):
        pairs = [(child.block_type, dict(child.value)) for child in children]
    else:
        pairs = [(kind_name, dict(child)) for kind_name, child in children]
    for _kind_name, child in pairs:
        child["name"] = child.get("name") or machine_name(child["label"])
        if child.get("options"):
            child["options"] = [
                {**option, "value": option.get("value") or machine_name(option["label"])}
                for option in child["options"]
            ]
    return pairs


@dataclass(frozen=True)
class Child:
    """One question of a row, as the form reads it."""

    name: str
    kind_name: str
    prop: dict[str, Any]
    field: forms.Field

    @property
    def kind(self) -> FieldKind:
        return get_kind(self.kind_name)


def _children(prop: dict[str, Any], ui: dict[str, Any]) -> list[Child]:
    """The row's questions from the compiled UI schema, or inferred for imported schemas."""
    items = prop.get("items") or {}
    properties = items.get("properties") or {}
    required = set(items.get("required") or [])
    declared = (ui.get("children") or {}).get("fields") or {}
    order = (ui.get("children") or {}).get("order") or list(properties)
    children = []
    for name in order:
        child_prop = properties[name]
        child_ui = declared.get(name) or {}
        kind = get_kind(child_ui["kind"]) if "kind" in child_ui else kind_for_schema(child_prop)
        if kind is None:
            continue
        field = kind.form_field(prop=child_prop, ui=child_ui)
        field.label = child_prop.get("title", name)
        field.help_text = child_prop.get("description", "")
        # The JSON Schema decides; "(obligatoire)" means "in a row you fill in".
        field.required = False
        field.is_mandatory = name in required
        children.append(Child(name, kind.name, child_prop, field))
    return children


def row_answer(children: list[Child], raw: dict[str, Any]) -> dict[str, Any]:
    """The stored answers of one row, leaving out its questions left empty."""
    answer = {}
    for child in children:
        try:
            cleaned = child.field.clean(raw.get(child.name))
        except ValidationError:
            cleaned = raw.get(child.name)  # kept as typed: the schema words the refusal
        value = child.kind.answer_for(cleaned, child.prop)
        if value is not None:
            answer[child.name] = value
    return answer


class RepeatableRowsWidget(forms.Widget):
    """Reads and shows the rows; each row is a fieldset of the child questions."""

    use_fieldset = True

    def __init__(self, children: list[Child], row_label: str, min_rows: int, max_rows: int) -> None:
        super().__init__()
        self.children, self.row_label = children, row_label
        self.min_rows, self.max_rows = min_rows, max_rows
        self._row_form_class: type[forms.Form] | None = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[dict[str, Any]]:
        """The rows as typed, empty ones dropped so row numbers match the stored answer.

        Rows are read up to the absolute limit, not the form's maximum, so that extra rows
        (sent by a future "add a row" script) are refused by maxItems rather than lost.
        """
        rows = []
        for number in range(1, ROWS_LIMIT + 1):
            raw = {
                child.name: child.field.widget.value_from_datadict(
                    data, files, f"{name}-{number}-{child.name}"
                )
                for child in self.children
            }
            if row_answer(self.children, raw):
                rows.append(raw)
        return rows

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def row_form_class(self) -> type[forms.Form]:
        if self._row_form_class is None:
            # Imported here: rendering imports the registry, which imports this module.
            from ..rendering import AnswerBoundField

            attrs: dict[str, Any] = {child.name: child.field for child in self.children}
            attrs["bound_field_class"] = AnswerBoundField
            self._row_form_class = type("RowForm", (forms.Form,), attrs)
        return self._row_form_class

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        rows = [row for row in value or [] if isinstance(row, dict)]
        shown = min(max(self.min_rows, len(rows) + 1, 1), self.max_rows)
        shown = max(shown, len(rows))  # never hide what was typed, even past the maximum
        form_class = self.row_form_class()
        fieldsets = []
        for number in range(1, shown + 1):
            initial = rows[number - 1] if number <= len(rows) else {}
            row = form_class(prefix=f"{name}-{number}", initial=initial)
            inputs = "".join(
                render_to_string("formbuilder/field.html", {"field": field}) for field in row
            )
            fieldsets.append(
                format_html(
                    '<fieldset class="g-row"><legend>{} {}</legend>{}</fieldset>',
                    self.row_label,
                    number,
                    mark_safe(inputs),  # rendered by the template engine, escaped there
                )
            )
        return format_html(
            '<div class="g-rows" data-repeatable-group data-max-rows="{}">'
            '<p class="g-help">{}</p>{}</div>',
            self.max_rows,
            _("Une ligne laissée vide est ignorée."),
            mark_safe("".join(fieldsets)),
        )


class RowsField(forms.Field):
    def __init__(self, *, children: list[Child], **kwargs: Any) -> None:
        self.children = children
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        rows = [row_answer(self.children, row) for row in value or [] if isinstance(row, dict)]
        return [row for row in rows if row]


@register
class RepeatableGroup(FieldKind):
    name = "repeatable_group"
    block_class = RepeatableGroupBlock
    menu_order = 60
    messages = {
        "minItems": _("Remplissez au moins {limit} lignes."),
        "maxItems": _("Remplissez au plus {limit} lignes."),
        # A row missing a required answer, until validation.py calls nested_message().
        "incomplete": _("Une ligne est incomplète : remplissez ses champs obligatoires."),
    }
    singular = {
        "minItems": _("Remplissez au moins une ligne."),
        "maxItems": _("Remplissez une seule ligne."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for kind_name, child in _questions(value):
            prop = {"title": child["label"], **get_kind(kind_name).schema(child)}
            if child.get("help_text"):
                prop["description"] = child["help_text"]
            properties[child["name"]] = prop
            if child.get("required"):
                required.append(child["name"])
        schema: dict[str, Any] = {
            "type": "array",
            "items": {
                "type": "object",
                "title": self._row_label(value),
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            },
            "maxItems": value.get("max_rows") or ROWS_LIMIT,
        }
        if value.get("min_rows"):
            schema["minItems"] = value["min_rows"]
        return schema

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        questions = _questions(value)
        return {
            "row_label": self._row_label(value),
            # Row questions in order (the schema's properties lose theirs in jsonb), with
            # their labels so that error messages can name them.
            "children": {
                "order": [child["name"] for _kind_name, child in questions],
                "fields": {
                    child["name"]: {
                        "kind": kind_name,
                        "label": child["label"],
                        **get_kind(kind_name).ui(child),
                    }
                    for kind_name, child in questions
                },
            },
        }

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        low, high = value.get("min_rows") or 0, value.get("max_rows")
        if high is not None and high > ROWS_LIMIT:
            errors["max_rows"] = str(
                _("Un groupe compte au plus %(limit)d lignes.") % {"limit": ROWS_LIMIT}
            )
        elif high is not None and high < 1:
            errors["max_rows"] = str(_("Le nombre maximum de lignes doit être au moins 1."))
        elif high is not None and low > high:
            errors["max_rows"] = str(
                _("Le nombre maximum de lignes doit être supérieur ou égal au minimum.")
            )
        problems = self._question_problems(_questions(value))
        if problems:
            errors["questions"] = " ".join(problems)
        return errors

    def _question_problems(self, questions: list[tuple[str, dict[str, Any]]]) -> list[str]:
        if not questions:
            return [str(_("Ajoutez au moins une question à répéter."))]
        problems: list[str] = []
        seen: set[str] = set()
        for kind_name, child in questions:
            label = child.get("label") or child["name"]
            if kind_name not in SIMPLE_KINDS:
                problems.append(
                    str(_("« %(label)s » : ce type de question ne peut pas être répété."))
                    % {"label": label}
                )
                continue
            if child["name"] in seen:
                problems.append(
                    str(_("Le nom technique « %(name)s » est utilisé deux fois dans le groupe."))
                    % {"name": child["name"]}
                )
            seen.add(child["name"])
            visible_when = child.get("visible_when")
            if visible_when and visible_when.get("rules"):
                problems.append(
                    str(
                        _(
                            "« %(label)s » : les conditions d'affichage ne sont pas prises en "
                            "charge dans un groupe répétable."
                        )
                    )
                    % {"label": label}
                )
            for message in get_kind(kind_name).check_block(child).values():
                problems.append(f"« {label} » : {message}")
        return problems

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        items = prop.get("items")
        if prop.get("type") != "array" or not isinstance(items, dict):
            return False
        properties = items.get("properties")
        return (
            items.get("type") == "object"
            and isinstance(properties, dict)
            and bool(properties)
            and all(
                isinstance(child, dict)
                and (kind := kind_for_schema(child)) is not None
                and kind.name in SIMPLE_KINDS
                for child in properties.values()
            )
        )

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        children = _children(prop, ui)
        max_rows = min(int(prop.get("maxItems") or ROWS_LIMIT), ROWS_LIMIT)
        widget = RepeatableRowsWidget(
            children,
            row_label=ui.get("row_label") or prop["items"].get("title") or str(DEFAULT_ROW_LABEL),
            min_rows=int(prop.get("minItems") or 0),
            max_rows=max_rows,
        )
        return RowsField(children=children, widget=widget)

    def to_answer(self, cleaned: Any) -> Any:
        if isinstance(cleaned, list):
            return [row for row in cleaned if row] or None
        return super().to_answer(cleaned)

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        if not isinstance(answer, list):
            return answer
        rows = []
        for row in answer:
            if isinstance(row, dict):
                rows.append({name: self._child_initial(prop, name, v) for name, v in row.items()})
        return rows

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        if not isinstance(value, list):
            return str(value)
        row_label = (prop.get("items") or {}).get("title") or str(DEFAULT_ROW_LABEL)
        order = list((prop.get("items") or {}).get("properties") or {})
        lines = []
        for number, row in enumerate(value, start=1):
            if not isinstance(row, dict):
                continue
            names = [name for name in order if name in row] + [n for n in row if n not in order]
            parts = []
            for name in names:
                child_prop = self._child_prop(prop, name)
                kind = kind_for_schema(child_prop)
                text = kind.display(row[name], child_prop) if kind else str(row[name])
                parts.append(f"{child_prop.get('title', name)} : {text}")
            lines.append(f"{row_label} {number} : {' ; '.join(parts)}")
        return "\n".join(lines)

    def message(self, keyword: str, limit: Any = None) -> str:
        if limit == 1 and keyword in self.singular:
            return str(self.singular[keyword])
        return super().message(keyword, limit)

    def nested_message(
        self,
        path_after_name: list[Any],
        keyword: str,
        limit: Any = None,
        ui: dict[str, Any] | None = None,
    ) -> str:
        """A message naming the row (and the question) at fault: « Enfant 2 : ... ».

        `path_after_name` is the error's path below this question: [row index] for a row
        missing an answer, [row index, child name, ...] for a wrong answer.
        """
        ui = ui or {}
        if not path_after_name or not isinstance(path_after_name[0], int):
            return self.message("incomplete" if keyword == "required" else keyword, limit)
        where = f"{ui.get('row_label') or DEFAULT_ROW_LABEL} {path_after_name[0] + 1}"
        children = (ui.get("children") or {}).get("fields") or {}
        child_name = path_after_name[1] if len(path_after_name) > 1 else None
        if child_name in children:
            child_ui = children[child_name]
            text = (child_ui.get("messages") or {}).get(keyword) or get_kind(
                child_ui["kind"]
            ).message(keyword, limit)
            return f"{where} : {child_ui.get('label') or child_name} : {text}"
        if keyword == "required":
            return f"{where} : {DEFAULT_MESSAGES['required']}"
        return f"{where} : {self.message(keyword, limit)}"

    @staticmethod
    def _row_label(value: dict[str, Any]) -> str:
        return (value.get("row_label") or "").strip() or str(DEFAULT_ROW_LABEL)

    def _child_initial(self, prop: dict[str, Any], name: str, answer: Any) -> Any:
        child_prop = self._child_prop(prop, name)
        kind = kind_for_schema(child_prop)
        return kind.to_initial(answer, child_prop) if kind else answer

    @staticmethod
    def _child_prop(prop: dict[str, Any], name: str) -> dict[str, Any]:
        return ((prop.get("items") or {}).get("properties") or {}).get(name) or {}
