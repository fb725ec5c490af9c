"""Querysets compiled to SQL once per process, then run with each request's values.

Building and compiling a queryset can cost Django more than PostgreSQL takes to answer it:
routing a procedure page (a page's many columns, two subqueries) cost more in the ORM than
the rest of a form step's work, and every step also looks up its draft. Their shape never
changes, only the values: the queryset is built once with markers where the values go, its
SQL kept, and each request runs that SQL through `raw()` (which reads the columns back into
model instances, converting JSON and StreamField values as usual) with its own values in
place of the markers.
"""

import uuid
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet

_compiled: dict[tuple[Hashable, ...], tuple[str, tuple[Any, ...]]] = {}
# Keys vary with the number of values (the parts of a URL): a crafted URL must not grow the
# memory of the process; beyond this many shapes, a query is compiled on each call.
MAX_COMPILED = 64


def _spellings(value: Any) -> list[Any]:
    # A UUID reaches the SQL parameters as itself (PostgreSQL) or as its hex (SQLite).
    return [value, value.hex] if isinstance(value, uuid.UUID) else [value]


def run_compiled(
    model: type[Model],
    key: Hashable,
    build: Callable[[list[Any]], QuerySet],
    markers: Sequence[Any],
    values: Sequence[Any],
) -> RawQuerySet:
    """`build(markers)`'s query, compiled once per `key`, run with `values` for `markers`.

    Each marker must differ from the query's own constant parameters and reach the SQL
    parameters unchanged (or as a UUID's hex): a queryset where that does not hold is
    refused on its first compilation, rather than run with a marker left in.
    """
    connection = connections[model._default_manager.db]
    cache_key = (connection.alias, connection.vendor, key)
    compiled = _compiled.get(cache_key)
    if compiled is None:
        sql, template = build(list(markers)).query.sql_with_params()
        spelled = [form for marker in markers for form in _spellings(marker)]
        if sum(param in spelled for param in template if isinstance(param, Hashable)) != len(
            markers
        ):
            raise ValueError(f"{key!r}: every marker must appear once in the parameters")
        compiled = (sql, template)
        if len(_compiled) < MAX_COMPILED:
            _compiled[cache_key] = compiled
    sql, template = compiled
    by_marker: dict[Any, Any] = {}
    for marker, value in zip(markers, values, strict=True):
        by_marker.update(zip(_spellings(marker), _spellings(value), strict=True))
    params = [
        by_marker.get(param, param) if isinstance(param, Hashable) else param for param in template
    ]
    return model._default_manager.raw(sql, params)
