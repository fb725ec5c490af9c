"""The one formula of the audit chain, shared by the Python writer, the PostgreSQL trigger
(which spells the same thing in SQL), the bulk loaders and `manage.py audit verify`."""

import hashlib
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

# The link before the first: a fixed value, so that an emptied chain cannot pass as new.
GENESIS = "0" * 64


def chain_hash(previous_hash: str, entry_id: int, digest: str) -> str:
    """sha256("<previous_hash>:<entry_id>:<digest>"), hex. Same bytes as the SQL trigger's
    encode(sha256(convert_to(prev || ':' || id || ':' || digest, 'UTF8')), 'hex')."""
    return hashlib.sha256(f"{previous_hash}:{entry_id}:{digest}".encode()).hexdigest()


def entry_digest(entry_fields: dict[str, Any], row_fields: dict[str, Any] | None) -> str:
    """SHA-256 of the entry's own fields and of the row it stands for (a historical row, a
    Wagtail log entry), both given as canonical values (`canonical_values`). The writer and
    `manage.py audit verify` call this one function, so they cannot disagree on the bytes."""
    payload = {"entry": entry_fields, "row": row_fields}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def canonical_values(instance: models.Model, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The instance's concrete column values as JSON-ready values that are the same before
    and after a round trip through the database: written from memory at save time, read
    back from the table by `audit verify`."""
    return {
        field.attname: canonical_value(field, getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in skip
    }


# The Python type each kind of column gives back, when it is its own canonical value: a
# value already of that exact type needs no conversion (the common case, and `audit
# verify` converts tens of values per row).
_PLAIN_TYPES = {
    "CharField": str,
    "TextField": str,
    "SlugField": str,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveSmallIntegerField": int,
    "PositiveBigIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
    "SmallAutoField": int,
    "BooleanField": bool,
    "FloatField": float,
}
_plain_type_of: dict[models.Field, type | None] = {}


def _plain_type(field: models.Field) -> type | None:
    if field not in _plain_type_of:
        target = field.target_field if field.is_relation else field
        _plain_type_of[field] = _PLAIN_TYPES.get(target.get_internal_type())
    return _plain_type_of[field]


def canonical_value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if type(value) is _plain_type(field):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(field, models.JSONField):
        # What the column gives back: the field's encoder turns dates into strings.
        return json.loads(json.dumps(value, cls=field.encoder))
    if not isinstance(field, models.JSONField | models.FileField):
        # What the column gives back: "5" assigned to a foreign key reads back as 5.
        value = field.to_python(value)
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool | int | float | str | dict | list):
        return value
    return str(value)
