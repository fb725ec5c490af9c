"""The figures of every chart, read from the facts only (never from the cases, which
retention redacts or deletes), for what a person may see and the filters they chose."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, Max, Q, QuerySet
from django.db.models.functions import Trunc

from casework.models import Channel, Department, IncidentCategory, Opinion
from cms.models import ProcedurePage

from .models import CaseFact, ConsultationFact, Outcome
from .percentiles import figures_by_each, spreads_by
from .scope import Scope

WEEKS_UP_TO_DAYS = 120  # shorter periods are counted by week, longer ones by month
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc."]  # fmt: skip
CHANNELS = [(value, str(label)) for value, label in Channel.choices]
OUTCOMES = [(value, str(label)) for value, label in Outcome.choices]


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    procedure_id: int | None = None
    department_id: int | None = None
    channel: str | None = None
    category_id: int | None = None


def case_facts_for(scope: Scope, filters: Filters) -> QuerySet[CaseFact]:
    facts = CaseFact.objects.filter(submitted_on__range=(filters.start, filters.end))
    if not scope.everything:
        facts = facts.filter(department_id__in=scope.department_ids)
    if filters.procedure_id:
        facts = facts.filter(procedure_id=filters.procedure_id)
    if filters.department_id:
        facts = facts.filter(department_id=filters.department_id)
    if filters.channel:
        facts = facts.filter(channel=filters.channel)
    if filters.category_id:
        facts = facts.filter(
            Q(category_id=filters.category_id)
            | Q(category_id__in=_subcategories(filters.category_id))
        )
    return facts.order_by()


def consultation_facts_for(scope: Scope, filters: Filters) -> QuerySet[ConsultationFact]:
    """Opinions asked in the period: of one's departments, or on one's departments' cases."""
    facts = ConsultationFact.objects.filter(requested_on__range=(filters.start, filters.end))
    if not scope.everything:
        ids = scope.department_ids
        facts = facts.filter(Q(department_id__in=ids) | Q(case_department_id__in=ids))
    if filters.procedure_id:
        facts = facts.filter(procedure_id=filters.procedure_id)
    if filters.department_id:
        one = filters.department_id
        facts = facts.filter(Q(department_id=one) | Q(case_department_id=one))
    if filters.channel:
        facts = facts.filter(channel=filters.channel)
    return facts.order_by()


def _subcategories(category_id: int) -> list[int]:
    return list(IncidentCategory.objects.filter(parent_id=category_id).values_list("pk", flat=True))


# --- counts, read once for three charts -------------------------------------------------


