"""What changed between two form versions, in the words of the people who edit forms.

The diff reads only the frozen JSON Schema and UI schema, so it compares any two versions,
built from blocks or imported. Questions are matched by machine name: the name is the
identity of an answer in stored cases, so a new machine name is a question removed and
another added, even under the same label.

Everything is plain data (dataclasses of strings), ordered as the new form reads, so the
same two versions always give the same list.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .compiler import canonical_json
from .fields import get_kind
from .keywords import OFFSET

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
FORM = "form"  # a change to the form as a whole (title, steps, eligibility...)

# JSON Schema keywords a question may carry besides the ones compared on their own.
_SETTING_WORDS = {
    "type": gettext_lazy("type de donnée"),
    "format": gettext_lazy("format"),
    "pattern": gettext_lazy("format attendu"),
    "minLength": gettext_lazy("longueur minimale"),
    "maxLength": gettext_lazy("longueur maximale"),
    "minimum": gettext_lazy("valeur minimale"),
    "maximum": gettext_lazy("valeur maximale"),
    "exclusiveMinimum": gettext_lazy("valeur minimale (exclue)"),
    "exclusiveMaximum": gettext_lazy("valeur maximale (exclue)"),
    "multipleOf": gettext_lazy("pas"),
    "minItems": gettext_lazy("nombre minimal de choix"),
    "maxItems": gettext_lazy("nombre maximal de choix"),
    "uniqueItems": gettext_lazy("choix distincts"),
    "default": gettext_lazy("valeur par défaut"),
    "x-guichet-date-min": gettext_lazy("date au plus tôt"),
    "x-guichet-date-max": gettext_lazy("date au plus tard"),
    "x-guichet-decimals": gettext_lazy("chiffres après la virgule"),
}
# Compared by their own rule (label, help, choices), or implied by the kind.
_OWN_RULE_KEYS = {"title", "description", "oneOf", "anyOf", "enum", "items"}
_UI_WORDS = {
    "widget": gettext_lazy("présentation"),
    "placeholder": gettext_lazy("exemple affiché"),
    "prefill": gettext_lazy("préremplissage"),
    "inputmode": gettext_lazy("clavier sur mobile"),
}
_OWN_UI_KEYS = {"kind", "visible_when"}


@dataclass(frozen=True)
class Change:
    """One thing that changed about a question or the form, before and after, as text.

    `aspect` is a stable key for code (label, kind, required, choices, condition, help,
    order, setting, title, steps, sections, texts, eligibility); `what` names it in French.
    An empty `before` means it did not exist; an empty `after` means it is gone.
    """

    aspect: str
    what: str
    before: str = ""
    after: str = ""
    note: str = ""


@dataclass(frozen=True)
class FieldChange:
    """A question added, removed or changed, or (status FORM) a form-level topic."""

    status: str
    name: str
    label: str
    changes: tuple[Change, ...] = ()

    @property
    def status_label(self) -> str:
        return {
            ADDED: _("Question ajoutée"),
            REMOVED: _("Question retirée"),
            CHANGED: _("Question modifiée"),
            FORM: _("Ensemble du formulaire"),
        }[self.status]

    @property
    def aspects(self) -> list[str]:
        return [change.aspect for change in self.changes]


def diff_versions(
    old_schema: dict[str, Any],
    old_ui: dict[str, Any],
    new_schema: dict[str, Any],
    new_ui: dict[str, Any],
) -> list[FieldChange]:
    """Form-level changes first, then questions in the new form's order.

    A removed question is listed where it stood: after the question that preceded it.
    """
    old, new = _Side(old_schema, old_ui), _Side(new_schema, new_ui)
    result = _form_changes(old, new)
    moved = _moved(old.order, new.order)

    removed_after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for name in old.order:
        if name in new.props:
            anchor = name
        else:
            removed_after.setdefault(anchor, []).append(name)

    def removed(at: str | None) -> list[FieldChange]:
        return [
            FieldChange(REMOVED, name, old.label(name), _described(old, name, added=False))
            for name in removed_after.get(at, [])
        ]

    result.extend(removed(None))
    for name in new.order:
        if name not in old.props:
            result.append(
                FieldChange(ADDED, name, new.label(name), _described(new, name, added=True))
            )
        else:
            changes = _question_changes(old, new, name, moved)
            if changes:
                result.append(FieldChange(CHANGED, name, new.label(name), changes))
        result.extend(removed(name))
    return result


def describe_condition(condition: dict[str, Any], schema: dict[str, Any]) -> str:
    """A condition as a French sentence, with labels instead of machine names.

    « Type d'acte est égale à « Copie intégrale » ».
    """
    return _describe(condition, schema, nested=False)


def summary_counts(changes: list[FieldChange]) -> dict[str, int]:
    """How many questions were added, removed and changed (form-level topics excluded)."""
    counts = Counter(change.status for change in changes)
    return {status: counts.get(status, 0) for status in (ADDED, REMOVED, CHANGED)}


class _Side:
    """One version's schema and UI schema, with the lookups the diff needs."""

    def __init__(self, schema: dict[str, Any], ui: dict[str, Any]) -> None:
        self.schema = schema or {}
        self.ui = ui or {}
        self.props: dict[str, Any] = self.schema.get("properties") or {}
        self.fields: dict[str, Any] = self.ui.get("fields") or {}
        order = [name for name in self.ui.get("order") or [] if name in self.props]
        self.order = order + [name for name in self.props if name not in order]
        self.required = set(self.schema.get("required") or [])
        for rule in self.schema.get("allOf") or []:
            # A conditional question is required through its if/then rule (compiler.py).
            then = rule.get("then") if isinstance(rule, dict) else None
            if isinstance(then, dict):
                self.required.update(then.get("required") or [])

    def label(self, name: str) -> str:
        return str(self.props.get(name, {}).get("title") or name)

    def kind(self, name: str) -> str:
        return str(self.fields.get(name, {}).get("kind") or "")

    def condition(self, name: str) -> dict[str, Any] | None:
        return self.fields.get(name, {}).get("visible_when")

    def describe(self, condition: dict[str, Any] | None) -> str:
        if not condition:
            return _("toujours affichée")
        return describe_condition(condition, self.schema)


