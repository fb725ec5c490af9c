"""Field kinds. Importing this package registers every bundled kind.

Adding a kind: one new module here and one line below.
"""

from . import choice, email, long_text, short_text  # noqa: F401
from .registry import FieldKind, all_kinds, get_kind, register

__all__ = ["FieldKind", "all_kinds", "get_kind", "register"]
