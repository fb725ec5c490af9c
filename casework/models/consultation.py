"""A department's opinion asked on a case ("avis"), with its due date and reminders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audited import audited_history


class Opinion(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Favorable avec réserves")
    UNFAVOURABLE = "unfavourable", _("Défavorable")


class Consultation(models.Model):
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service consulté"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    requested_at = models.DateTimeField(_("demandé le"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_at = models.DateTimeField(_("réponse attendue le"))
    opinion = models.CharField(_("avis"), max_length=20, choices=Opinion.choices, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    attachment = models.FileField(_("pièce jointe"), upload_to="avis/%Y/%m/", blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("répondu par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminders_sent = models.PositiveSmallIntegerField(_("relances envoyées"), default=0)
    last_reminded_on = models.DateField(_("dernière relance le"), null=True, blank=True)
    history = audited_history()

    class Meta:
        verbose_name = _("demande d'avis")
        verbose_name_plural = _("demandes d'avis")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "department"], name="one_consultation_each")
        ]
        indexes = [
            # The reminder sweep: unanswered consultations by due date.
            models.Index(
                fields=["due_at"],
                name="consultation_unanswered",
                condition=models.Q(answered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} — {self.department}"


class ReminderDigest(models.Model):
    """The day's reminder to a department: its uniqueness is what keeps a second sweep,
    or a second worker, from sending it twice."""

    department = models.ForeignKey(
        "casework.Department", on_delete=models.CASCADE, related_name="reminder_digests"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    escalated = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "day"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.department} — {self.day:%d/%m/%Y}"
