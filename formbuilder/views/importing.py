"""Admin view to import a form from a raw JSON Schema, pasted or uploaded.

Mounted under /admin/formulaires/import/ (wagtail_hooks.py), so Wagtail admin access is
already required; the view checks the permission to add forms on top.
"""

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..importer import SchemaRefused
from ..models import FormDefinition
from ..services import form_import

ADD_PERMISSION = "formbuilder.add_formdefinition"
MAX_UPLOAD_BYTES = 1_000_000  # a form's schema is a few kilobytes; more is a wrong file
TEXT_ROWS = 14


class SchemaImportForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nom du formulaire"),
        max_length=FormDefinition._meta.get_field("name").max_length,
    )
    schema = forms.CharField(
        label=gettext_lazy("JSON Schema (Draft 2020-12)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "spellcheck": "false"}),
        help_text=gettext_lazy("Collez le schéma ici, ou choisissez un fichier ci-dessous."),
    )
    schema_file = forms.FileField(label=gettext_lazy("… ou fichier du schéma"), required=False)
    ui_schema = forms.CharField(
        label=gettext_lazy("Schéma d'affichage (facultatif)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": TEXT_ROWS, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "Ordre, types de champ et étapes ; laissé vide, il est déduit du schéma."
        ),
    )
    ui_schema_file = forms.FileField(
        label=gettext_lazy("… ou fichier du schéma d'affichage"), required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for field in ("schema", "ui_schema"):
            text = self._text(field, cleaned)
            if not text.strip():
                cleaned[f"{field}_json"] = None
                continue
            try:
                cleaned[f"{field}_json"] = json.loads(text)
            except json.JSONDecodeError as error:
                self.add_error(
                    field,
                    _("Ce n'est pas du JSON valide (ligne %(line)d, colonne %(column)d).")
                    % {"line": error.lineno, "column": error.colno},
                )
            except RecursionError:
                self.add_error(field, _("Ce JSON est trop profondément imbriqué."))
        if "schema" not in self.errors and cleaned.get("schema_json") is None:
            self.add_error("schema", _("Collez un JSON Schema ou choisissez un fichier."))
        return cleaned

    def _text(self, field: str, cleaned: dict[str, Any]) -> str:
        upload = cleaned.get(f"{field}_file")
        if upload is None:
            return cleaned.get(field) or ""
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error(f"{field}_file", _("Ce fichier dépasse 1 Mo."))
            return ""
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error(f"{field}_file", _("Ce fichier n'est pas un texte UTF-8."))
            return ""
        # Show the uploaded text in the text area, so a refusal can be fixed in place.
        self.data = self.data.copy()
        self.data[self.add_prefix(field)] = text
        return text


def import_schema_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(ADD_PERMISSION):
        raise PermissionDenied
    form = SchemaImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            definition = form_import(
                name=form.cleaned_data["name"],
                schema=form.cleaned_data["schema_json"],
                ui_schema=form.cleaned_data["ui_schema_json"],
                user=request.user,
            )
        except SchemaRefused as refusal:
            form.add_error(
                "schema" if refusal.document == "schema" else "ui_schema", refusal.message
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le formulaire « %(name)s » est importé et publié (version 1).")
                % {"name": definition.name},
            )
            return redirect(
                reverse("wagtailsnippets_formbuilder_formdefinition:edit", args=[definition.pk])
            )
    return TemplateResponse(
        request,
        "formbuilder/admin/import.html",
        {"form": form, "title": _("Importer un formulaire depuis un JSON Schema")},
    )


urlpatterns: list = [path("", import_schema_view, name="import")]
