"""A back-office user's saved queue views: a named set of tab, filters and sort."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedQueueView(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.CASCADE,
        related_name="saved_queue_views",
    )
    name = models.CharField(_("nom"), max_length=80)
    # The queue's own query string (tab, filters, sort), replayed as is: a view is a link.
    query = models.CharField(_("filtres"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("vue enregistrée")
        verbose_name_plural = _("vues enregistrées")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
