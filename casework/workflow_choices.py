"""The fixed vocabulary of workflows: what silence means, what a request for documents does
to the deadline, the roles a status plays, and who may make a move."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SilenceRule(models.TextChoices):
    NONE = "none", _("Pas de décision implicite")
    ACCEPTANCE = "acceptance", _("Le silence vaut acceptation")
    REFUSAL = "refusal", _("Le silence vaut refus")


class DocumentsClock(models.TextChoices):
    """What a request for more documents does to the deadline."""

    SUSPEND = "suspend", _("suspend le délai jusqu'à la réponse")
    RESET = "reset", _("fait repartir le délai de zéro à la réponse")


class StatusMeaning(models.TextChoices):
    """What the consultation and decision steps need to find in any workflow."""

    ORDINARY = "", _("ordinaire")
    CONSULTATION = "consultation", _("en consultation des services")
    BLOCKED = "blocked", _("bloqué par un avis défavorable")
    AWAITING_DECISION = "awaiting_decision", _("en attente de la décision de l'élu")
    GRANTED = "granted", _("accordé")
    REFUSED = "refused", _("refusé")
    OUTSIDE = "outside", _("transmis à un organisme extérieur")


class Mover(models.TextChoices):
    """Who may make a move."""

    AGENT = "agent", _("les agents du service instructeur")
    MANAGER = "manager", _("le responsable du service instructeur")
    ELECTED = "elected", _("un élu")
    SYSTEM = "system", _("Guichet seul (avis, délais)")
