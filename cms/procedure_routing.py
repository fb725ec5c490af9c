"""Procedure pages found in one query instead of a walk down the page tree.

Wagtail routes a request by descending the tree, one query per level, then loading the
page's specific class, then lists the ancestors to check view restrictions: eight queries
before a step of a form is drawn, on every step of every citizen. Here a live procedure
page is looked up by its URL path in one query that also says whether a view restriction
applies to it (ProcedurePage.get_view_restrictions then needs no query of its own when none
does) and which form version is the current one. The page is handed to Wagtail as the
request's route (Wagtail keeps it in `request._wagtail_route_for_request`), and Wagtail's
`serve` does the rest as usual: before- and on-serve hooks, the view restriction check
included. Any other path, or a path a procedure page does not answer, is routed by Wagtail
unchanged.
"""

from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from casework.models import Department, RoutingRule
from formbuilder.models import FormVersion

from .compiled_queries import run_compiled
from .models import ProcedurePage, restrictions_above
from .procedure_memo import remembered_procedures

# The routed page's department comes in the same row, under these names.
DEPARTMENT_PREFIX = "routed_department__"
DEPARTMENT_FIELDS = [field.attname for field in Department._meta.concrete_fields]


def serve(request: HttpRequest, path: str) -> HttpResponse:
    route_procedure(request, path)
    return wagtail_serve(request, path)


def route_procedure(request: HttpRequest, path: str) -> None:
    """Set the request's route when `path` is a live procedure page or one of its views."""
    parts = [part for part in path.split("/") if part]
    site = Site.find_for_request(request) if parts else None
    if site is None:
        return
    root_paths = Site.get_site_root_paths()
    root = next((entry.root_path for entry in root_paths if entry.site_id == site.pk), None)
    if root is None:
        return
    depth_by_path = {root + "/".join(parts[:n]) + "/": n for n in range(1, len(parts) + 1)}
    page = max(live_procedures(list(depth_by_path)), key=lambda p: p.depth, default=None)
    if page is None:
        return
    # Known with the page: an unrestricted page needs no second query for Wagtail's check,
    # and the form version to fill in needs none either.
    page.has_no_view_restrictions = not page.restricted
    rest = parts[depth_by_path[page.url_path] :]
    try:
        match = page.resolve_subpage("/" + "".join(f"{part}/" for part in rest))
    except Http404:
        return
    page._wagtail_cached_site_root_paths = root_paths  # page.url needs them: read once
    request.routable_resolver_match = match
    request._wagtail_route_for_request = RouteResult(page, args=tuple(match))


def _routing_queryset(url_paths: list[str]) -> QuerySet:
    department = {DEPARTMENT_PREFIX + name: F(f"department__{name}") for name in DEPARTMENT_FIELDS}
    return (
        ProcedurePage.objects.live()
        .filter(url_path__in=url_paths)
        .annotate(
            restricted=Exists(restrictions_above(OuterRef("path"))),
            # Most procedures have no routing rule: submitting then skips the rules query.
            has_routing_rules=Exists(RoutingRule.objects.filter(procedure_id=OuterRef("pk"))),
            latest_version_id=Subquery(
                FormVersion.objects.filter(definition_id=OuterRef("form_id"))
                .order_by("-number")
                .values("pk")[:1]
            ),
            **department,
        )
    )


def live_procedures(url_paths: list[str]) -> list[ProcedurePage]:
    """The live procedure pages at these URL paths, each with its department, whether a
    view restriction applies to it, whether it has routing rules and its latest form
    version id: remembered by the process until one of them changes (procedure_memo.py)."""
    return remembered_procedures(url_paths, read_live_procedures)


def read_live_procedures(url_paths: list[str]) -> list[ProcedurePage]:
    """live_procedures() read from the database.

    Page and department columns and three subqueries: building and compiling this query
    cost more than the rest of a step's work, so it is compiled once per number of paths
    (compiled_queries.py)."""
    markers = [f"\x00guichet-route-{index}" for index in range(len(url_paths))]
    key = ("procedure-routing", len(url_paths))
    pages = list(run_compiled(ProcedurePage, key, _routing_queryset, markers, url_paths))
    for page in pages:
        values = [page.__dict__.pop(DEPARTMENT_PREFIX + name) for name in DEPARTMENT_FIELDS]
        page.department = Department.from_db(page._state.db, DEPARTMENT_FIELDS, values)
    return pages
