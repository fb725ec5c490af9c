"""An editor panel for forms imported from a raw JSON Schema (they have no blocks)."""

import json
from typing import Any

from wagtail.admin.panels import Panel


class ImportedSchemaPanel(Panel):
    """Says that an imported form is edited by importing again, and shows its schema."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "formbuilder/admin/imported_schema_panel.html"

        def is_shown(self) -> bool:
            return bool(getattr(self.instance, "source_schema", None))

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict:
            context = super().get_context_data(parent_context)
            context["schema_json"] = json.dumps(
                self.instance.source_schema, indent=2, ensure_ascii=False
            )
            return context
