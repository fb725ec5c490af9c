"""Medians and 90th percentiles of a column, by group: PostgreSQL computes them in SQL
(percentile_cont); SQLite has no such aggregate, so the values are sorted in Python, which
is fine for the embedded demo's few thousand cases. Both interpolate the same way."""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, QuerySet


class PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: str, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("a percentile is a fraction between 0 and 1")
        super().__init__(expression, fraction=float(fraction), **extra)


@dataclass(frozen=True)
class Spread:
    count: int
    median: float
    p90: float


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """percentile_cont of PostgreSQL: linear interpolation between the two nearest ranks."""
    if not sorted_values:
        raise ValueError("no value")
    position = fraction * (len(sorted_values) - 1)
    lower, upper = math.floor(position), math.ceil(position)
    low, high = sorted_values[lower], sorted_values[upper]
    return float(low + (high - low) * (position - lower))


def spreads_by(rows: QuerySet, group: str, value: str) -> dict[Any, Spread]:
    """Count, median and 90th percentile of `value` for each `group` of `rows`, leaving out
    rows where `value` is empty."""
    rows = rows.filter(**{f"{value}__isnull": False})
    if connection.vendor == "postgresql":
        return {
            row[group]: Spread(row["count"], row["median"], row["p90"])
            for row in rows.order_by()
            .values(group)
            .annotate(
                count=Count("pk"),
                median=PercentileCont(value, 0.5),
                p90=PercentileCont(value, 0.9),
            )
        }
    values: dict[Any, list[float]] = defaultdict(list)
    for key, number in rows.order_by(group, value).values_list(group, value):
        values[key].append(number)
    return {
        key: Spread(len(numbers), percentile(numbers, 0.5), percentile(numbers, 0.9))
        for key, numbers in values.items()
    }


@dataclass(frozen=True)
class GroupFigures:
    spread: Spread
    top: float | None  # the largest `top_of`
    flagged: int  # rows where `flag` is true
    flag_known: int  # rows where `flag` is not empty


def figures_by_each(
    rows: QuerySet, groups: Sequence[str], value: str, *, top_of: str, flag: str
) -> dict[str, dict[Any, GroupFigures]]:
    """For each of `groups` (columns), the Spread of `value` by that column, with the
    largest `top_of` and how often `flag` holds: one pass over `rows` for all of them (on
    PostgreSQL, GROUPING SETS), where a query per grouping would read the rows each time."""
    rows = rows.filter(**{f"{value}__isnull": False}).order_by()
    found: dict[str, dict[Any, GroupFigures]] = {group: {} for group in groups}
    if connection.vendor == "postgresql":
        inner, params = rows.values(*groups, value, top_of, flag).query.sql_with_params()
        quote = connection.ops.quote_name
        columns = ", ".join(quote(group) for group in groups)
        which = ", ".join(f"GROUPING({quote(group)})" for group in groups)
        sql = (
            f"SELECT {which}, {columns}, count(*), "
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {quote(value)}), "
            f"percentile_cont(0.9) WITHIN GROUP (ORDER BY {quote(value)}), "
            f"max({quote(top_of)}), count(*) FILTER (WHERE {quote(flag)}), count({quote(flag)}) "
            f"FROM ({inner}) AS facts GROUP BY GROUPING SETS "
            f"({', '.join(f'({quote(group)})' for group in groups)})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                unused, keys = row[: len(groups)], row[len(groups) : 2 * len(groups)]
                count, median, p90, top, flagged, known = row[2 * len(groups) :]
                index = list(unused).index(0)
                found[groups[index]][keys[index]] = GroupFigures(
                    Spread(count, median, p90), top, flagged, known
                )
        return found
    values: dict[tuple[str, Any], list[float]] = defaultdict(list)
    tops: dict[tuple[str, Any], float | None] = {}
    flags: dict[tuple[str, Any], list[int]] = defaultdict(lambda: [0, 0])
    for record in rows.order_by(value).values_list(*groups, value, top_of, flag):
        number, top, flagged = record[len(groups) :]
        for group, key in zip(groups, record[: len(groups)], strict=False):
            values[(group, key)].append(number)
            if top is not None:
                tops[(group, key)] = max(top, tops.get((group, key)) or top)
            flags[(group, key)][0] += flagged is True
            flags[(group, key)][1] += flagged is not None
    for (group, key), numbers in values.items():
        found[group][key] = GroupFigures(
            Spread(len(numbers), percentile(numbers, 0.5), percentile(numbers, 0.9)),
            tops.get((group, key)),
            *flags[(group, key)],
        )
    return found
