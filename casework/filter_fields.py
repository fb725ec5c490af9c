"""What the back office's filter forms share (the queue, the audit timeline and object
history, the statistics): fields with the same label, choices and French error wherever a
person meets them, and errors tied to their fields for screen readers."""

from django import forms

from cms.models import ProcedurePage

from .models import Channel, Department
from .plain_select import PlainSelect


class FilterForm(forms.Form):
    """A filter form whose errors are tied to their fields: the template writes each error
    under the id `<name>-erreur` and each help text under `id_<name>_helptext`."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                described = [f"{name}-erreur"]
                if field.help_text:
                    described.append(f"id_{name}_helptext")
                field.widget.attrs["aria-describedby"] = " ".join(described)
                field.widget.attrs["aria-invalid"] = "true"


def procedure_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        widget=PlainSelect,
        label="Démarche",
        queryset=ProcedurePage.objects.order_by("title"),
        required=False,
        empty_label="Toutes",
        error_messages={"invalid_choice": "Cette démarche n'existe pas : choisissez-en une."},
    )


def department_filter() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        widget=PlainSelect,
        label="Service",
        queryset=Department.objects.order_by("name"),
        required=False,
        empty_label="Tous",
        error_messages={"invalid_choice": "Ce service n'existe pas : choisissez-en un."},
    )


def channel_filter() -> forms.ChoiceField:
    return forms.ChoiceField(
        widget=PlainSelect,
        label="Canal",
        required=False,
        choices=[("", "Tous"), *Channel.choices],
        error_messages={"invalid_choice": "Ce canal n'existe pas : choisissez-en un."},
    )
