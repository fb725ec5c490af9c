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

from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from formbuilder.models import FormVersion

from .models import ProcedurePage, restrictions_above


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
    found = (
        ProcedurePage.objects.live()
        .filter(url_path__in=list(depth_by_path))
        .select_related("department")
        .annotate(
            restricted=Exists(restrictions_above(OuterRef("path"))),
            latest_version_id=Subquery(
                FormVersion.objects.filter(definition_id=OuterRef("form_id"))
                .order_by("-number")
                .values("pk")[:1]
            ),
        )
    )
    page = max(found, key=lambda candidate: candidate.depth, default=None)
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
