from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """Someone saw personal data: opened a case, downloaded one of its files, exported a
    list. Written once and never changed: the answer to "who saw this case?"."""

    class Kind(models.TextChoices):
        CASE_OPENED = "case_opened", _("Dossier consulté")
        FILE_DOWNLOADED = "file_downloaded", _("Pièce jointe téléchargée")
        EXPORT_REQUESTED = "export_requested", _("Export de liste demandé")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export de liste téléchargé")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("accès"), max_length=30, choices=Kind.choices)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="access_events",
    )
    # What exactly: the file's name, the export's filters.
    detail = models.CharField(_("détail"), max_length=1000, blank=True)
    address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=300, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("accès aux données")
        verbose_name_plural = _("accès aux données")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["case", "-at"], name="access_by_case"),
            models.Index(fields=["actor", "-at"], name="access_by_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y %H:%M}"