def _question_changes(
    old: _Side, new: _Side, name: str, moved: dict[str, tuple[int, int]]
) -> tuple[Change, ...]:
    before, after = old.props[name], new.props[name]
    changes: list[Change] = []
    if old.label(name) != new.label(name):
        changes.append(Change("label", _("libellé"), old.label(name), new.label(name)))
    same_kind = old.kind(name) == new.kind(name)
    if not same_kind:
        changes.append(
            Change(
                "kind",
                _("type de question"),
                _kind_label(old.kind(name)),
                _kind_label(new.kind(name)),
            )
        )
    if (name in old.required) != (name in new.required):
        changes.append(
            Change(
                "required",
                _("obligatoire"),
                _yes_no(name in old.required),
                _yes_no(name in new.required),
            )
        )
    changes.extend(_choice_changes(_options(before), _options(after)))
    if not _same(old.condition(name), new.condition(name)):
        changes.append(
            Change(
                "condition",
                _("condition d'affichage"),
                old.describe(old.condition(name)),
                new.describe(new.condition(name)),
            )
        )
    if (before.get("description") or "") != (after.get("description") or ""):
        changes.append(
            Change(
                "help", _("aide"), before.get("description") or "", after.get("description") or ""
            )
        )
    if name in moved:
        was, now = moved[name]
        changes.append(
            Change(
                "order",
                _("ordre"),
                _position(was, len(old.order)),
                _position(now, len(new.order)),
                _("déplacée"),
            )
        )
    changes.extend(_setting_changes(old, new, name, same_kind))
    return tuple(changes)


def _described(side: _Side, name: str, *, added: bool) -> tuple[Change, ...]:
    """What an added (or removed) question is: shown on one side of the diff only."""
    prop = side.props[name]
    facts = [
        ("kind", _("type de question"), _kind_label(side.kind(name))),
        ("required", _("obligatoire"), _yes_no(name in side.required)),
    ]
    options = _options(prop)
    if options:
        facts.append(("choices", _("choix"), _join(title for _key, title in options)))
    if side.condition(name):
        facts.append(("condition", _("condition d'affichage"), side.describe(side.condition(name))))
    if prop.get("description"):
        facts.append(("help", _("aide"), str(prop["description"])))
    facts.append(("order", _("ordre"), _position(side.order.index(name), len(side.order))))
    return tuple(
        Change(aspect, what, "", text) if added else Change(aspect, what, text, "")
        for aspect, what, text in facts
    )


