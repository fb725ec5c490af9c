"""The administrator's "Données d'un usager" page in the Wagtail admin (right of access).

Mounted under /admin/donnees-usager/ (wagtail_hooks.py): Wagtail admin access is already
required; each view checks the export permission on top (a superuser has every one)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .services import citizen_data_export, citizen_profile_view

EXPORT_PERMISSION = "retention.export_citizen_data"


class CitizenLookupForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Adresse e-mail de l'usager"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Indiquez l'adresse e-mail de l'usager."),
            "invalid": gettext_lazy(
                "Ce n'est pas une adresse e-mail valide (exemple : nom@domaine.fr)."
            ),
        },
        help_text=gettext_lazy(
            "L'adresse donnée dans ses demandes ou celle de son compte. Chaque recherche "
            "est inscrite au journal d'audit."
        ),
    )


def client_address(request: HttpRequest) -> str | None:
    # As in the access log: the address the connection came from, never a header's claim.
    return request.META.get("REMOTE_ADDR") or None


def _check(request: HttpRequest) -> None:
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied


def citizen_lookup_view(request: HttpRequest) -> HttpResponse:
    """Search by e-mail (GET, so the result can be reloaded) and show what exists."""
    _check(request)
    form = CitizenLookupForm(request.GET if "email" in request.GET else None)
    data = None
    if form.is_bound and form.is_valid():
        data = citizen_profile_view(
            actor=request.user, email=form.cleaned_data["email"], address=client_address(request)
        )
        if not data.found:
            form.add_error(
                "email",
                _("Aucune donnée n'est enregistrée pour cette adresse : ni compte, ni dossier."),
            )
    return TemplateResponse(
        request,
        "retention/citizen_data.html",
        {"form": form, "data": data, "title": _("Données d'un usager")},
    )


def citizen_export_view(request: HttpRequest) -> HttpResponse:
    """The ZIP bundle, by POST: an export is an act, journaled, not a link to prefetch."""
    _check(request)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    form = CitizenLookupForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "retention/citizen_data.html",
            {"form": form, "data": None, "title": _("Données d'un usager")},
            status=400,
        )
    data, bundle = citizen_data_export(
        actor=request.user, email=form.cleaned_data["email"], address=client_address(request)
    )
    if not data.found:
        form.add_error(
            "email",
            _("Aucune donnée n'est enregistrée pour cette adresse : ni compte, ni dossier."),
        )
        return TemplateResponse(
            request,
            "retention/citizen_data.html",
            {"form": form, "data": data, "title": _("Données d'un usager")},
            status=404,
        )
    name = f"donnees-{slugify(data.email)}-{timezone.localdate():%Y-%m-%d}.zip"
    response = HttpResponse(bundle, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns: list = [
    path("", citizen_lookup_view, name="lookup"),
    path("export/", citizen_export_view, name="export"),
]
