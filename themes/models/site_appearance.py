"""Which theme each Wagtail site wears, its town's name and its own map settings."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from casework.models.audited import audited_history

from ..map_area import tiles_template_error
from .theme import Theme


@register_setting(icon="image")
class SiteAppearance(BaseSiteSetting):
    """Which theme a Wagtail site wears, and the town's name shown in its header."""

    town_name = models.CharField(_("nom de la collectivité"), max_length=120, default="Guichet")
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thème"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    map_tiles_url = models.CharField(
        _("adresse des tuiles de carte"),
        max_length=300,
        blank=True,
        help_text=_(
            "Modèle d'adresse avec {z}, {x} et {y}, par exemple "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Vide : celle du thème ; sans "
            "l'une ni l'autre, pas de carte, les usagers saisissent la latitude et la longitude."
        ),
    )
    map_attribution = models.CharField(
        _("mention des sources de la carte"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : © les contributeurs d'OpenStreetMap."),
    )
    geocoder_url = models.URLField(
        _("service de recherche d'adresse"),
        max_length=300,
        blank=True,
        help_text=_(
            "Un service compatible avec la Base adresse nationale, par exemple "
            "https://api-adresse.data.gouv.fr/search/. Vide : pas de recherche d'adresse."
        ),
    )

    history = audited_history()

    panels = [
        FieldPanel("town_name"),
        FieldPanel("theme"),
        MultiFieldPanel(
            [
                FieldPanel("map_tiles_url"),
                FieldPanel("map_attribution"),
                FieldPanel("geocoder_url"),
            ],
            heading=_("Carte"),
        ),
    ]

    def clean(self) -> None:
        if error := tiles_template_error(self.map_tiles_url):
            raise ValidationError({"map_tiles_url": error})

    def map_config(self, theme: Theme | None) -> dict:
        """What the map script needs: this site's settings, else its theme's; empty when
        neither names tiles (the site then has no map)."""
        tiles, attribution = self.map_tiles_url, self.map_attribution
        if not tiles and theme is not None:
            tiles, attribution = theme.map_tiles_url, theme.map_attribution
        if not tiles:
            return {}
        config = {"tiles": tiles, "attribution": attribution, "geocoder": self.geocoder_url}
        if theme is not None and (bounds := theme.map_bounds()):
            config["bounds"] = bounds
        return config

    class Meta:
        verbose_name = _("apparence du site")
