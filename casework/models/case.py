from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .audited import audited_history


class Channel(models.TextChoices):
    WEB = "web", _("En ligne")
    COUNTER = "counter", _("Accueil physique")
    PHONE = "phone", _("Téléphone")
    MAIL = "mail", _("Courrier")
    EMAIL = "email", _("E-mail")


class Decision(models.TextChoices):
    # Worded as "décision …" so that they agree with any request, whatever its gender.
    GRANTED = "granted", _("Décision favorable")
    REFUSED = "refused", _("Décision défavorable")
    IMPLICITLY_GRANTED = (
        "implicit_granted",
        _("Décision favorable tacite (silence vaut acceptation)"),
    )
    IMPLICITLY_REFUSED = "implicit_refused", _("Décision défavorable tacite (silence vaut refus)")


class Case(models.Model):
    """One submitted request and its whole life ("dossier")."""

    reference = models.CharField(_("numéro de dossier"), max_length=32, unique=True)
    tracking_code = models.CharField(_("code de suivi"), max_length=32, unique=True)
    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        verbose_name=_("démarche"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    form_version = models.ForeignKey(
        "formbuilder.FormVersion",
        verbose_name=_("version du formulaire"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service instructeur"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(_("statut"), max_length=50)
    channel = models.CharField(
        _("canal"), max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    answers = models.JSONField(_("réponses"), default=dict)
    citizen_email = models.EmailField(_("e-mail de l'usager"), blank=True)
    citizen_name = models.CharField(_("nom de l'usager"), max_length=200, blank=True)
    citizen_phone = models.CharField(_("téléphone de l'usager"), max_length=30, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte de l'usager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    # Incident reports: the category chosen and the point on the map, kept as columns so
    # that nearby reports of the same category are found with an index, not in JSON.
    category = models.ForeignKey(
        "casework.IncidentCategory",
        verbose_name=_("catégorie de signalement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The agent in charge, within the department; empty: anyone in the department.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent chargé du dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    # Set when the case is sent on to a body outside the town (not its competence).
    transferred_to = models.CharField(
        _("transmis à (organisme extérieur)"), max_length=200, blank=True
    )
    submitted_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    # The legal deadline (deadlines.py); a request for documents may suspend it.
    deadline = models.DateField(_("date limite de décision"), null=True, blank=True)
    clock_suspended_at = models.DateTimeField(_("délai suspendu depuis"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Optimistic concurrency: a write states the version it read, and is refused if stale.
    lock_version = models.PositiveIntegerField(_("version"), default=0)

    # The tracking code is a secret: auditors see everything else, not the key to the case.
    history = audited_history(excluded_fields=["tracking_code"])

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["department", "status", "-submitted_at"]),
            models.Index(fields=["assignee", "-submitted_at"], name="case_assignee_queue"),
            # The back-office queue pages by (submitted_at, id) in either direction: without
            # it every page of a large tab sorts the whole tab.
            models.Index(fields=["-submitted_at", "-id"], name="case_queue_newest"),
            models.Index(fields=["deadline", "id"], name="case_queue_deadline"),
            # The statistics refresh reads the cases changed since its last run.
            models.Index(fields=["updated_at"], name="case_updated"),
            # "À traiter", every agent's first page: a department's open cases, newest first,
            # read straight from the index instead of sorting thousands of rows.
            models.Index(
                fields=["department", "-submitted_at", "-id"],
                name="case_open_department_queue",
                condition=models.Q(decided_at__isnull=True),
            ),
            # The silence sweep: open cases by deadline.
            models.Index(
                fields=["deadline"],
                name="case_deadline_open",
                condition=models.Q(decided_at__isnull=True),
            ),
            models.Index(
                fields=["category", "latitude", "longitude"],
                name="case_nearby_reports",
                condition=models.Q(category__isnull=False),
            ),
        ]
        permissions = [
            ("audit_case", _("Consulter l'historique de tous les dossiers")),
            ("decide_case", _("Décider des dossiers en attente de décision (élus)")),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    # Who may see or handle a case is itself audited: grants and revocations.
    history = audited_history()


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)
    history = audited_history()
