"""A procedure's workflow as data: its statuses, the moves between them and who may make
them, the departments it consults and their due times, its deadline and what silence
means. A functional administrator edits it in the admin; casework/workflow.py reads it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..workflow_choices import DocumentsClock, Mover, SilenceRule, StatusMeaning
from ..workflow_form import WorkflowForm
from .audited import audited_history


class Workflow(ClusterableModel):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("délai de traitement (jours)"),
        default=60,
        help_text=_("Compté à partir du dépôt complet. 60 jours : deux mois."),
    )
    deadline_in_business_days = models.BooleanField(
        _("en jours ouvrés"),
        default=False,
        help_text=_("Sans les samedis, dimanches et jours fériés français."),
    )
    silence_rule = models.CharField(
        _("à l'échéance, sans décision"),
        max_length=20,
        choices=SilenceRule.choices,
        default=SilenceRule.NONE,
    )
    documents_clock = models.CharField(
        _("une demande de pièces"),
        max_length=20,
        choices=DocumentsClock.choices,
        default=DocumentsClock.SUSPEND,
    )
    decision_required = models.BooleanField(
        _("décision d'un élu"),
        default=False,
        help_text=_("Quand tous les avis sont favorables, le dossier attend la décision d'un élu."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = audited_history()

    base_form_class = WorkflowForm
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("deadline_days"),
                FieldPanel("deadline_in_business_days"),
                FieldPanel("silence_rule"),
                FieldPanel("documents_clock"),
            ],
            heading=_("Délai"),
        ),
        FieldPanel("decision_required"),
        InlinePanel("statuses", heading=_("Statuts"), label=_("statut"), min_num=1),
        InlinePanel("transitions", heading=_("Passages permis"), label=_("passage")),
        InlinePanel("consulted", heading=_("Services à consulter"), label=_("service consulté")),
    ]

    class Meta:
        verbose_name = _("circuit de traitement")
        verbose_name_plural = _("circuits de traitement")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkflowStatus(Orderable):
    """A status; the first one is where every case starts."""

    workflow = ParentalKey(Workflow, on_delete=models.CASCADE, related_name="statuses")
    slug = models.SlugField(_("nom interne"), max_length=50)
    label = models.CharField(_("libellé pour les agents"), max_length=80)
    public_label = models.CharField(_("libellé pour l'usager"), max_length=200)
    final = models.BooleanField(_("final"), default=False)
    meaning = models.CharField(
        _("rôle dans le circuit"),
        max_length=30,
        choices=StatusMeaning.choices,
        default=StatusMeaning.ORDINARY,
        blank=True,
    )

    panels = [
        FieldPanel("slug"),
        FieldPanel("label"),
        FieldPanel("public_label"),
        FieldPanel("final"),
        FieldPanel("meaning"),
    ]

    history = audited_history()

    class Meta(Orderable.Meta):
        verbose_name = _("statut")


class WorkflowTransition(Orderable):
    workflow = ParentalKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    source = models.SlugField(_("de"), max_length=50)
    target = models.SlugField(_("vers"), max_length=50)
    mover = models.CharField(_("par"), max_length=20, choices=Mover.choices, default=Mover.AGENT)

    panels = [FieldPanel("source"), FieldPanel("target"), FieldPanel("mover")]

    history = audited_history()

    class Meta(Orderable.Meta):
        verbose_name = _("passage")


class WorkflowConsultation(Orderable):
    workflow = ParentalKey(Workflow, on_delete=models.CASCADE, related_name="consulted")
    department = models.ForeignKey(
        "casework.Department", verbose_name=_("service"), on_delete=models.PROTECT
    )
    due_days = models.PositiveSmallIntegerField(_("délai de réponse (jours)"), default=15)

    panels = [FieldPanel("department"), FieldPanel("due_days")]

    history = audited_history()

    class Meta(Orderable.Meta):
        verbose_name = _("service consulté")
