"""Back-office forms of consultations and decisions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case, Decision, Department, Opinion
from .workflow import workflow_for

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


class ConsultationRequestForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Services à consulter"),
        queryset=Department.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un service.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> "ConsultationRequestForm":
        """Every department but the handling one and those already asked; the ones the
        workflow names are ticked."""
        asked = case.consultations.values_list("department_id", flat=True)
        named = [consulted.department_id for consulted in workflow_for(case).consulted]
        form = cls(
            data=data,
            initial={"expected_version": case.lock_version, "departments": named},
        )
        form.fields["departments"].queryset = Department.objects.exclude(
            pk=case.department_id
        ).exclude(pk__in=asked)
        return form


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Avis"),
        choices=Opinion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un avis.")},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Obligatoire pour un avis défavorable : le service instructeur le lira."),
    )
    attachment = forms.FileField(
        label=_("Pièce jointe"),
        required=False,
        help_text=_("Facultative, 10 Mo au plus."),
    )

    def clean_attachment(self) -> Any:
        attachment = self.cleaned_data.get("attachment")
        if attachment is not None and attachment.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("La pièce jointe dépasse 10 Mo."))
        return attachment

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("opinion") == Opinion.UNFAVOURABLE
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error(
                "comment", _("Un avis défavorable dit pourquoi : écrivez un commentaire.")
            )
        return cleaned


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Décision"),
        choices=[(Decision.GRANTED, _("Accorder")), (Decision.REFUSED, _("Refuser"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d'accorder ou de refuser.")},
    )
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Envoyé à l'usager avec la décision."),
        error_messages={"required": _("Motivez la décision : elle est envoyée à l'usager.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