@dataclass
class Counts:
    """Cases by period, procedure, channel and outcome: one query for three charts."""

    by_week: bool
    periods: list[date]
    rows: list[tuple[date, int, str, str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row[4] for row in self.rows)


def counts(facts: QuerySet[CaseFact], start: date, end: date) -> Counts:
    by_week = (end - start).days <= WEEKS_UP_TO_DAYS
    kind = "week" if by_week else "month"
    found = Counts(by_week, _periods(start, end, by_week))
    found.rows = [
        (_as_date(row["period"]), row["procedure_id"], row["channel"], row["outcome"], row["n"])
        for row in facts.annotate(period=Trunc("submitted_on", kind, output_field=DateField()))
        .values("period", "procedure_id", "channel", "outcome")
        .annotate(n=Count("pk"))
    ]
    return found


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _periods(start: date, end: date, by_week: bool) -> list[date]:
    """Every week (from its Monday) or month (from its 1st) the period touches, so that an
    empty one shows as zero rather than disappearing from the axis."""
    periods = []
    if by_week:
        current = start - timedelta(days=start.weekday())
        while current <= end:
            periods.append(current)
            current += timedelta(days=7)
    else:
        current = start.replace(day=1)
        while current <= end:
            periods.append(current)
            current = (current + timedelta(days=32)).replace(day=1)
    return periods


def period_label(period: date, by_week: bool) -> str:
    if by_week:
        return f"sem. du {period:%d/%m}"
    return f"{MONTHS[period.month - 1]} {period.year}"


@dataclass(frozen=True)
class Volumes:
    labels: list[str]
    channels: list[tuple[str, str]]  # (value, label) of channels with at least one case
    values: dict[str, list[int]]  # channel -> count by period
    totals: list[int]


def volumes(found: Counts) -> Volumes:
    index = {period: i for i, period in enumerate(found.periods)}
    values: dict[str, list[int]] = {channel: [0] * len(found.periods) for channel, _ in CHANNELS}
    for period, _procedure, channel, _outcome, n in found.rows:
        if period in index and channel in values:
            values[channel][index[period]] += n
    used = [(value, label) for value, label in CHANNELS if any(values[value])]
    totals = [sum(values[c][i] for c, _ in CHANNELS) for i in range(len(found.periods))]
    return Volumes(
        labels=[period_label(period, found.by_week) for period in found.periods],
        channels=used,
        values={channel: values[channel] for channel, _ in used},
        totals=totals,
    )


@dataclass(frozen=True)
class ChannelShare:
    procedure: str
    by_channel: dict[str, int]
    total: int

    @property
    def online_share(self) -> float:
        """Percent of the procedure's cases made online; the Vanves figure."""
        return 100 * self.by_channel.get(Channel.WEB, 0) / self.total if self.total else 0.0


def channel_shares(found: Counts) -> list[ChannelShare]:
    by_procedure: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _period, procedure, channel, _outcome, n in found.rows:
        by_procedure[procedure][channel] += n
    names = procedure_names(by_procedure)
    shares = [
        ChannelShare(names[procedure], dict(channels), sum(channels.values()))
        for procedure, channels in by_procedure.items()
    ]
    return sorted(shares, key=lambda share: (-share.total, share.procedure))


def outcomes(found: Counts) -> list[tuple[str, str, int]]:
    """(outcome, label, count) of every outcome met, in the order of Outcome."""
    by_outcome: dict[str, int] = defaultdict(int)
    for _period, _procedure, _channel, outcome, n in found.rows:
        by_outcome[outcome] += n
    return [(value, label, by_outcome[value]) for value, label in OUTCOMES if by_outcome[value]]


# --- processing times -------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    name: str
    closed: int
    median: float
    p90: float
    deadline_days: int | None
    within_deadline: int
    with_deadline: int

    @property
    def within_share(self) -> float | None:
        return 100 * self.within_deadline / self.with_deadline if self.with_deadline else None


def durations(facts: QuerySet[CaseFact]) -> dict[str, list[Duration]]:
    """Median and 90th percentile of the calendar days from submission to closing, by
    procedure and by department ("procedure_id", "department_id"), of the cases closed
    among those submitted in the period; against the legal deadline (the longest one met
    in the group) and how many closed within it. One pass over the facts for both."""
    closed = facts.filter(processing_days__isnull=False)
    found = figures_by_each(
        closed,
        ["procedure_id", "department_id"],
        "processing_days",
        top_of="deadline_days",
        flag="deadline_met",
    )
    by_group = {}
    for group, figures in found.items():
        names = procedure_names(figures) if group == "procedure_id" else department_names(figures)
        rows = [
            Duration(
                name=names[key],
                closed=one.spread.count,
                median=one.spread.median,
                p90=one.spread.p90,
                deadline_days=one.top,
                within_deadline=one.flagged,
                with_deadline=one.flag_known,
            )
            for key, one in figures.items()
        ]
        by_group[group] = sorted(rows, key=lambda row: row.name.casefold())
    return by_group


# --- consultations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Lateness:
    department: str
    asked: int
    answered: int
    late: int
    median_days_late: float | None

    @property
    def late_share(self) -> float:
        return 100 * self.late / self.asked if self.asked else 0.0


def consultation_lateness(facts: QuerySet[ConsultationFact]) -> list[Lateness]:
    """By consulted department: opinions asked, answered, late (answered after the due day
    or still unanswered past it), and the median days late of the late ones."""
    totals = {
        row["department_id"]: row
        for row in facts.values("department_id").annotate(
            asked=Count("pk"),
            answered=Count("answered_at"),
            late=Count("pk", filter=Q(days_late__gt=0)),
        )
    }
    late = spreads_by(facts.filter(days_late__gt=0), "department_id", "days_late")
    names = department_names(totals)
    rows = [
        Lateness(
            department=names[key],
            asked=row["asked"],
            answered=row["answered"],
            late=row["late"],
            median_days_late=late[key].median if key in late else None,
        )
        for key, row in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row.late_share, row.department.casefold()))


