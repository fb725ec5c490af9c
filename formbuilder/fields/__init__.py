"""Field kinds: every module of this package registers one kind with @register.

Adding a kind is one new module here; nothing else names it.
"""

import importlib
import pkgutil

from .registry import (
    FieldKind,
    all_formats,
    all_kinds,
    get_kind,
    kind_for_schema,
    question_kinds,
    register,
)

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name != "registry" and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = [
    "FieldKind",
    "all_formats",
    "all_kinds",
    "get_kind",
    "kind_for_schema",
    "question_kinds",
    "register",
]
