"""The back-office statistics page and its CSV downloads, and the public statistics page of
a procedure that publishes them."""

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from casework.services.queue_exports import safe_cell
from themes.look import look_for_request

from . import report
from .filters import StatisticsFilterForm
from .public import public_figures
from .scope import statistics_scope
from .selectors import Filters

CSV_TYPE = "text/csv; charset=utf-8"


@require_GET
@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    scope = statistics_scope(request.user)
    if scope is None:
        raise PermissionDenied
    form = StatisticsFilterForm(request.GET, scope=scope)
    form.is_valid()
    start, end = form.period()
    procedure = form.value("procedure")
    category = form.value("category")
    filters = Filters(
        start=start,
        end=end,
        procedure_id=procedure.pk if procedure else None,
        department_id=form.value("department"),
        channel=form.value("channel"),
        category_id=category.pk if category else None,
    )
    bounds = look_for_request(request).theme.map_bounds()
    charts = report.cached_statistics_report(scope, filters, bounds or None)
    if request.GET.get("format") == "csv":
        chosen = next((c for c in charts if c.slug == request.GET.get("chart")), None)
        if chosen is None:
            return HttpResponse(
                "Ce graphique n'existe pas : choisissez un des liens « Télécharger (CSV) ».",
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return _csv(chosen, start, end)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("chart", None)
    return render(
        request,
        "statistics/backoffice.html",
        {
            "form": form,
            "charts": charts,
            "start": start,
            "end": end,
            "query": query.urlencode(),
            "scope": scope,
            "no_data": report.NO_DATA,
        },
    )


def _csv(chart: report.Chart, start: object, end: object) -> HttpResponse:
    buffer = io.StringIO()
    # Excel in French reads ";" as the separator and needs the BOM to read UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in report.csv_rows(chart):
        writer.writerow(
            [safe_cell(str(cell).replace("\u202f", "").replace("\u00a0", " ")) for cell in row]
        )
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="statistiques-{chart.slug}-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
    )
    return response


def public_statistics(page: object, request: HttpRequest) -> HttpResponse:
    """A procedure's public figures, only where its editors chose to publish them."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if not getattr(page, "public_statistics", False):
        raise Http404
    figures = public_figures(page, today=timezone.localdate())
    return TemplateResponse(
        request,
        "statistics/public.html",
        {"page": page, "self": page, "figures": figures, "no_data": report.NO_DATA},
    )
