from django.db import connection, transaction
from django.utils import timezone

from ..models import ReferenceCounter


@transaction.atomic(savepoint=False)
def reference_next(*, prefix: str) -> str:
    """The next case reference for a prefix, gap-free per year and safe under concurrency.

    The increment is one UPDATE ... RETURNING, which locks the counter's row until the
    case is saved in the same transaction: two submissions never get the same number, and
    a rolled-back one gives its number back.
    """
    year = timezone.localdate().year
    last = _increment(prefix, year)
    if last is None:
        ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        last = _increment(prefix, year)
    return f"{prefix}-{year}-{last:06d}"


def _increment(prefix: str, year: int) -> int | None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(ReferenceCounter._meta.db_table)} SET {quote('last')} = "
            f"{quote('last')} + 1 WHERE {quote('prefix')} = %s AND {quote('year')} = %s "
            f"RETURNING {quote('last')}",
            [prefix, year],
        )
        row = cursor.fetchone()
    return None if row is None else row[0]
