"""Filter fields the back office's lists share (the queue, the audit timeline, the
statistics): the same label, choices and French error wherever a person meets them."""

from django import forms

from cms.models import ProcedurePage

from .models import Channel, Department
from .plain_select import PlainSelect


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
