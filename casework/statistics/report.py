"""The statistics page's charts: each one's figures as a table (shown beside the chart and
downloaded as CSV) and as an SVG drawing of the same figures."""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.safestring import SafeString

from . import charts, selectors
from .models import FactsWatermark
from .scope import Scope
from .selectors import Filters

NO_DATA = "Aucune donnée pour cette période"


def number(value: float, places: int = 1) -> str:
    """A figure as French readers write it: 12,5; whole numbers without decimals."""
    if places == 0 or float(value).is_integer():
        return f"{round(value):,}".replace(",", "\u202f")
    return f"{value:,.{places}f}".replace(",", "\u202f").replace(".", ",")


def percent(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + "\u00a0%"


def days(value: float | None) -> str:
    return "—" if value is None else f"{number(value)}\u00a0j"


@dataclass
class Chart:
    slug: str
    title: str
    description: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    svg: SafeString | str = ""
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


CHART_SLUGS = [
    "volumes",
    "canaux",
    "delais-demarches",
    "delais-services",
    "avis",
    "issues",
    "signalements",
    "carte",
]


def statistics_report(
    scope: Scope, filters: Filters, bounds: dict[str, float] | None = None
) -> list[Chart]:
    facts = selectors.case_facts_for(scope, filters)
    found = selectors.counts(facts, filters.start, filters.end)
    durations = selectors.durations(facts)
    points = selectors.report_points(facts)
    return [
        volumes_chart(found),
        channels_chart(found),
        durations_chart(durations["procedure_id"], by_procedure=True),
        durations_chart(durations["department_id"], by_procedure=False),
        consultations_chart(selectors.consultation_facts_for(scope, filters)),
        outcomes_chart(found),
        categories_chart(points),
        map_chart(points, bounds),
    ]


# The facts only change when the refresh runs: until the next one, the same question gets
# the same charts. The refresh's time is in the key, so a refresh makes every entry stale.
CACHE_SECONDS = 2 * 60 * 60


def cached_statistics_report(
    scope: Scope, filters: Filters, bounds: dict[str, float] | None = None
) -> list[Chart]:
    ran_at = FactsWatermark.objects.values_list("ran_at", flat=True).first()
    question = repr(
        (
            ran_at,
            scope.everything,
            sorted(scope.department_ids),
            filters,
            sorted((bounds or {}).items()),
        )
    )
    key = "statistics:report:" + hashlib.sha256(question.encode()).hexdigest()
    charts = cache.get(key)
    if charts is None:
        charts = statistics_report(scope, filters, bounds)
        cache.set(key, charts, CACHE_SECONDS)
    return charts


def volumes_chart(found: selectors.Counts) -> Chart:
    unit = "semaine" if found.by_week else "mois"
    chart = Chart("volumes", f"Demandes reçues par {unit} et par canal")
    if not found.total:
        return chart
    volumes = selectors.volumes(found)
    chart.headers = ["Période", *(label for _value, label in volumes.channels), "Total"]
    chart.rows = [
        [label, *(number(volumes.values[c][i]) for c, _ in volumes.channels), number(total)]
        for i, (label, total) in enumerate(zip(volumes.labels, volumes.totals, strict=True))
    ]
    busiest = max(range(len(volumes.totals)), key=volumes.totals.__getitem__)
    chart.description = (
        f"{number(found.total)} demandes sur la période ; le plus : "
        f"{number(volumes.totals[busiest])} en {volumes.labels[busiest]}."
    )
    chart.svg = charts.stacked_columns(
        chart.slug,
        chart.title,
        chart.description,
        volumes.labels,
        [charts.Series(label, volumes.values[value]) for value, label in volumes.channels],
    )
    return chart


def channels_chart(found: selectors.Counts) -> Chart:
    chart = Chart("canaux", "Part des demandes faites en ligne, par démarche")
    shares = selectors.channel_shares(found)
    if not shares:
        return chart
    channels = [(value, label) for value, label in selectors.CHANNELS]
    used = [(v, lbl) for v, lbl in channels if any(s.by_channel.get(v) for s in shares)]
    chart.headers = ["Démarche", *(label for _v, label in used), "Total", "Part en ligne"]
    chart.rows = [
        [
            share.procedure,
            *(number(share.by_channel.get(value, 0)) for value, _label in used),
            number(share.total),
            percent(share.online_share),
        ]
        for share in shares
    ]
    chart.description = " ; ".join(
        f"{share.procedure} : {percent(share.online_share)} en ligne" for share in shares
    )
    chart.svg = charts.shares(
        chart.slug,
        chart.title,
        chart.description,
        [label for _value, label in used],
        [
            (
                share.procedure,
                [share.by_channel.get(value, 0) for value, _label in used],
                f"{percent(share.online_share)} en ligne",
            )
            for share in shares
        ],
    )
    return chart


def durations_chart(rows: list[selectors.Duration], *, by_procedure: bool) -> Chart:
    chart = Chart(
        "delais-demarches" if by_procedure else "delais-services",
        "Délai de traitement par " + ("démarche" if by_procedure else "service"),
        note="Jours calendaires du dépôt à la clôture, des dossiers déposés dans la période "
        "et clos depuis.",
    )
    if not rows:
        return chart
    chart.headers = [
        "Démarche" if by_procedure else "Service",
        "Dossiers clos",
        "Médiane",
        "90e centile",
        "Délai légal",
        "Clos dans le délai",
    ]
    chart.rows = [
        [
            row.name,
            number(row.closed),
            days(row.median),
            days(row.p90),
            days(row.deadline_days),
            "—" if row.within_share is None else percent(row.within_share),
        ]
        for row in rows
    ]
    chart.description = " ; ".join(
        f"{row.name} : médiane {days(row.median)}, 90e centile {days(row.p90)}"
        + (f", délai légal {days(row.deadline_days)}" if row.deadline_days else "")
        for row in rows
    )
    chart.svg = charts.durations(
        chart.slug,
        chart.title,
        chart.description,
        [(row.name, row.median, row.p90, row.deadline_days) for row in rows],
    )
    return chart


def consultations_chart(facts: object) -> Chart:
    chart = Chart(
        "avis",
        "Avis en retard, par service consulté",
        note="En retard : répondu après la date attendue, ou toujours sans réponse après elle.",
    )
    rows = selectors.consultation_lateness(facts)
    if not rows:
        return chart
    chart.headers = [
        "Service consulté",
        "Avis demandés",
        "Avis rendus",
        "En retard",
        "Part en retard",
        "Retard médian",
    ]
    chart.rows = [
        [
            row.department,
            number(row.asked),
            number(row.answered),
            number(row.late),
            percent(row.late_share),
            days(row.median_days_late),
        ]
        for row in rows
    ]
    chart.description = " ; ".join(
        f"{row.department} : {percent(row.late_share)} en retard" for row in rows
    )
    chart.svg = charts.bars(
        chart.slug,
        chart.title,
        chart.description,
        [(row.department, row.late_share) for row in rows],
        figure=lambda value: f"{percent(value)} en retard",
    )
    return chart


def outcomes_chart(found: selectors.Counts) -> Chart:
    chart = Chart("issues", "Issue des demandes")
    rows = selectors.outcomes(found)
    if not rows:
        return chart
    total = sum(n for _value, _label, n in rows)
    chart.headers = ["Issue", "Demandes", "Part"]
    chart.rows = [[label, number(n), percent(100 * n / total)] for _value, label, n in rows]
    chart.description = " ; ".join(f"{label} : {number(n)}" for _value, label, n in rows)
    chart.svg = charts.bars(
        chart.slug,
        chart.title,
        chart.description,
        [(label, n) for _value, label, n in rows],
        figure=lambda value: f"{number(value)} ({percent(100 * value / total)})",
    )
    return chart


def categories_chart(points: list[selectors.Point]) -> Chart:
    chart = Chart("signalements", "Signalements par catégorie")
    rows = selectors.reports_by_category(points)
    if not rows:
        return chart
    chart.headers = ["Catégorie", "Signalements"]
    chart.rows = [[name, number(n)] for name, n in rows]
    chart.description = " ; ".join(f"{name} : {number(n)}" for name, n in rows)
    chart.svg = charts.bars(chart.slug, chart.title, chart.description, rows)
    return chart


def map_chart(points: list[selectors.Point], bounds: dict[str, float] | None) -> Chart:
    chart = Chart(
        "carte",
        "Carte des signalements",
        note="Chaque case couvre une partie égale du territoire, le nord en haut ; les "
        "emplacements sont arrondis à une centaine de mètres.",
    )
    grid = selectors.report_grid(points, bounds)
    if grid is None:
        return chart
    chart.headers = ["Zone (latitude, longitude)", "Signalements"]
    height = (grid.north - grid.south) / grid.rows
    width = (grid.east - grid.west) / grid.columns
    chart.rows = [
        [
            f"{grid.south + row * height:.3f} à {grid.south + (row + 1) * height:.3f} N, "
            f"{grid.west + column * width:.3f} à {grid.west + (column + 1) * width:.3f} E",
            number(n),
        ]
        for (row, column), n in sorted(grid.counts.items(), key=lambda item: -item[1])
    ]
    if grid.outside:
        chart.rows.append(["Hors de la carte de la commune", number(grid.outside)])
    busiest = max(grid.counts.values(), default=0)
    chart.description = (
        f"{number(grid.total)} signalements placés sur la carte, en {len(grid.counts)} zones ; "
        f"la plus signalée en compte {number(busiest)}."
    )
    chart.svg = charts.heat_grid(
        chart.slug, chart.title, chart.description, grid.counts, grid.rows, grid.columns
    )
    return chart


def csv_rows(chart: Chart) -> list[list[str]]:
    if chart.empty:
        return [[NO_DATA]]
    return [chart.headers, *chart.rows]
