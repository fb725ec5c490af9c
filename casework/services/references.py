from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import ReferenceCounter


@transaction.atomic
def reference_next(*, prefix: str) -> str:
    """The next case reference for a prefix, gap-free per year and safe under concurrency.

    The increment is one UPDATE, which locks the counter's row until the case is saved in
    the same transaction: two submissions never get the same number, and a rolled-back
    one gives its number back.
    """
    year = timezone.localdate().year
    counters = ReferenceCounter.objects.filter(prefix=prefix, year=year)
    if not counters.update(last=F("last") + 1):
        ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        counters.update(last=F("last") + 1)
    last = counters.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{last:06d}"
