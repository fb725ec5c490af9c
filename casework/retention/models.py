"""What the retention job has done: one row per case it redacted or deleted."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Redaction(models.Model):
    """A case whose personal data is gone. Its existence is how the sweep knows a case is
    done (a second run skips it), and, for a deleted case, the only place left that says
    what became of it besides the journal and the statistics facts."""

    # No foreign key: under the "delete" rule the case itself is gone.
    case_id = models.BigIntegerField(_("identifiant du dossier"), unique=True)
    reference = models.CharField(_("numéro de dossier"), max_length=32)
    procedure_id = models.BigIntegerField(_("démarche"))
    rule = models.CharField(_("règle appliquée"), max_length=20)
    retention_months = models.PositiveSmallIntegerField(_("durée de conservation (mois)"))
    closed_at = models.DateTimeField(_("clos le"))
    redacted_at = models.DateTimeField(_("effacé le"), default=timezone.now)
    # How much was removed (files, bytes, messages, history rows...), for the report and
    # for an auditor asking what the job did; never what it removed.
    counts = models.JSONField(_("éléments effacés"), default=dict)

    class Meta:
        verbose_name = _("effacement de données personnelles")
        verbose_name_plural = _("effacements de données personnelles")
        ordering = ["-redacted_at"]
        permissions = [
            ("export_citizen_data", _("Exporter les données d'un usager (droit d'accès)")),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.rule}"
