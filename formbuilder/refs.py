"""Local $ref references inside a JSON Schema: where they point, and reading through them."""

from typing import Any
from urllib.parse import unquote

Location = tuple[str, ...]
SCHEMA_SINGLES = frozenset({"items", "if", "then", "else"})
SCHEMA_LISTS = frozenset({"allOf", "oneOf"})
RESOLVE_LEVELS = 3  # a kind looks at a property, its items and its options, no deeper


def ref_target(ref: str) -> Location | None:
    """The location a local JSON-pointer $ref designates, or None when it is not local."""
    if not ref.startswith("#"):
        return None
    fragment = unquote(ref[1:])
    if fragment == "":
        return ()
    if not fragment.startswith("/"):
        return None  # "#name" is an anchor, and $anchor is not supported
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in fragment[1:].split("/"))


def resolved(node: Any, root: dict[str, Any], levels: int = RESOLVE_LEVELS) -> Any:
    """A sub-schema with its local $refs replaced by their targets, to show it as a question.

    Cycles were refused before, so the $ref chain ends; sub-schemas are resolved only a few
    levels deep, enough for a kind to read a property, its items and its options.
    """
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    target = ref_target(node["$ref"]) if isinstance(node.get("$ref"), str) else None
    if target is not None:
        found: Any = root
        for part in target:
            found = found[int(part)] if isinstance(found, list) else found[part]
        result.update(resolved(found, root, levels))
    for keyword, value in node.items():
        if keyword in ("$ref", "$defs"):
            continue
        if levels > 0 and keyword in SCHEMA_SINGLES:
            value = resolved(value, root, levels - 1)
        elif levels > 0 and keyword in SCHEMA_LISTS and isinstance(value, list):
            value = [resolved(child, root, levels - 1) for child in value]
        elif levels > 0 and keyword == "properties" and isinstance(value, dict):
            value = {name: resolved(child, root, levels - 1) for name, child in value.items()}
        result[keyword] = value
    return result
