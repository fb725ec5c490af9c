"""Raw JSON Schema import: a documented subset of Draft 2020-12, checked, then shown as a form.

The subset (docs/forms.md): types string/number/integer/boolean/array/object; enum, const,
oneOf as a list of options {const, title}; format email/date/date-time/time/uri (and the
formats a field kind checks); minLength/maxLength/pattern; minimum/maximum/exclusive
bounds/multipleOf; minItems/maxItems/uniqueItems; properties/items; required;
if/then/else; allOf; dependentRequired; local $defs/$ref; title/description/default/examples.
Anything else is refused by a SchemaRefused naming the keyword and its JSON pointer: a form
must mean the same thing to the validator and to the person filling it, so nothing is ignored.

The stored schema stays as given (plus "$schema"); local $refs are resolved only to pick each
question's field kind.
"""

import copy
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from .compiler import SCHEMA_DIALECT, CompiledForm
from .fields import all_formats
from .import_ui import ui_schema_for
from .refs import Location, ref_target
from .schema_refusals import SchemaRefused, json_pointer

SUPPORTED_TYPES = ("string", "number", "integer", "boolean", "array", "object")
BASE_FORMATS = ("email", "date", "date-time", "time", "uri")

# How each supported keyword holds sub-schemas; every other supported keyword is a leaf.
_SCHEMA_MAPS = frozenset({"properties", "$defs"})
_SCHEMA_SINGLES = frozenset({"items", "if", "then", "else"})
_SCHEMA_LISTS = frozenset({"allOf", "oneOf"})
_LEAVES = frozenset(
    "$schema $ref type enum const format minLength maxLength pattern minimum maximum "
    "exclusiveMinimum exclusiveMaximum multipleOf minItems maxItems uniqueItems required "
    "dependentRequired title description default examples".split()
)
SUPPORTED_KEYWORDS = _SCHEMA_MAPS | _SCHEMA_SINGLES | _SCHEMA_LISTS | _LEAVES
_OPTION_KEYWORDS = frozenset({"const", "title", "description"})
_MAX_DEPTH = 32  # a pasted schema nested deeper is a mistake, not a form


def import_schema(schema: dict[str, Any], ui_schema: dict[str, Any] | None = None) -> CompiledForm:
    """Check a pasted schema against the subset and infer (or complete) its UI schema.

    Raises SchemaRefused. Same input, same output.
    """
    _check_root(schema)
    checked = _Checked()
    _walk(schema, (), checked, depth=0)
    _check_refs(schema, checked)
    _check_meta_schema(schema)
    _check_required_names(schema)
    stored = copy.deepcopy(schema)
    if "$schema" not in stored:
        stored = {"$schema": SCHEMA_DIALECT, **stored}
    return CompiledForm(schema=stored, ui_schema=ui_schema_for(stored, ui_schema))


def compile_imported(schema: dict[str, Any], ui_schema: dict[str, Any] | None) -> CompiledForm:
    """What an imported form definition compiles to (see compiler.compile_definition)."""
    return import_schema(schema, ui_schema)


# --- The schema ------------------------------------------------------------------------


class _Checked:
    """What the walk learnt: where the sub-schemas are, and the $refs to follow."""

    def __init__(self) -> None:
        self.locations: set[Location] = set()
        self.refs: list[tuple[Location, str]] = []


def _check_root(schema: Any) -> None:
    properties = schema.get("properties") if isinstance(schema, dict) else None
    declared = schema.get("type", "object") if isinstance(schema, dict) else None
    if not properties or not isinstance(properties, dict) or declared not in ("object", ["object"]):
        raise SchemaRefused(
            "type",
            "",
            _(
                "Un formulaire importé doit être un schéma « type » objet avec des "
                "« properties » : une propriété par question"
            ),
        )


def _walk(node: Any, location: Location, checked: _Checked, depth: int) -> None:
    pointer = json_pointer(location)
    if depth > _MAX_DEPTH:
        keyword = location[-1] if location[-1] in _SCHEMA_SINGLES else location[-2]
        raise SchemaRefused(
            keyword,
            pointer,
            _("Le schéma est trop profondément imbriqué sous « %(keyword)s »")
            % {"keyword": keyword},
        )
    if not isinstance(node, dict):
        return  # a malformed value: the meta-schema check words it
    checked.locations.add(location)
    for keyword, value in node.items():
        if keyword not in SUPPORTED_KEYWORDS:
            raise SchemaRefused(
                keyword,
                pointer,
                _("Le mot-clé « %(keyword)s » n'est pas pris en charge") % {"keyword": keyword},
            )
        _check_leaf(keyword, value, location, checked)
        for child_location, child in _children(keyword, value, location):
            if isinstance(child, bool):
                raise SchemaRefused(
                    keyword,
                    json_pointer(child_location),
                    _(
                        "Le mot-clé « %(keyword)s » contient un schéma booléen (true ou false), "
                        "qui n'est pas pris en charge : écrivez un schéma objet"
                    )
                    % {"keyword": keyword},
                )
            if keyword == "oneOf":
                _check_option(child, child_location)
            _walk(child, child_location, checked, depth + 1)


def _children(keyword: str, value: Any, location: Location) -> Iterator[tuple[Location, Any]]:
    if keyword in _SCHEMA_MAPS and isinstance(value, dict):
        for name, child in value.items():
            yield (*location, keyword, name), child
    elif keyword in _SCHEMA_SINGLES:
        yield (*location, keyword), value
    elif keyword in _SCHEMA_LISTS and isinstance(value, list):
        for index, child in enumerate(value):
            yield (*location, keyword, str(index)), child