def opinions(facts: QuerySet[ConsultationFact]) -> list[tuple[str, int]]:
    found = dict(facts.values_list("opinion").annotate(n=Count("pk")))
    labels = [*((value, str(label)) for value, label in Opinion.choices), ("", "Sans réponse")]
    return [(label, found[value]) for value, label in labels if found.get(value)]


# --- incident reports -------------------------------------------------------------------


Point = tuple[int | None, Any, Any, int]  # category, rounded latitude and longitude, count


def report_points(facts: QuerySet[CaseFact]) -> list[Point]:
    """Incident reports counted by category and rounded point: one query for the two charts
    of reports."""
    return list(
        facts.filter(Q(category_id__isnull=False) | Q(latitude__isnull=False))
        .values_list("category_id", "latitude", "longitude")
        .annotate(n=Count("pk"))
    )


def reports_by_category(points: list[Point]) -> list[tuple[str, int]]:
    found: dict[int, int] = defaultdict(int)
    for category_id, _latitude, _longitude, n in points:
        if category_id is not None:
            found[category_id] += n
    names = {
        category.pk: str(category)
        for category in IncidentCategory.objects.select_related("parent").filter(pk__in=found)
    }
    rows = [(names.get(pk, f"Catégorie n° {pk} (supprimée)"), n) for pk, n in found.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))


@dataclass(frozen=True)
class Grid:
    south: float
    west: float
    north: float
    east: float
    rows: int
    columns: int
    counts: dict[tuple[int, int], int]
    outside: int  # reports placed off the map's area

    @property
    def total(self) -> int:
        return sum(self.counts.values())


GRID_CELLS = 12


def report_grid(found: list[Point], bounds: dict[str, float] | None) -> Grid | None:
    """Reports counted by cell of the town's map area (its theme's bounds; else the area
    the points cover); None when no report has a place."""
    points = [(lat, lon, n) for _c, lat, lon, n in found if lat is not None and lon is not None]
    if not points:
        return None
    if bounds:
        south, west, north, east = (bounds[s] for s in ("south", "west", "north", "east"))
    else:
        latitudes = [float(lat) for lat, _lon, _n in points]
        longitudes = [float(lon) for _lat, lon, _n in points]
        south, north = min(latitudes) - 0.001, max(latitudes) + 0.001
        west, east = min(longitudes) - 0.001, max(longitudes) + 0.001
    # Cells about square on the ground: a degree of longitude is shorter than one of latitude.
    ratio = (east - west) * math.cos(math.radians((south + north) / 2)) / (north - south)
    columns = GRID_CELLS if ratio >= 1 else max(1, round(GRID_CELLS * ratio))
    rows = GRID_CELLS if ratio <= 1 else max(1, round(GRID_CELLS / ratio))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    outside = 0
    for latitude, longitude, n in points:
        lat, lon = float(latitude), float(longitude)
        if not (south <= lat <= north and west <= lon <= east):
            outside += n
            continue
        row = min(rows - 1, int((lat - south) / (north - south) * rows))
        column = min(columns - 1, int((lon - west) / (east - west) * columns))
        counts[(row, column)] += n
    return Grid(south, west, north, east, rows, columns, dict(counts), outside)


# --- names ------------------------------------------------------------------------------


def procedure_names(ids: Any) -> dict[int, str]:
    known = dict(ProcedurePage.objects.filter(pk__in=list(ids)).values_list("pk", "title"))
    missing = [pk for pk in ids if pk not in known]
    if missing:
        # A procedure deleted since: the title the facts kept.
        known.update(
            CaseFact.objects.filter(procedure_id__in=missing)
            .values_list("procedure_id")
            .annotate(title=Max("procedure_title"))
        )
    return {pk: known.get(pk) or f"Démarche n° {pk} (supprimée)" for pk in ids}


def department_names(ids: Any) -> dict[int, str]:
    known = dict(Department.objects.filter(pk__in=list(ids)).values_list("pk", "name"))
    return {pk: known.get(pk, f"Service n° {pk} (supprimé)") for pk in ids}
