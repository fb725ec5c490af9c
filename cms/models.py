"""Wagtail pages: the home page, the procedures index and the procedure pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from formbuilder.answers import has_role
from formbuilder.models import FormVersion, published_version

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
        procedures = ProcedurePage.objects.child_of(self).live().public()
        query = request.GET.get("q", "").strip()[:100]
        if query:
            found = procedures.search(query, operator="and")
            procedures = ProcedurePage.objects.filter(pk__in=[page.pk for page in found])
        groups: dict[str, list[ProcedurePage]] = {}
        for procedure in procedures.order_by("title"):
            groups.setdefault(procedure.get_theme_display(), []).append(procedure)
        order = [str(label) for _value, label in ProcedureTheme.choices]
        context["groups"] = sorted(groups.items(), key=lambda item: order.index(str(item[0])))
        context["query"] = query
        return context


def restrictions_above(path: Any) -> models.QuerySet:
    """View restrictions set on the page at tree `path` (a value or an OuterRef), on its
    ancestors, or on the pages these are aliases of (an alias has none of its own): the
    ones whose page's tree path is a prefix of `path`."""
    below = ExpressionWrapper(path, output_field=models.CharField())
    return PageViewRestriction.objects.annotate(below=below).filter(
        Q(below__startswith=F("page__path")) | Q(below__startswith=F("page__aliases__path"))
    )


class ProcedureTheme(models.TextChoices):
    CIVIL_STATUS = "civil_status", _("État civil")
    ELECTIONS = "elections", _("Élections")
    CHILDHOOD = "childhood", _("Enfance et scolarité")
    PUBLIC_SPACE = "public_space", _("Espace public et voirie")
    PLANNING = "planning", _("Urbanisme et logement")
    BUSINESS = "business", _("Commerces et entreprises")
    SOLIDARITY = "solidarity", _("Solidarités")
    OTHER = "other", _("Autres démarches")


class ProcedureKind(models.TextChoices):
    REQUEST = "request", _("Demande")
    REPORT = "report", _("Signalement sur l'espace public")


class RetentionRule(models.TextChoices):
    ANONYMISE = "anonymise", _("anonymiser (garder le dossier sans données personnelles)")
    DELETE = "delete", _("supprimer le dossier (restent ses faits statistiques et le journal)")


class ProcedureAccess(models.TextChoices):
    OPEN = "open", _("Ouverte à tous")
    ACCOUNT = "account", _("Réservée aux usagers connectés")
    INTERNAL = "internal", _("Interne : réservée aux agents")


