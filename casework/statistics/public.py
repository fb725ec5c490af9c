"""What a procedure's public statistics page shows: requests by month over the last twelve
months and the median processing time. Counts only: nothing about anyone."""

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from . import charts, selectors
from .filters import default_period
from .models import CaseFact
from .percentiles import spreads_by
from .report import days, number

PUBLIC_SLUG = "demandes-par-mois"


@dataclass(frozen=True)
class PublicFigures:
    start: date
    end: date
    total: int
    months: list[tuple[str, int]]
    closed: int
    median_days: float | None
    svg: SafeString | str

    @property
    def empty(self) -> bool:
        return not self.total

    @property
    def median_label(self) -> str:
        return days(self.median_days)


def public_figures(page: object, *, today: date) -> PublicFigures:
    start, end = default_period(today)
    facts = CaseFact.objects.filter(
        procedure_id=page.pk, submitted_on__range=(start, end)
    ).order_by()
    found = selectors.counts(facts, start, end)
    volumes = selectors.volumes(found)
    months = list(zip(volumes.labels, volumes.totals, strict=True))
    closed = facts.filter(processing_days__isnull=False)
    spread = spreads_by(closed, "procedure_id", "processing_days")
    median = spread[page.pk] if page.pk in spread else None
    svg = ""
    if found.total:
        description = (
            f"{number(found.total)} demandes en douze mois ; délai médian de traitement "
            f"{days(median.median if median else None)}."
        )
        svg = charts.stacked_columns(
            PUBLIC_SLUG,
            "Demandes reçues par mois",
            description,
            volumes.labels,
            [charts.Series("Demandes", volumes.totals)],
        )
    return PublicFigures(
        start=start,
        end=end,
        total=found.total,
        months=months,
        closed=median.count if median else 0,
        median_days=median.median if median else None,
        svg=svg,
    )
