"""Charts drawn on the server as SVG: no script, no outside service, readable by screen
readers (role="img", a <title> and a <desc> that says what the chart shows) and without
colour vision: every series has its own pattern as well as its colour, values are written
as text, and the data table beside each chart holds every figure.

The first series takes the theme's primary colour (themes check its contrast); the others
come from a fixed palette, each at least 3:1 against white (WCAG 1.4.11)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Narrow on purpose: drawn at a phone's width the text stays readable, and the page caps
# its size on a desktop (statistics/_styles.html). Bars carry their label above them.
WIDTH = 400
FONT = 13
ROW_HEIGHT = 44
FIGURE_WIDTH = 140  # room right of the bars for the written figure
PRIMARY = "var(--g-primary, #1f4e79)"
PALETTE = [PRIMARY, "#b35900", "#2e6b30", "#6a1b9a", "#a51d2d", "#3d4f5c"]
PATTERNS = ["solid", "stripes", "dots", "cross", "grid", "backslash"]
TEXT = "var(--g-text, #1a1a1a)"
AXIS = "#595959"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


def _number(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _svg(slug: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    """The frame every chart shares; `slug` keeps ids unique on a page of several charts."""
    return mark_safe(  # noqa: S308  (every text put in the body went through escape())
        f'<svg xmlns="http://www.w3.org/2000/svg" class="g-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{slug}-titre {slug}-desc" font-size="{FONT}" '
        f'font-family="var(--g-font, sans-serif)">'
        f'<title id="{slug}-titre">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(description)}</desc>'
        f"{_patterns(slug)}{''.join(body)}</svg>"
    )


def _patterns(slug: str) -> str:
    """One pattern per series: white marks over the series colour."""
    shapes = {
        "solid": "",
        "stripes": '<path d="M0 8L8 0" stroke="#fff" stroke-width="2"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        "cross": '<path d="M0 0L8 8M8 0L0 8" stroke="#fff" stroke-width="1.3"/>',
        "grid": '<path d="M4 0V8M0 4H8" stroke="#fff" stroke-width="1.3"/>',
        "backslash": '<path d="M0 0L8 8" stroke="#fff" stroke-width="2"/>',
    }
    defs = [
        f'<pattern id="{slug}-motif-{index}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{PALETTE[index]}"/>{shapes[name]}</pattern>'
        for index, name in enumerate(PATTERNS)
    ]
    return f"<defs>{''.join(defs)}</defs>"


def fill(slug: str, index: int) -> str:
    return f"url(#{slug}-motif-{index % len(PATTERNS)})"


def _legend(slug: str, names: Sequence[str], y: int) -> tuple[list[str], int]:
    """Swatches and names, wrapped over as many lines as needed; returns the height used."""
    parts, x, line = [], 0, 0
    for index, name in enumerate(names):
        width = 26 + int(len(name) * FONT * 0.55) + 18
        if x + width > WIDTH and x:
            x, line = 0, line + 1
        top = y + line * 22
        parts.append(
            f'<rect x="{x}" y="{top}" width="18" height="14" fill="{fill(slug, index)}" '
            f'stroke="{AXIS}"/><text x="{x + 24}" y="{top + 12}" fill="{TEXT}">'
            f"{escape(name)}</text>"
        )
        x += width
    return parts, (line + 1) * 22


def stacked_columns(
    slug: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Columns by period, each stacked by series (volumes by channel)."""
    legend, legend_height = _legend(slug, [s.name for s in series], 0)
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    plot_top, plot_height, left = legend_height + 24, 200, 40
    plot_width = WIDTH - left - 32  # room for the last label, centred on its column
    step = plot_width / max(len(labels), 1)
    bar = max(4.0, step * 0.7)
    body = list(legend)
    for fraction in (0, 0.5, 1):
        y = plot_top + plot_height * (1 - fraction)
        body.append(
            f'<line x1="{left}" x2="{left + plot_width}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#c4c4c4"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{_number(top * fraction)}</text>"
        )
    every = max(1, -(-len(labels) * 80 // plot_width))  # a label every ~80 px
    for i, label in enumerate(labels):
        x = left + i * step + (step - bar) / 2
        y = plot_top + plot_height
        for index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            height = plot_height * value / top
            y -= height
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{fill(slug, index)}"><title>{escape(label)}, {escape(one.name)} : '
                f"{_number(value)}</title></rect>"
            )
        if totals[i] and bar >= 22:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'fill="{TEXT}">{_number(totals[i])}</text>'
            )
        if i % every == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{plot_top + plot_height + 18}" '
                f'text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
            )
    body.append(
        f'<line x1="{left}" x2="{left}" y1="{plot_top}" y2="{plot_top + plot_height}" '
        f'stroke="{AXIS}"/>'
    )
    return _svg(slug, title, description, plot_top + plot_height + 30, body)


