"""A theme tried on a procedure before any site wears it: the procedure's presentation and
its first form step, rendered as citizens would see them, in the chosen theme.

Only people who may change themes see previews; nothing is written (the form step is shown
to a draft that is never kept, as for any first visit)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from themes.look import PREVIEW_ATTRIBUTE
from themes.models import Theme

from . import procedure_views
from .models import ProcedurePage
from .wizard import step_name

VIEWS = ("presentation", "formulaire")


def _theme_for(request: HttpRequest, pk: int) -> Theme:
    if not request.user.has_perm("themes.change_theme"):
        raise PermissionDenied
    return get_object_or_404(Theme, pk=pk)


def choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Every live procedure, by site, with links to see it in this theme."""
    theme = _theme_for(request, pk)
    by_site: dict[str, list[ProcedurePage]] = {}
    for page in ProcedurePage.objects.live().order_by("path"):
        site = page.get_site()
        by_site.setdefault(site.site_name or site.hostname if site else "", []).append(page)
    return TemplateResponse(
        request,
        "cms/admin/theme_preview_choose.html",
        {"theme": theme, "by_site": sorted(by_site.items()), "title": f"Aperçu de « {theme} »"},
    )


def preview(request: HttpRequest, pk: int, page_pk: int, view: str) -> HttpResponse:
    theme = _theme_for(request, pk)
    if view not in VIEWS:
        raise Http404
    page = get_object_or_404(ProcedurePage.objects.live(), pk=page_pk)
    # The procedure's own site (town name, map), in the previewed theme.
    request._wagtail_site = page.get_site()
    setattr(request, PREVIEW_ATTRIBUTE, theme)
    if view == "formulaire" and page.current_form_version is not None:
        return procedure_views.wizard(page, request, step=step_name(0))
    return procedure_views.presentation(page, request)


urlpatterns = [
    path("<int:pk>/", choose, name="choose"),
    path("<int:pk>/<int:page_pk>/<str:view>/", preview, name="preview"),
]
