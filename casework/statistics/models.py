"""The facts statistics are computed from: one row per case and one per consultation,
holding nothing personal, kept when retention redacts or deletes the case itself.

They are copied out of casework by services.case_facts_refresh (a periodic task), so that
the figures of past years stay true once the cases they count are gone, and so that the
charts read one narrow table instead of the cases, their permissions and their workflows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    OPEN = "", _("En cours")
    GRANTED = "granted", _("Accordé")
    REFUSED = "refused", _("Refusé")
    IMPLICITLY_GRANTED = "implicit_granted", _("Accordé tacitement")
    IMPLICITLY_REFUSED = "implicit_refused", _("Refusé tacitement")
    OUTSIDE = "outside", _("Transmis à un organisme extérieur")
    CLOSED_OTHER = "closed_other", _("Clos sans décision")


class CaseFact(models.Model):
    """What statistics need to know of a case, and nothing about the person who made it."""

    # No foreign key to the case: the fact outlives it (retention may delete the case).
    case_id = models.BigIntegerField(_("identifiant du dossier"), unique=True)
    reference = models.CharField(_("numéro de dossier"), max_length=32)
    # Procedures and departments are protected from deletion while cases point to them;
    # once the cases are gone the ids stay meaningful through these names.
    procedure_id = models.BigIntegerField(_("démarche"))
    procedure_title = models.CharField(_("titre de la démarche"), max_length=255)
    department_id = models.BigIntegerField(_("service instructeur"))
    channel = models.CharField(_("canal"), max_length=20)
    category_id = models.BigIntegerField(_("catégorie de signalement"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposé le"))
    # The local day, so that charts group by day, week and month without time zone
    # arithmetic on every row.
    submitted_on = models.DateField(_("jour de dépôt"))
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    outcome = models.CharField(
        _("issue"), max_length=20, choices=Outcome.choices, blank=True, default=Outcome.OPEN
    )
    final_status = models.CharField(_("statut"), max_length=50)
    # Calendar days from submission to closing; empty while the case is open.
    processing_days = models.PositiveIntegerField(_("durée de traitement (jours)"), null=True)
    deadline_days = models.PositiveIntegerField(_("délai légal (jours)"), null=True, blank=True)
    deadline_met = models.BooleanField(_("délai respecté"), null=True)
    # Rounded to 3 decimals (about 110 m north-south, 75 m east-west here): a street
    # segment, not a door, and only ever shown counted by cells of the map.
    latitude = models.DecimalField(
        _("latitude arrondie"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude arrondie"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    refreshed_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("fait statistique d'un dossier")
        verbose_name_plural = _("faits statistiques des dossiers")
        indexes = [
            # Every chart is a period first; the department comes with it for the people
            # who only see their own.
            models.Index(fields=["submitted_on", "department_id"], name="casefact_period"),
            models.Index(fields=["department_id", "submitted_on"], name="casefact_department"),
        ]
        permissions = [
            ("view_all_statistics", _("Voir les statistiques de tous les services")),
        ]

    def __str__(self) -> str:
        return self.reference


class ConsultationFact(models.Model):
    """A department's opinion asked on a case: when, by when, when answered, and how."""

    consultation_id = models.BigIntegerField(_("identifiant de la demande d'avis"), unique=True)
    case_id = models.BigIntegerField(_("identifiant du dossier"))
    case_department_id = models.BigIntegerField(_("service instructeur"))
    procedure_id = models.BigIntegerField(_("démarche"))
    channel = models.CharField(_("canal"), max_length=20)
    department_id = models.BigIntegerField(_("service consulté"))
    requested_at = models.DateTimeField(_("demandé le"))
    requested_on = models.DateField(_("jour de la demande"))
    due_at = models.DateTimeField(_("réponse attendue le"))
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    # Whole days past the due date: of the answer, or up to now while there is none.
    days_late = models.PositiveIntegerField(_("jours de retard"), default=0)
    opinion = models.CharField(_("avis"), max_length=20, blank=True)
    refreshed_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("fait statistique d'une demande d'avis")
        verbose_name_plural = _("faits statistiques des demandes d'avis")
        indexes = [
            models.Index(fields=["requested_on"], name="consultationfact_period"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} — {self.department_id}"


class FactsWatermark(models.Model):
    """Where the last refresh stopped: the next one reads cases changed since then."""

    name = models.CharField(_("nom"), max_length=40, unique=True)
    changed_since = models.DateTimeField(_("dossiers modifiés depuis"))
    ran_at = models.DateTimeField(_("dernier passage"))

    class Meta:
        verbose_name = _("repère de mise à jour des statistiques")
        verbose_name_plural = _("repères de mise à jour des statistiques")

    def __str__(self) -> str:
        return self.name
