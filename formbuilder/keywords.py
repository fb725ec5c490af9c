"""Guichet's own JSON Schema keywords, on top of Draft 2020-12.

Dates relative to the day of the answer ("not in the future", "at least 18 years ago")
cannot be frozen into a published schema, so they are keywords evaluated at validation:
  "x-guichet-date-min" / "x-guichet-date-max": an ISO date, "today", or an offset from
  today such as "-18y", "+30d", "-6m".
  "x-guichet-decimals": the most digits allowed after the decimal point (multipleOf with
  0.01 fails on binary floats: 12.34 / 0.01 is not a whole number in floating point).
Other validators ignore unknown keywords, so the schema stays standard for them.
"""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

OFFSET = re.compile(r"^([+-])(\d{1,3})([dmy])$")
DATE_MIN, DATE_MAX = "x-guichet-date-min", "x-guichet-date-max"


def resolve_date_bound(bound: str, today: date | None = None) -> date | None:
    """The date a bound stands for today, or None when the bound is malformed."""
    today = today or timezone.localdate()
    if bound == "today":
        return today
    match = OFFSET.match(bound)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        amount, unit = int(match.group(2)) * sign, match.group(3)
        if unit == "d":
            return date.fromordinal(today.toordinal() + amount)
        months = today.year * 12 + today.month - 1 + (amount * 12 if unit == "y" else amount)
        year, month = divmod(months, 12)
        day = min(today.day, _month_length(year, month + 1))
        return date(year, month + 1, day)
    try:
        return date.fromisoformat(bound)
    except ValueError:
        return None


def _month_length(year: int, month: int) -> int:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def _answer_date(instance: Any) -> date | None:
    if not isinstance(instance, str):
        return None
    try:
        return date.fromisoformat(instance[:10])
    except ValueError:
        return None


def _date_min(validator: Any, bound: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    answer, limit = _answer_date(instance), resolve_date_bound(bound)
    if answer and limit and answer < limit:
        yield ValidationError(f"{instance} is before {limit.isoformat()}", validator_value=limit)


def _date_max(validator: Any, bound: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    answer, limit = _answer_date(instance), resolve_date_bound(bound)
    if answer and limit and answer > limit:
        yield ValidationError(f"{instance} is after {limit.isoformat()}", validator_value=limit)


def _decimals(validator: Any, places: int, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if isinstance(instance, float) and not isinstance(instance, bool):
        digits = repr(instance).split("e")[0].partition(".")[2].rstrip("0")
        if len(digits) > places:
            yield ValidationError(f"{instance} has more than {places} decimals")


GuichetValidator = validators.extend(
    Draft202012Validator,
    {DATE_MIN: _date_min, DATE_MAX: _date_max, "x-guichet-decimals": _decimals},
)
