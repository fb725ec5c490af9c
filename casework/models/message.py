from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audited import audited_history


class CaseMessage(models.Model):
    """One message of the conversation between the department and the citizen on a case."""

    class Author(models.TextChoices):
        DEPARTMENT = "department", _("Service")
        CITIZEN = "citizen", _("Usager")

    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author_kind = models.CharField(_("auteur"), max_length=20, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    files = models.JSONField(_("fichiers joints"), default=list, blank=True)
    asks_for_documents = models.BooleanField(_("demande des documents"), default=False)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    history = audited_history()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} — {self.get_author_kind_display()}"