class ProcedurePage(RoutablePageMixin, Page):
    """A procedure a citizen can complete online, and the form that collects it."""

    summary = models.CharField(_("résumé en une ligne"), max_length=255, blank=True)
    theme = models.CharField(
        _("thème"), max_length=30, choices=ProcedureTheme.choices, default=ProcedureTheme.OTHER
    )
    kind = models.CharField(
        _("type de démarche"),
        max_length=20,
        choices=ProcedureKind.choices,
        default=ProcedureKind.REQUEST,
        help_text=_(
            "Un signalement demande une catégorie et un point sur la carte : il est adressé "
            "au service de sa catégorie, et l'usager voit avant d'envoyer les signalements "
            "semblables faits à proximité."
        ),
    )
    body = RichTextField(_("à quoi sert cette démarche"), blank=True)
    audience = RichTextField(_("qui peut la faire"), blank=True)
    documents = RichTextField(_("documents à préparer"), blank=True)
    processing_time = models.CharField(
        _("délai de traitement"), max_length=120, blank=True, help_text=_("Par exemple : 10 jours.")
    )
    cost = models.CharField(_("coût"), max_length=120, blank=True, default="Gratuit")
    access = models.CharField(
        _("accès"), max_length=20, choices=ProcedureAccess.choices, default=ProcedureAccess.OPEN
    )
    opens_at = models.DateTimeField(_("ouverte à partir du"), null=True, blank=True)
    closes_at = models.DateTimeField(_("fermée à partir du"), null=True, blank=True)
    once_per_citizen = models.BooleanField(
        _("une seule demande par usager"),
        default=False,
        help_text=_("Un usager connecté, ou une même adresse e-mail, ne peut déposer qu'une fois."),
    )
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
    workflow = models.ForeignKey(
        "casework.Workflow",
        verbose_name=_("circuit de traitement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
        help_text=_("Vide : une demande simple (reçue, en cours, traitée ou refusée)."),
    )
    reference_prefix = models.CharField(
        _("préfixe des numéros de dossier"),
        max_length=5,
        default="DEM",
        validators=[
            RegexValidator(r"^[A-Z]{2,5}$", _("De 2 à 5 lettres majuscules, par exemple DEM."))
        ],
    )

    # Retention (RGPD): how long a closed case keeps its personal data, then what happens.
    # The non-personal facts (procedure, dates, department, outcome) are always kept so that
    # statistics stay true.
    retention_months = models.PositiveSmallIntegerField(
        _("durée de conservation après clôture (mois)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_(
            "Passé ce délai après la clôture du dossier, ses données personnelles sont "
            "effacées automatiquement."
        ),
    )
    retention_rule = models.CharField(
        _("à l'échéance"),
        max_length=20,
        choices=RetentionRule.choices,
        default=RetentionRule.ANONYMISE,
    )
    public_statistics = models.BooleanField(
        _("publier les statistiques de la démarche"),
        default=False,
        help_text=_(
            "Une page publique montre le nombre de demandes et le délai médian de traitement."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("kind"),
        FieldPanel("theme"),
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [FieldPanel("processing_time"), FieldPanel("cost")], heading=_("Délai et coût")
        ),
        MultiFieldPanel(
            [
                FieldPanel("form"),
                FieldPanel("department"),
                FieldPanel("workflow"),
                FieldPanel("reference_prefix"),
            ],
            heading=_("Traitement"),
        ),
        InlinePanel(
            "routing_rules",
            heading=_("Orientation des dossiers"),
            label=_("Règle d'orientation"),
            help_text=_(
                "Essayées dans l'ordre : la première qui correspond désigne le service. "
                "Sans règle qui corresponde, la catégorie du signalement puis le service "
                "instructeur de la démarche."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("access"),
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("once_per_citizen"),
            ],
            heading=_("Ouverture"),
        ),
        MultiFieldPanel(
            [FieldPanel("retention_months"), FieldPanel("retention_rule")],
            heading=_("Conservation des données"),
        ),
        FieldPanel("public_statistics"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("theme"),
    ]
    parent_page_types = ["cms.ProcedureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")

    def clean(self) -> None:
        super().clean()
        if self.kind == ProcedureKind.REPORT and self.form_id:
            version = self.current_form_version
            if version is None or not all(
                has_role(version.ui_schema, role) for role in ("category", "location")
            ):
                raise ValidationError(
                    {
                        "form": _(
                            "Un signalement a besoin d'un formulaire publié avec une question "
                            "« Catégorie de signalement » et une question « Point sur une carte »."
                        )
                    }
                )

    def get_view_restrictions(self) -> models.QuerySet:
        """The view restrictions of this page and its ancestors, as Wagtail's, in one query
        (Wagtail lists the ancestors first to resolve aliases: two queries on every step of
        every citizen); none at all when the routing query already found there are none."""
        if getattr(self, "has_no_view_restrictions", False):
            return PageViewRestriction.objects.none()
        return restrictions_above(Value(self.path)).distinct()

    @property
    def current_form_version(self) -> Any:
        """The form version citizens fill in now, without loading the form's editor blocks
        (its number comes with the page when procedure_routing.py found it)."""
        latest = getattr(self, "latest_version_id", None) or (
            FormVersion.objects.filter(definition_id=self.form_id)
            .order_by("-number")
            .values_list("pk", flat=True)
            .first()
        )
        return None if latest is None else published_version(latest)

    @property
    def is_report(self) -> bool:
        return self.kind == ProcedureKind.REPORT

    def is_open(self, at: Any = None) -> bool:
        at = at or timezone.now()
        return (self.opens_at is None or self.opens_at <= at) and (
            self.closes_at is None or at < self.closes_at
        )

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

    @path("statistiques/", name="statistics")
    def statistics(self, request: HttpRequest) -> HttpResponse:
        from casework.statistics.views import public_statistics

        return public_statistics(self, request)


from .accounts.models import CitizenProfile  # noqa: E402,F401
