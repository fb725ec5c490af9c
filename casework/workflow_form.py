"""The workflow's admin form: a definition that could not run cases is refused at save,
with every problem named (workflow_checks.py)."""

from typing import Any

from wagtail.admin.forms import WagtailAdminModelForm

from .workflow import Move, Status
from .workflow_checks import workflow_problems


class WorkflowForm(WagtailAdminModelForm):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid:
            return False  # the fields' own errors first: the definition is not whole yet
        statuses = [
            Status(row["slug"], row["label"], row["public_label"], row["final"], row["meaning"])
            for row in _kept(self.formsets["statuses"])
        ]
        moves = [
            Move(row["source"], row["target"], row["mover"])
            for row in _kept(self.formsets["transitions"])
        ]
        problems = workflow_problems(
            statuses,
            moves,
            decision_required=self.cleaned_data.get("decision_required", False),
            consults=bool(list(_kept(self.formsets["consulted"]))),
        )
        for problem in problems:
            self.add_error(None, problem)
        return not problems


def _kept(formset: Any) -> list[dict[str, Any]]:
    """The rows the editor keeps, in the order they gave them."""
    rows = [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]
    if formset.can_order:
        rows.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
    return [form.cleaned_data for form in rows]
