"""The statistics page's filters, read from the query string: a value that does not fit is
an error at its field and leaves the figures unfiltered by it."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from casework.models import IncidentCategory
from casework.plain_select import PlainSelect

from ..filter_fields import FilterForm, channel_filter, procedure_filter
from .scope import Scope

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
BAD_DATE = "Saisissez une date, par exemple 31/12/2026."
LONGEST_PERIOD_DAYS = 10 * 366


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, today included."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today


class StatisticsFilterForm(FilterForm):
    du = forms.DateField(
        label="Du",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": BAD_DATE},
    )
    au = forms.DateField(
        label="Au",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": BAD_DATE},
    )
    procedure = procedure_filter()
    department = forms.TypedChoiceField(
        widget=PlainSelect,
        label="Service",
        required=False,
        coerce=int,
        error_messages={"invalid_choice": "Choisissez un service de la liste."},
    )
    channel = channel_filter()
    category = forms.ModelChoiceField(
        widget=PlainSelect,
        label="Catégorie de signalement",
        queryset=IncidentCategory.objects.select_related("parent").order_by(
            "parent__position", "position", "name"
        ),
        required=False,
        empty_label="Toutes",
        error_messages={"invalid_choice": "Cette catégorie n'existe pas : choisissez-en une."},
    )

    def __init__(self, data: Any, *, scope: Scope, today: date | None = None) -> None:
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.fields["department"].choices = [
            ("", "Tous" if scope.everything else "Tous mes services"),
            *((department.pk, department.name) for department in scope.departments()),
        ]
        start, end = default_period(self.today)
        self.fields["du"].widget.attrs["placeholder"] = start.strftime("%d/%m/%Y")
        self.fields["au"].widget.attrs["placeholder"] = end.strftime("%d/%m/%Y")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end:
            if end < start:
                self.add_error("au", "Cette date précède la date de début.")
            elif (end - start).days > LONGEST_PERIOD_DAYS:
                self.add_error("au", "Choisissez une période de dix ans au plus.")
        return data

    def value(self, name: str) -> Any:
        """A filter's valid value, or None when it is empty or wrong."""
        if not self.is_bound or name in self.errors:
            return None
        value = self.cleaned_data.get(name)
        return None if value in ("", None) else value

    def period(self) -> tuple[date, date]:
        """The period asked for; the last twelve months where a bound is missing or wrong
        (and a start after the end is no period: the default then too)."""
        default_start, default_end = default_period(self.today)
        start, end = self.value("du"), self.value("au")
        if "au" in self.errors:
            start, end = None, None
        if start and not end:
            end = max(start, self.today)
        if end and not start:
            start = default_period(end)[0]
        return start or default_start, end or default_end
