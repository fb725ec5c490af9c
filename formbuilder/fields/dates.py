"""Dates, dates with a time, and times of day, written the French way."""

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..keywords import DATE_MAX, DATE_MIN, resolve_date_bound
from .registry import BaseFieldBlock, FieldKind, register

NUMBERS = _("Nombres et dates")
FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
TIME = re.compile(r"^\s*([01]?\d|2[0-3])\s*[:hH]\s*([0-5]\d)?\s*$")
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
BOUND_HELP = _(
    "Une date (2026-01-31), « today » (aujourd'hui) ou un écart : -18y (il y a 18 ans), +30d."
)


class DateBlock(BaseFieldBlock):
    min_date = blocks.CharBlock(label=_("Au plus tôt"), required=False, help_text=BOUND_HELP)
    max_date = blocks.CharBlock(label=_("Au plus tard"), required=False, help_text=BOUND_HELP)

    class Meta:
        label = _("Date")
        icon = "date"
        group = NUMBERS


class DateTimeBlock(BaseFieldBlock):
    class Meta:
        label = _("Date et heure")
        icon = "date"
        group = NUMBERS


class TimeBlock(BaseFieldBlock):
    class Meta:
        label = _("Heure")
        icon = "time"
        group = NUMBERS


def parse_date(text: Any) -> Any:
    """ISO date from "14/07/1990" or "1990-07-14"; the text itself when it is neither."""
    if not isinstance(text, str):
        return text
    match = FRENCH_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text.strip()
    return text.strip()


def french_date(iso: Any) -> str:
    try:
        return date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


@register
class DateKind(FieldKind):
    name = "date"
    block_class = DateBlock
    menu_order = 22
    messages = {
        "format": _("Saisissez une date valide, par exemple 14/07/1990."),
        DATE_MIN: _("La date doit être le {limit} ou après."),
        DATE_MAX: _("La date doit être le {limit} ou avant."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        schema = {"type": "string", "format": "date"}
        if value.get("min_date"):
            schema[DATE_MIN] = value["min_date"].strip()
        if value.get("max_date"):
            schema[DATE_MAX] = value["max_date"].strip()
        return schema

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        errors = {}
        bounds = {}
        for field in ("min_date", "max_date"):
            raw = (value.get(field) or "").strip()
            if raw:
                bounds[field] = resolve_date_bound(raw)
                if bounds[field] is None:
                    errors[field] = str(
                        _("« %(value)s » n'est pas une borne de date valide.") % {"value": raw}
                    )
        if (
            bounds.get("min_date")
            and bounds.get("max_date")
            and bounds["min_date"] > bounds["max_date"]
        ):
            errors["max_date"] = str(_("La date au plus tard doit suivre la date au plus tôt."))
        return errors

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and prop.get("format") == "date"

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def to_answer(self, cleaned: Any) -> Any:
        return super().to_answer(parse_date(cleaned))

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return french_date(value)

    def message(self, keyword: str, limit: Any = None) -> str:
        if isinstance(limit, date):
            limit = limit.strftime("%d/%m/%Y")
        return super().message(keyword, limit)


@register
class DateTimeKind(FieldKind):
    name = "datetime"
    block_class = DateTimeBlock
    menu_order = 23
    messages = {
        "format": _("Saisissez une date et une heure valides, par exemple 14/07/2026 à 10:30.")
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and prop.get("format") == "date-time"

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return forms.CharField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def to_answer(self, cleaned: Any) -> Any:
        """RFC 3339 with the local offset, from the browser's "2026-07-14T10:30"."""
        text = (cleaned or "").strip() if isinstance(cleaned, str) else cleaned
        if not text:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.isoformat(timespec="seconds")

    def to_initial(self, answer: Any, prop: dict[str, Any]) -> Any:
        try:
            return timezone.localtime(datetime.fromisoformat(answer)).strftime("%Y-%m-%dT%H:%M")
        except (TypeError, ValueError):
            return answer

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        try:
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y à %H:%M")
        except (TypeError, ValueError):
            return str(value)


@register
class TimeKind(FieldKind):
    name = "time"
    block_class = TimeBlock
    menu_order = 24
    messages = {"pattern": _("Saisissez une heure valide, par exemple 14:30.")}

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        # A local time of day: JSON Schema's "time" format demands a UTC offset citizens
        # never give, so a pattern states the HH:MM form instead.
        return {"type": "string", "pattern": TIME_PATTERN}

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        return prop.get("type") == "string" and (
            prop.get("format") == "time" or prop.get("pattern") == TIME_PATTERN
        )

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        return forms.CharField(widget=forms.TimeInput(attrs={"type": "time"}))

    def answer_for(self, cleaned: Any, prop: dict[str, Any]) -> Any:
        answer = self.to_answer(cleaned)
        if prop.get("format") == "time" and isinstance(answer, str) and TIME.match(answer):
            # An imported RFC 3339 "time" wants seconds and an offset: the local one.
            offset = timezone.localtime().strftime("%z")
            return f"{answer}:00{offset[:3]}:{offset[3:]}"
        return answer

    def to_answer(self, cleaned: Any) -> Any:
        if isinstance(cleaned, str):
            match = TIME.match(cleaned)
            if match:
                return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"
        return super().to_answer(cleaned)
