from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedHistory(models.Model):
    """Extra columns on every historical row: where the change came from."""

    history_channel = models.CharField(_("canal"), max_length=20, blank=True)

    class Meta:
        abstract = True
