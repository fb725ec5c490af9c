"""Wagtail pages: the home page, the procedures index and the procedure pages."""

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from . import procedure_views


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["cms.ProcedureIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")


class ProcedureIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProcedurePage"]

    class Meta:
        verbose_name = _("liste des démarches")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = (
            ProcedurePage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class ProcedurePage(RoutablePageMixin, Page):
    """A procedure a citizen can complete online, and the form that collects it."""

    summary = models.CharField(_("résumé en une ligne"), max_length=255, blank=True)
    body = RichTextField(_("présentation"), blank=True)
    form = models.ForeignKey(
        "formbuilder.FormDefinition",
        verbose_name=_("formulaire"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service instructeur"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    reference_prefix = models.CharField(
        _("préfixe des numéros de dossier"),
        max_length=5,
        default="DEM",
        validators=[
            RegexValidator(r"^[A-Z]{2,5}$", _("De 2 à 5 lettres majuscules, par exemple DEM."))
        ],
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("form"), FieldPanel("department"), FieldPanel("reference_prefix")],
            heading=_("Traitement"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.ProcedureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")

    @path("")
    def presentation(self, request: HttpRequest) -> HttpResponse:
        return procedure_views.presentation(self, request)

    @path("demarrer/")
    def start(self, request: HttpRequest) -> HttpResponse:
        return procedure_views.start(self, request)

    @path("formulaire/", name="wizard-entry")
    def wizard_entry(self, request: HttpRequest) -> HttpResponse:
        return procedure_views.wizard(self, request, step=None)

    @path("formulaire/<str:step>/", name="wizard")
    def wizard_step(self, request: HttpRequest, step: str) -> HttpResponse:
        return procedure_views.wizard(self, request, step=step)

    @path("reprendre/<str:token>/", name="resume")
    def resume(self, request: HttpRequest, token: str) -> HttpResponse:
        return procedure_views.resume(self, request, token)

    @path("confirmation/")
    def confirmation(self, request: HttpRequest) -> HttpResponse:
        return procedure_views.confirmation(self, request)