def _check_leaf(keyword: str, value: Any, location: Location, checked: _Checked) -> None:
    pointer = json_pointer(location)
    if keyword == "$schema" and (location or value not in (SCHEMA_DIALECT, SCHEMA_DIALECT + "#")):
        raise SchemaRefused(
            keyword,
            pointer,
            _("Le mot-clé « $schema » n'est accepté qu'à la racine et doit valoir « %(uri)s »")
            % {"uri": SCHEMA_DIALECT},
        )
    if keyword == "type":
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name not in SUPPORTED_TYPES:
                raise SchemaRefused(
                    keyword,
                    pointer,
                    _(
                        "Le « type » « %(type)s » n'est pas pris en charge "
                        "(types acceptés : %(types)s)"
                    )
                    % {"type": name, "types": ", ".join(SUPPORTED_TYPES)},
                )
    if keyword == "format" and isinstance(value, str) and value not in supported_formats():
        raise SchemaRefused(
            keyword,
            pointer,
            _(
                "Le « format » « %(format)s » n'est pas pris en charge "
                "(formats acceptés : %(formats)s)"
            )
            % {"format": value, "formats": ", ".join(supported_formats())},
        )
    if keyword == "pattern" and isinstance(value, str):
        try:
            re.compile(value)
        except re.error:
            raise SchemaRefused(
                keyword,
                pointer,
                _("L'expression régulière « pattern » « %(pattern)s » n'est pas valide")
                % {"pattern": value},
            ) from None
    if keyword == "$ref" and isinstance(value, str):
        checked.refs.append((location, value))


def supported_formats() -> list[str]:
    """The formats an imported schema may use: the base ones and those a field kind checks."""
    return [*BASE_FORMATS, *sorted(set(all_formats()) - set(BASE_FORMATS))]


def _check_option(option: Any, location: Location) -> None:
    # oneOf is supported as a list of labelled options; other uses have no form to show.
    if not isinstance(option, dict) or "const" not in option or option.keys() - _OPTION_KEYWORDS:
        raise SchemaRefused(
            "oneOf",
            json_pointer(location),
            _(
                "Le mot-clé « oneOf » n'est pris en charge que comme liste d'options "
                'de la forme {"const": …, "title": …}'
            ),
        )


def _check_refs(schema: dict[str, Any], checked: _Checked) -> None:
    targets: dict[Location, Location] = {}
    for location, ref in checked.refs:
        target = ref_target(ref)
        pointer = json_pointer(location)
        if target is None:
            raise SchemaRefused(
                "$ref",
                pointer,
                _(
                    "La référence « $ref » « %(ref)s » n'est pas locale : seules les références "
                    "internes comme « #/$defs/nom » sont prises en charge"
                )
                % {"ref": ref},
            )
        if target not in checked.locations:
            raise SchemaRefused(
                "$ref",
                pointer,
                _("La référence « $ref » « %(ref)s » ne désigne aucun schéma de ce document")
                % {"ref": ref},
            )
        targets[location] = target
    for location, ref in checked.refs:
        if _reaches(location, location, targets):
            raise SchemaRefused(
                "$ref",
                json_pointer(location),
                _(
                    "La référence « $ref » « %(ref)s » forme une boucle : "
                    "un schéma ne peut pas se contenir lui-même"
                )
                % {"ref": ref},
            )


def _reaches(start: Location, goal: Location, targets: dict[Location, Location]) -> bool:
    """Whether following the $ref at `start` leads back to the $ref at `goal`.

    Following a $ref enters its whole target, so every $ref inside the target is next.
    """
    pending, seen = [start], {start}
    while pending:
        target = targets[pending.pop()]
        for other in targets:
            if other[: len(target)] != target:
                continue
            if other == goal:
                return True
            if other not in seen:
                seen.add(other)
                pending.append(other)
    return False


def _check_meta_schema(schema: dict[str, Any]) -> None:
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        keyword, location = _keyword_of(list(error.absolute_path), str(error.validator))
        raise SchemaRefused(
            keyword,
            json_pointer(location),
            _("La valeur du mot-clé « %(keyword)s » n'est pas valide selon JSON Schema 2020-12")
            % {"keyword": keyword},
        ) from None


def _keyword_of(path: list[Any], fallback: str) -> tuple[str, Location]:
    """The keyword a meta-schema error is about, and the schema holding it."""
    location: Location = ()
    index = 0
    while index < len(path):
        keyword = str(path[index])
        step = 2 if keyword in _SCHEMA_MAPS | _SCHEMA_LISTS else 1
        if keyword in _SCHEMA_SINGLES | _SCHEMA_MAPS | _SCHEMA_LISTS and index + step < len(path):
            location = (*location, *(str(part) for part in path[index : index + step]))
            index += step
            continue
        return keyword, location
    return fallback, location


def _check_required_names(schema: dict[str, Any]) -> None:
    """A required name that is not a question would make the form impossible to send."""
    questions = schema["properties"]
    for location, node in _root_applicators(schema, ()):
        names = list(node.get("required", []))
        for key, needed in node.get("dependentRequired", {}).items():
            names += [key, *needed]
        for name in names:
            if name not in questions:
                keyword = "required" if name in node.get("required", []) else "dependentRequired"
                raise SchemaRefused(
                    keyword,
                    json_pointer(location),
                    _(
                        "« %(keyword)s » nomme « %(name)s », qui n'est pas une question du "
                        "formulaire (absente des « properties » de la racine)"
                    )
                    % {"keyword": keyword, "name": name},
                )


def _root_applicators(node: dict[str, Any], location: Location) -> Iterator[tuple[Location, Any]]:
    """The root and the sub-schemas that apply to the answers object itself."""
    yield location, node
    for keyword in ("allOf", "if", "then", "else"):
        for child_location, child in _children(keyword, node.get(keyword), location):
            if isinstance(child, dict):
                yield from _root_applicators(child, child_location)
