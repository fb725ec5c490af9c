"""Raw JSON Schema import (placeholder module; the importer is being written)."""

from typing import Any


def compile_imported(schema: dict[str, Any], ui_schema: dict[str, Any] | None) -> Any:
    raise NotImplementedError("JSON Schema import is not available yet")
