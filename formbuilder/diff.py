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

from .compiler import canonical_json
from .diff_wording import (
    SETTING_WORDS,
    choice_options,
    condition_words,
    joined,
    kind_label,
    position_text,
    same_value,
    setting_text,
    ui_text,
    ui_word,
    yes_no,
)

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
FORM = "form"  # a change to the form as a whole (title, steps, eligibility...)

# JSON Schema keywords a question may carry besides the ones compared on their own.
_OWN_RULE_KEYS = {"title", "description", "oneOf", "anyOf", "enum", "items"}
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
    return condition_words(condition, schema, nested=False)


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
                kind_label(old.kind(name)),
                kind_label(new.kind(name)),
            )
        )
    if (name in old.required) != (name in new.required):
        changes.append(
            Change(
                "required",
                _("obligatoire"),
                yes_no(name in old.required),
                yes_no(name in new.required),
            )
        )
    changes.extend(_choice_changes(choice_options(before), choice_options(after)))
    if not same_value(old.condition(name), new.condition(name)):
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
                position_text(was, len(old.order)),
                position_text(now, len(new.order)),
                _("déplacée"),
            )
        )
    changes.extend(_setting_changes(old, new, name, same_kind))
    return tuple(changes)


def _described(side: _Side, name: str, *, added: bool) -> tuple[Change, ...]:
    """What an added (or removed) question is: shown on one side of the diff only."""
    prop = side.props[name]
    facts = [
        ("kind", _("type de question"), kind_label(side.kind(name))),
        ("required", _("obligatoire"), yes_no(name in side.required)),
    ]
    options = choice_options(prop)
    if options:
        facts.append(("choices", _("choix"), joined(title for _key, title in options)))
    if side.condition(name):
        facts.append(("condition", _("condition d'affichage"), side.describe(side.condition(name))))
    if prop.get("description"):
        facts.append(("help", _("aide"), str(prop["description"])))
    facts.append(("order", _("ordre"), position_text(side.order.index(name), len(side.order))))
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
                joined(old_titles[key] for key in kept_old),
                joined(new_titles[key] for key in kept_new),
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
        if not same_value(before.get(key), after.get(key)):
            word = SETTING_WORDS.get(key) or _("réglage « %(key)s »") % {"key": key}
            changes.append(
                Change(
                    "setting",
                    str(word),
                    setting_text(key, before.get(key)),
                    setting_text(key, after.get(key)),
                )
            )
    old_ui, new_ui = old.fields.get(name, {}), new.fields.get(name, {})
    for key in sorted((set(old_ui) | set(new_ui)) - _OWN_UI_KEYS):
        if not same_kind and key in ("widget", "inputmode"):
            continue
        if not same_value(old_ui.get(key), new_ui.get(key)):
            changes.append(
                Change(
                    "setting",
                    ui_word(new.kind(name) or old.kind(name), key),
                    ui_text(old.kind(name), key, old_ui.get(key)),
                    ui_text(new.kind(name), key, new_ui.get(key)),
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
        if previous and not same_value(previous.get("visible_when"), step.get("visible_when")):
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

    def as_text(side: _Side, rule: dict[str, Any]) -> str:
        return _("Arrêter la démarche si %(condition)s : « %(message)s »") % {
            "condition": side.describe(rule.get("when")),
            "message": rule.get("message") or "",
        }

    changes = [
        Change("eligibility", what, as_text(old, rule), "", _("règle retirée"))
        for key, rule in old_rules.items()
        if key not in new_rules
    ]
    for key, rule in new_rules.items():
        previous = old_rules.get(key)
        if previous is None:
            changes.append(Change("eligibility", what, "", as_text(new, rule), _("règle ajoutée")))
        elif (previous.get("message") or "") != (rule.get("message") or ""):
            changes.append(
                Change(
                    "eligibility",
                    what,
                    as_text(old, previous),
                    as_text(new, rule),
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