def _choice_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[Change]:
    if old == new:
        return []
    what = _("choix")
    old_titles, new_titles = dict(old), dict(new)
    changes = [
        Change("choices", what, title, "", _("option retirée"))
        for key, title in old
        if key not in new_titles
    ]
    for key, title in new:
        if key not in old_titles:
            changes.append(Change("choices", what, "", title, _("option ajoutée")))
        elif old_titles[key] != title:
            changes.append(Change("choices", what, old_titles[key], title, _("option renommée")))
    kept_old = [key for key, _title in old if key in new_titles]
    kept_new = [key for key, _title in new if key in old_titles]
    if kept_old != kept_new:
        changes.append(
            Change(
                "choices",
                what,
                _join(old_titles[key] for key in kept_old),
                _join(new_titles[key] for key in kept_new),
                _("ordre des options"),
            )
        )
    return changes


def _setting_changes(old: _Side, new: _Side, name: str, same_kind: bool) -> list[Change]:
    """Any other difference in the question's schema or UI entry, named when we can.

    After a change of kind, the settings that come with the kind (data type, widget) are
    implied by it and left out, so the reader sees one change rather than four.
    """
    changes = []
    before, after = old.props[name], new.props[name]
    for key in sorted((set(before) | set(after)) - _OWN_RULE_KEYS):
        if not same_kind and key in ("type", "format", "uniqueItems"):
            continue
        if not _same(before.get(key), after.get(key)):
            word = _SETTING_WORDS.get(key) or _("réglage « %(key)s »") % {"key": key}
            changes.append(
                Change(
                    "setting",
                    str(word),
                    _setting_text(key, before.get(key)),
                    _setting_text(key, after.get(key)),
                )
            )
    old_ui, new_ui = old.fields.get(name, {}), new.fields.get(name, {})
    for key in sorted((set(old_ui) | set(new_ui)) - _OWN_UI_KEYS):
        if not same_kind and key in ("widget", "inputmode"):
            continue
        if not _same(old_ui.get(key), new_ui.get(key)):
            changes.append(
                Change(
                    "setting",
                    _ui_word(new.kind(name) or old.kind(name), key),
                    _ui_text(old.kind(name), key, old_ui.get(key)),
                    _ui_text(new.kind(name), key, new_ui.get(key)),
                )
            )
    return changes


def _form_changes(old: _Side, new: _Side) -> list[FieldChange]:
    topics = []
    if (old.schema.get("title") or "") != (new.schema.get("title") or ""):
        topics.append(
            FieldChange(
                FORM,
                "",
                _("Titre du formulaire"),
                (
                    Change(
                        "title",
                        _("titre du formulaire"),
                        old.schema.get("title") or "",
                        new.schema.get("title") or "",
                    ),
                ),
            )
        )
    for label, changes in (
        (_("Étapes"), _step_changes(old, new)),
        (_("Titres de section"), _layout_changes(old, new, "section", "sections")),
        (_("Textes explicatifs"), _layout_changes(old, new, "text", "texts")),
        (_("Conditions d'éligibilité"), _eligibility_changes(old, new)),
    ):
        if changes:
            topics.append(FieldChange(FORM, "", label, tuple(changes)))
    return topics


def _steps(side: _Side) -> list[dict[str, Any]]:
    return [step for step in side.ui.get("steps") or [] if step.get("title")]


def _step_changes(old: _Side, new: _Side) -> list[Change]:
    old_steps, new_steps = _steps(old), _steps(new)
    old_titles = [step["title"] for step in old_steps]
    new_titles = [step["title"] for step in new_steps]
    what = _("titre d'étape")
    changes: list[Change] = []
    if len(old_titles) == len(new_titles):
        # Same number of steps: a different title at the same place is a renamed step.
        for number, (before, after) in enumerate(zip(old_titles, new_titles, strict=True), 1):
            if before != after:
                note = _("étape %(number)d renommée") % {"number": number}
                changes.append(Change("steps", what, before, after, note))
    else:
        changes.extend(
            _multiset_changes(
                "steps", what, old_titles, new_titles, (_("étape retirée"), _("étape ajoutée"))
            )
        )
    old_by_title = {step["title"]: step for step in reversed(old_steps)}
    for step in new_steps:
        previous = old_by_title.get(step["title"])
        if previous and not _same(previous.get("visible_when"), step.get("visible_when")):
            changes.append(
                Change(
                    "steps",
                    _("condition d'affichage de l'étape « %(title)s »") % {"title": step["title"]},
                    old.describe(previous.get("visible_when")),
                    new.describe(step.get("visible_when")),
                )
            )
    return changes


