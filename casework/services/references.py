from django.db import transaction
from django.utils import timezone

from ..models import ReferenceCounter


@transaction.atomic
def reference_next(*, prefix: str) -> str:
    """The next case reference for a prefix, gap-free per year and safe under concurrency."""
    year = timezone.localdate().year
    ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:06d}"
