"""The case page's forms for who handles a case: the agent in charge, another
department, or a body outside the town."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Case, Department
from .services.assignment import department_members, person_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class AssignForm(forms.Form):
    assignee = PersonChoiceField(
        label=_("Agent chargé du dossier"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Personne (tout le service)"),
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> "AssignForm":
        form = cls(
            data=data,
            initial={"assignee": case.assignee_id, "expected_version": case.lock_version},
            auto_id="attribution_%s",
        )
        form.fields["assignee"].queryset = department_members(case)
        return form


class TransferForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Nouveau service"),
        queryset=Department.objects.none(),
        empty_label=_("— Choisissez —"),
        error_messages={"required": _("Choisissez le service qui reprend le dossier.")},
    )
    reason = forms.CharField(
        label=_("Motif du transfert"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Indiquez pourquoi le dossier change de service.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> "TransferForm":
        form = cls(
            data=data, initial={"expected_version": case.lock_version}, auto_id="transfert_%s"
        )
        form.fields["department"].queryset = Department.objects.exclude(pk=case.department_id)
        return form


class OutsideTransferForm(forms.Form):
    body = forms.CharField(
        label=_("Organisme compétent"),
        help_text=_("Par exemple : Conseil départemental, Enedis, Métropole."),
        max_length=200,
        error_messages={"required": _("Indiquez l'organisme auquel le dossier est transmis.")},
    )
    reason = forms.CharField(
        label=_("Motif (pour l'historique)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Indiquez pourquoi le dossier ne relève pas de la commune.")},
    )
    message = forms.CharField(
        label=_("Message à l'usager sur la transmission"),
        help_text=_("Dites-lui qui va traiter sa demande et comment le joindre."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Écrivez le message à l'usager.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(cls, case: Case, data: Any = None) -> "OutsideTransferForm":
        return cls(
            data=data, initial={"expected_version": case.lock_version}, auto_id="exterieur_%s"
        )