def _layout_items(side: _Side, key: str) -> list[str]:
    texts = []
    for step in side.ui.get("steps") or []:
        for item in step.get("items") or []:
            if key in item:
                text = strip_tags(str(item[key])).strip()
                texts.append(Truncator(text).words(30) if key == "text" else text)
    return texts


def _layout_changes(old: _Side, new: _Side, key: str, aspect: str) -> list[Change]:
    if key == "section":
        what, notes = _("titre de section"), (_("section retirée"), _("section ajoutée"))
    else:
        what, notes = _("texte explicatif"), (_("texte retiré"), _("texte ajouté"))
    return _multiset_changes(aspect, what, _layout_items(old, key), _layout_items(new, key), notes)


def _multiset_changes(
    aspect: str, what: str, old: list[str], new: list[str], notes: tuple[str, str]
) -> list[Change]:
    """Texts that are gone, then texts that came, each in its own form's order."""
    gone, came = Counter(old) - Counter(new), Counter(new) - Counter(old)
    changes = []
    for text in old:
        if gone[text]:
            gone[text] -= 1
            changes.append(Change(aspect, what, text, "", notes[0]))
    for text in new:
        if came[text]:
            came[text] -= 1
            changes.append(Change(aspect, what, "", text, notes[1]))
    return changes


def _eligibility_changes(old: _Side, new: _Side) -> list[Change]:
    """Rules are matched by their condition: the same condition with a new message is a
    reworded rule, not one rule removed and another added."""
    what = _("règle d'éligibilité")
    old_rules = {canonical_json(r.get("when")): r for r in old.ui.get("eligibility") or []}
    new_rules = {canonical_json(r.get("when")): r for r in new.ui.get("eligibility") or []}

    def text(side: _Side, rule: dict[str, Any]) -> str:
        return _("Arrêter la démarche si %(condition)s : « %(message)s »") % {
            "condition": side.describe(rule.get("when")),
            "message": rule.get("message") or "",
        }

    changes = [
        Change("eligibility", what, text(old, rule), "", _("règle retirée"))
        for key, rule in old_rules.items()
        if key not in new_rules
    ]
    for key, rule in new_rules.items():
        previous = old_rules.get(key)
        if previous is None:
            changes.append(Change("eligibility", what, "", text(new, rule), _("règle ajoutée")))
        elif (previous.get("message") or "") != (rule.get("message") or ""):
            changes.append(
                Change(
                    "eligibility",
                    what,
                    text(old, previous),
                    text(new, rule),
                    _("message modifié"),
                )
            )
    return changes


def _moved(old_order: list[str], new_order: list[str]) -> dict[str, tuple[int, int]]:
    """Questions that really moved: {name: (old index, new index)}.

    Adding a question at the top shifts every other one down a place; that is not a move.
    The questions kept in the same relative order (a longest common subsequence) stay put;
    only the others are reported as moved.
    """
    old_set, new_set = set(old_order), set(new_order)
    kept_old = [name for name in old_order if name in new_set]
    kept_new = [name for name in new_order if name in old_set]
    still = _longest_common_subsequence(kept_old, kept_new)
    return {
        name: (old_order.index(name), new_order.index(name))
        for name in kept_new
        if name not in still
    }


