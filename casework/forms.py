from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case
from .workflow import workflow_for


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Nouveau statut"), error_messages={"required": _("Choisissez le nouveau statut.")}
    )
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Indiquez le motif du changement de statut.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> "TransitionForm":
        form = cls(data=data, initial={"expected_version": case.lock_version})
        next_statuses = workflow_for(case).next_statuses(case.status)
        form.fields["to_status"].choices = [("", _("— Choisissez —"))] * bool(next_statuses) + [
            (status.slug, status.label) for status in next_statuses
        ]
        return form
