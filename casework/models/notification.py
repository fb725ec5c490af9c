from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An e-mail in the outbox. Written with the change that causes it, sent after commit.

    Because the row is committed with the case, a message whose task was lost (Redis down,
    worker killed) is still here, and the periodic sweep sends it.
    """

    # None for a message about several cases: a department's daily reminder.
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("type"), max_length=40)
    recipient = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"
