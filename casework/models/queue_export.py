"""A back-office user's export of a queue view, written by a worker while they wait."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QueueExport(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel")

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.CASCADE,
        related_name="queue_exports",
    )
    # The queue's query string at the time of the request: the export replays it with the
    # owner's rights as they are when it runs.
    query = models.CharField(_("filtres"), max_length=1000, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    rows_done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    rows_total = models.PositiveIntegerField(_("lignes à écrire"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to="exports/dossiers/%Y/%m/", blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de dossiers")
        verbose_name_plural = _("exports de dossiers")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.owner} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
