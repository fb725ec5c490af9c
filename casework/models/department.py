from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audited import audited_history


class Department(models.Model):
    """A team that handles cases ("service"). Its members are the users of its group."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    email = models.EmailField(_("adresse e-mail du service"), blank=True)
    group = models.OneToOneField(
        Group,
        verbose_name=_("groupe des membres"),
        on_delete=models.PROTECT,
        related_name="department",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsables"),
        blank=True,
        related_name="managed_departments",
        help_text=_("Reçoivent les relances quand les avis du service restent en retard."),
    )
    business_app_url = models.CharField(
        _("adresse de l'application métier"),
        max_length=300,
        blank=True,
        help_text=_(
            "Un bouton sur les dossiers où le service est consulté. Les réponses du "
            "formulaire s'écrivent entre accolades : https://finances.example/tiers?siret={siret}"
        ),
    )
    # Who is told when the department is late is part of its settings: kept with it.
    history = audited_history(m2m_fields=["managers"])

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
