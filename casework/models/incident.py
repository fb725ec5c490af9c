"""Incident reports ("signalements"): the categories citizens choose from, and the people
who follow a report someone else made instead of filing the same one again."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audited import audited_history
from .department import Department


class IncidentCategory(models.Model):
    """A category ("rubrique") or sub-category of incident reports, and where it goes."""

    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_("Enregistré avec chaque signalement : ne le changez plus une fois utilisé."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("catégorie parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcategories",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Laissez vide pour une catégorie ; choisissez-en une pour une sous-catégorie."),
    )
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service destinataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_categories",
        help_text=_(
            "Les signalements de cette catégorie lui sont adressés. Vide pour une "
            "sous-catégorie : le service de la catégorie parente."
        ),
    )
    position = models.PositiveIntegerField(_("ordre d'affichage"), default=0)
    active = models.BooleanField(
        _("proposée aux usagers"),
        default=True,
        help_text=_("Décochez pour ne plus la proposer, sans toucher aux signalements passés."),
    )
    history = audited_history()

    class Meta:
        verbose_name = _("catégorie de signalement")
        verbose_name_plural = _("catégories de signalement")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Une catégorie ne peut pas être sa propre parente.")}
            )
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Choisissez une catégorie de premier niveau : deux niveaux au plus.")}
            )
        if self.parent_id and self.pk and self.subcategories.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "Cette catégorie a des sous-catégories : elle reste de premier niveau."
                    )
                }
            )
        if not self.department_id and not (self.parent_id and self.parent.department_id):
            raise ValidationError(
                {"department": _("Choisissez le service qui traitera ces signalements.")}
            )

    def handling_department(self) -> "Department":
        return self.department if self.department_id else self.parent.department


class CaseFollower(models.Model):
    """Someone kept informed of a report's progress (FixMyStreet's "same problem")."""

    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="followers",
    )
    email = models.EmailField(_("e-mail"))
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("suivi depuis le"), default=timezone.now)
    history = audited_history()

    class Meta:
        verbose_name = _("abonné au suivi")
        verbose_name_plural = _("abonnés au suivi")
        constraints = [
            models.UniqueConstraint(fields=["case", "email"], name="one_follow_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.case}"