def shares(
    slug: str,
    title: str,
    description: str,
    names: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float], str]],
) -> SafeString:
    """One 100 % bar per row split by series, with the row's headline figure after it."""
    legend, legend_height = _legend(slug, names, 0)
    body = list(legend)
    bar_width = WIDTH - FIGURE_WIDTH
    for row_index, (label, values, figure) in enumerate(rows):
        y = legend_height + 8 + row_index * ROW_HEIGHT
        total = sum(values) or 1
        x = 0.0
        body.append(_row_label(label, y))
        for index, value in enumerate(values):
            width = bar_width * value / total
            if width <= 0:
                continue
            body.append(
                f'<rect x="{x:.1f}" y="{y + 20}" width="{width:.1f}" height="18" '
                f'fill="{fill(slug, index)}"><title>{escape(label)}, {escape(names[index])} '
                f": {_number(value)}</title></rect>"
            )
            x += width
        body.append(_figure(bar_width, y, figure))
    return _svg(slug, title, description, legend_height + 12 + len(rows) * ROW_HEIGHT, body)


def durations(
    slug: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float, float, float | None]],
) -> SafeString:
    """Median (solid bar) and 90th percentile (patterned bar) of days by row, against the
    legal deadline (a dashed line) when there is one."""
    legend, legend_height = _legend(slug, ["Médiane", "90e centile"], 0)
    body = [
        *legend,
        f'<line x1="0" x2="18" y1="{legend_height + 7}" y2="{legend_height + 7}" '
        f'stroke="{PALETTE[4]}" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="24" y="{legend_height + 12}" fill="{TEXT}">Délai légal</text>',
    ]
    legend_height += 22
    top = max([max(p90, deadline or 0) for _label, _median, p90, deadline in rows] or [1]) or 1
    bar_width = WIDTH - FIGURE_WIDTH
    for row_index, (label, median, p90, deadline) in enumerate(rows):
        y = legend_height + 8 + row_index * (ROW_HEIGHT + 4)
        body.append(_row_label(label, y))
        body.append(
            f'<rect x="0" y="{y + 31}" width="{bar_width * p90 / top:.1f}" '
            f'height="9" fill="{fill(slug, 1)}"><title>{escape(label)}, 90e centile : '
            f"{_number(p90)} j</title></rect>"
            f'<rect x="0" y="{y + 20}" width="{bar_width * median / top:.1f}" '
            f'height="11" fill="{fill(slug, 0)}"><title>{escape(label)}, médiane : '
            f"{_number(median)} j</title></rect>"
        )
        if deadline:
            x = bar_width * deadline / top
            body.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 17}" y2="{y + 43}" '
                f'stroke="{PALETTE[4]}" stroke-width="2" stroke-dasharray="4 3"/>'
            )
        body.append(_figure(bar_width, y, f"{_number(median)} / {_number(p90)} j"))
    height = legend_height + 12 + len(rows) * (ROW_HEIGHT + 4)
    return _svg(slug, title, description, height, body)


def bars(
    slug: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float]],
    figure: Callable[[float], str] = _number,
) -> SafeString:
    """One horizontal bar per row, its label above it and its value written after it."""
    top = max((value for _label, value in rows), default=0) or 1
    bar_width = WIDTH - FIGURE_WIDTH
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        body.append(_row_label(label, y))
        width = bar_width * value / top
        body.append(
            f'<rect x="0" y="{y + 20}" width="{width:.1f}" height="18" fill="{fill(slug, 0)}"/>'
            f'<text x="{width + 6:.1f}" y="{y + 34}" fill="{TEXT}">{escape(figure(value))}</text>'
        )
    return _svg(slug, title, description, 4 + len(rows) * ROW_HEIGHT, body)


def heat_grid(
    slug: str,
    title: str,
    description: str,
    counts: dict[tuple[int, int], int],
    rows: int,
    columns: int,
) -> SafeString:
    """The map's area cut into cells, north at the top; each cell darker the more reports it
    holds, and its count written in it."""
    size = min((WIDTH - 2) / columns, (WIDTH - 2) / rows)
    top = max(counts.values(), default=0) or 1
    body = [
        f'<rect x="0" y="0" width="{size * columns:.1f}" height="{size * rows:.1f}" '
        f'fill="#f3f3f0" stroke="{AXIS}"/>'
    ]
    for (row, column), count in sorted(counts.items()):
        if not count:
            continue
        x, y = column * size, (rows - 1 - row) * size
        # From light to dark: the darker half gets white text.
        strength = 0.15 + 0.85 * count / top
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{size:.1f}" height="{size:.1f}" '
            f'fill="{PALETTE[4]}" fill-opacity="{strength:.2f}" stroke="#fff"/>'
            f'<text x="{x + size / 2:.1f}" y="{y + size / 2 + 4:.1f}" text-anchor="middle" '
            f'fill="{"#fff" if strength > 0.5 else "#1a1a1a"}">{count}</text>'
        )
    return _svg(slug, title, description, int(size * rows) + 2, body)


def _row_label(label: str, y: float) -> str:
    shown = label if len(label) <= 58 else label[:57] + "…"
    return f'<text x="0" y="{y + 14}" fill="{TEXT}">{escape(shown)}</text>'


def _figure(bar_width: float, y: float, text: str) -> str:
    return f'<text x="{bar_width + 12:.0f}" y="{y + 34}" fill="{TEXT}">{escape(text)}</text>'
