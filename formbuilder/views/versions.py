"""Admin views on form versions: the list, the diff between two, restore, export.

Mounted under /admin/formulaires/versions/ (wagtail_hooks.py), so Wagtail admin access is
already required; each view checks the form permission on top.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..compiler import canonical_json
from ..diff import FORM, diff_versions, summary_counts
from ..models import FormDefinition, FormVersion
from ..restore import form_version_restore

READ_PERMISSIONS = ("formbuilder.view_formdefinition", "formbuilder.change_formdefinition")
CHANGE_PERMISSION = "formbuilder.change_formdefinition"


def _definition(
    request: HttpRequest, definition_id: int, *, change: bool = False
) -> FormDefinition:
    allowed = (
        request.user.has_perm(CHANGE_PERMISSION)
        if change
        else any(request.user.has_perm(permission) for permission in READ_PERMISSIONS)
    )
    if not allowed:
        raise PermissionDenied
    return get_object_or_404(FormDefinition, pk=definition_id)


def _version(definition: FormDefinition, number: int) -> FormVersion:
    return get_object_or_404(FormVersion, definition=definition, number=number)


@require_GET
def version_list(request: HttpRequest, definition_id: int) -> HttpResponse:
    definition = _definition(request, definition_id)
    versions = list(
        definition.versions.select_related("published_by")
        .annotate(case_count=Count("cases"))
        .order_by("-number")
    )
    numbers = [version.number for version in reversed(versions)]
    return TemplateResponse(
        request,
        "formbuilder/admin/versions.html",
        {
            "definition": definition,
            "versions": versions,
            "numbers": numbers,
            "from_number": numbers[-2] if len(numbers) > 1 else None,
            "to_number": numbers[-1] if numbers else None,
            "latest": versions[0] if versions else None,
            "can_restore": request.user.has_perm(CHANGE_PERMISSION),
            "edit_url": _edit_url(definition),
        },
    )


@require_GET
def version_diff(request: HttpRequest, definition_id: int) -> HttpResponse:
    """?from=N&to=M; without them, the latest version against the one before."""
    definition = _definition(request, definition_id)
    numbers = list(definition.versions.order_by("number").values_list("number", flat=True))
    if not numbers:
        raise Http404
    to_number = _number(request.GET.get("to"), numbers[-1])
    from_number = _number(request.GET.get("from"), max(to_number - 1, numbers[0]))
    old, new = _version(definition, from_number), _version(definition, to_number)
    changes = diff_versions(old.schema, old.ui_schema, new.schema, new.ui_schema)
    return TemplateResponse(
        request,
        "formbuilder/admin/diff.html",
        {
            "definition": definition,
            "old": old,
            "new": new,
            "numbers": numbers,
            "from_number": old.number,
            "to_number": new.number,
            "form_changes": [change for change in changes if change.status == FORM],
            "question_changes": [change for change in changes if change.status != FORM],
            "counts": summary_counts(changes),
            "list_url": reverse("formbuilder_versions:list", args=[definition.pk]),
        },
    )


@require_POST
def version_restore(request: HttpRequest, definition_id: int, number: int) -> HttpResponse:
    definition = _definition(request, definition_id, change=True)
    version = _version(definition, number)
    form_version_restore(definition=definition, version=version, user=request.user)
    messages.success(
        request,
        _(
            "Les questions de la version %(number)d sont maintenant le brouillon du formulaire "
            "« %(name)s ». Relisez-les puis publiez pour les mettre en ligne."
        )
        % {"number": version.number, "name": definition.name},
    )
    return redirect(_edit_url(definition))


@require_GET
def version_export(request: HttpRequest, definition_id: int, number: int) -> HttpResponse:
    """The version's schemas, byte for byte what its SHA-256 checksum was computed on."""
    definition = _definition(request, definition_id)
    version = _version(definition, number)
    body = canonical_json({"schema": version.schema, "ui_schema": version.ui_schema})
    filename = f"{slugify(definition.name) or 'formulaire'}-v{version.number}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw else default
    except ValueError:
        raise Http404 from None


def _edit_url(definition: FormDefinition) -> str:
    return reverse("wagtailsnippets_formbuilder_formdefinition:edit", args=[definition.pk])


urlpatterns = [
    path("<int:definition_id>/", version_list, name="list"),
    path("<int:definition_id>/diff/", version_diff, name="diff"),
    path("<int:definition_id>/restore/<int:number>/", version_restore, name="restore"),
    path("<int:definition_id>/export/<int:number>.json", version_export, name="export"),
]
