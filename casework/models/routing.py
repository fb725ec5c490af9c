"""Where a procedure's new cases go: the town's areas, and each procedure's routing rules."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .audited import audited_history


class Area(models.Model):
    """A named part of the town (district, market zone, old town), drawn as a GeoJSON
    polygon; routing rules send the reports made inside it to a department."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    geometry = models.JSONField(
        _("contour (GeoJSON)"),
        help_text=_(
            "Un objet GeoJSON de type Polygon ou MultiPolygon, en longitude puis latitude, "
            "tel que l'exportent geojson.io ou QGIS."
        ),
    )
    history = audited_history()

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from ..areas import AreaShapeError, area_shape

        try:
            area_shape(self.geometry)
        except AreaShapeError as error:
            raise ValidationError({"geometry": str(error)}) from error


class RoutingRule(Orderable):
    """One line of a procedure's routing table: when the answer and/or the place match,
    the case goes to this department. Rules are tried in order; the first match wins.

    Kept with the page (ParentalKey), so the procedure's Wagtail revisions record every
    change to its routing alongside its other settings."""

    procedure = ParentalKey(
        "cms.ProcedurePage", on_delete=models.CASCADE, related_name="routing_rules"
    )
    answer_name = models.CharField(
        _("question (identifiant)"),
        max_length=100,
        blank=True,
        help_text=_("Par exemple « quartier » ou « categorie ». Vide : toute réponse."),
    )
    answer_value = models.CharField(
        _("réponse attendue"),
        max_length=200,
        blank=True,
        help_text=_("La valeur enregistrée pour cette question, par exemple « centre-ville »."),
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("dans le secteur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="routing_rules",
        help_text=_("Le point indiqué sur la carte doit se trouver dans ce secteur."),
    )
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service destinataire"),
        on_delete=models.PROTECT,
        related_name="routing_rules",
    )

    panels = [
        FieldPanel("answer_name"),
        FieldPanel("answer_value"),
        FieldPanel("area"),
        FieldPanel("department"),
    ]
    history = audited_history()

    class Meta(Orderable.Meta):
        verbose_name = _("règle d'orientation")
        verbose_name_plural = _("règles d'orientation")

    def __str__(self) -> str:
        return str(self.describe())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if bool(self.answer_name.strip()) != bool(self.answer_value.strip()):
            missing = "answer_value" if self.answer_name.strip() else "answer_name"
            errors[missing] = _("Indiquez la question et la réponse attendue, ou aucune des deux.")
        if not self.answer_name.strip() and self.area_id is None:
            errors["answer_name"] = _(
                "Une règle a besoin d'une condition : une réponse, un secteur, ou les deux."
            )
        if errors:
            raise ValidationError(errors)

    def describe(self) -> str:
        """The rule in words, for the case's history: why the case went where it went."""
        conditions = []
        if self.answer_name:
            conditions.append(f"« {self.answer_name} » = « {self.answer_value} »")
        if self.area_id is not None:
            conditions.append(str(_("dans le secteur « %(area)s »") % {"area": self.area.name}))
        return " et ".join(conditions)
