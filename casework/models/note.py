from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audited import audited_history


class InternalNote(models.Model):
    """A remark between the people working on a case; the citizen never sees it."""

    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The author's department when writing: people change departments, notes keep theirs.
    department_name = models.CharField(_("service de l'auteur"), max_length=200, blank=True)
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("écrite le"), default=timezone.now)
    history = audited_history()

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} — {self.created_at:%d/%m/%Y}"