def _longest_common_subsequence(left: list[str], right: list[str]) -> set[str]:
    lengths = [[0] * (len(right) + 1) for _row in range(len(left) + 1)]
    for i in range(len(left) - 1, -1, -1):
        for j in range(len(right) - 1, -1, -1):
            if left[i] == right[j]:
                lengths[i][j] = lengths[i + 1][j + 1] + 1
            else:
                lengths[i][j] = max(lengths[i + 1][j], lengths[i][j + 1])
    common: set[str] = set()
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] == right[j]:
            common.add(left[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common


def _options(prop: dict[str, Any]) -> list[tuple[str, str]]:
    """(stable key, title) of a choice question's options; the key is the stored value."""
    source = prop.get("items") if prop.get("type") == "array" else prop
    if not isinstance(source, dict):
        return []
    for keyword in ("oneOf", "anyOf"):
        entries = [entry for entry in source.get(keyword) or [] if "const" in entry]
        if entries:
            return [
                (canonical_json(e["const"]), str(e.get("title") or _text(e["const"])))
                for e in entries
            ]
    return [(canonical_json(value), _text(value)) for value in source.get("enum") or []]


def _option_title(prop: dict[str, Any], value: Any) -> str:
    return dict(_options(prop)).get(canonical_json(value), _text(value))


def _describe(condition: dict[str, Any], schema: dict[str, Any], *, nested: bool) -> str:
    for key, word in (("all", _("et")), ("any", _("ou"))):
        if key in condition:
            parts = [_describe(part, schema, nested=True) for part in condition[key]]
            text = f" {word} ".join(parts)
            return f"({text})" if nested and len(parts) > 1 else text
    name, op, value = condition.get("field", ""), condition.get("op", ""), condition.get("value")
    prop = (schema.get("properties") or {}).get(name, {})
    field = str(prop.get("title") or name)
    if op in ("one_of", "includes"):
        values = value if isinstance(value, list) else [value]
        quoted = _join((_quoted(prop, item) for item in values), last=_("ou"))
    else:
        quoted = _quoted(prop, value)
    sentence = {
        "equals": _("%(field)s est égale à %(value)s"),
        "not_equals": _("%(field)s est différente de %(value)s"),
        "one_of": _("%(field)s fait partie de %(value)s"),
        "includes": _("%(field)s contient %(value)s"),
        "greater_than": _("%(field)s est supérieure à %(value)s"),
        "less_than": _("%(field)s est inférieure à %(value)s"),
        "filled": _("%(field)s est remplie"),
        "checked": _("%(field)s est cochée"),
    }.get(op)
    if sentence is None:  # an operator added later than this module: still say something
        return f"{field} {op} {quoted}"
    return sentence % {"field": field, "value": quoted}


def _quoted(prop: dict[str, Any], value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _text(value)
    return f"« {_option_title(prop, value)} »"


def _kind_label(kind_name: str) -> str:
    if not kind_name:
        return _("inconnu")
    try:
        return str(get_kind(kind_name).block().meta.label)
    except KeyError:  # a kind no longer installed: its machine name is all we have
        return kind_name


def _ui_word(kind_name: str, key: str) -> str:
    child = _block_child(kind_name, key)
    if child is not None and child.label:
        label = str(child.label)
        return label[:1].lower() + label[1:]
    if key in _UI_WORDS:
        return str(_UI_WORDS[key])
    return _("réglage « %(key)s »") % {"key": key}


def _ui_text(kind_name: str, key: str, value: Any) -> str:
    """A UI setting's value as the editor showed it (« Liste déroulante », not « select »)."""
    child = _block_child(kind_name, key)
    field = getattr(child, "field", None)
    for choice, label in getattr(field, "choices", None) or []:
        if choice == value and choice != "":
            return str(label)
    return _text(value)


def _block_child(kind_name: str, key: str) -> Any:
    try:
        block = get_kind(kind_name).block()
    except KeyError:
        return None
    return getattr(block, "child_blocks", {}).get(key)


def _setting_text(key: str, value: Any) -> str:
    if key in ("x-guichet-date-min", "x-guichet-date-max") and isinstance(value, str):
        return _date_bound_text(value)
    return _text(value)


def _date_bound_text(bound: str) -> str:
    """« -18y » as « il y a 18 ans »: the editor typed an offset, the reader wants words."""
    match = OFFSET.match(bound)
    if bound == "today":
        return _("aujourd'hui")
    if match is None:
        return _text(bound)
    amount = int(match.group(2))
    unit = {
        "d": ngettext("%(n)d jour", "%(n)d jours", amount),
        "m": ngettext("%(n)d mois", "%(n)d mois", amount),
        "y": ngettext("%(n)d an", "%(n)d ans", amount),
    }[match.group(3)] % {"n": amount}
    if match.group(1) == "-":
        return _("il y a %(duration)s") % {"duration": unit}
    return _("dans %(duration)s") % {"duration": unit}


def _same(left: Any, right: Any) -> bool:
    return canonical_json(left) == canonical_json(right)


def _position(index: int, count: int) -> str:
    return _("question %(position)d sur %(count)d") % {"position": index + 1, "count": count}


def _yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def _join(texts: Any, last: str | None = None) -> str:
    items = [str(text) for text in texts]
    if last is None or len(items) < 2:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return _join(_text(item) for item in value)
    if isinstance(value, dict):
        return canonical_json(value)
    return str(value)
