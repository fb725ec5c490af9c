"""A theme is data: design tokens the templates read as CSS custom properties."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .contrast import AA_NON_TEXT, AA_TEXT, contrast_ratio, french_ratio

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
BUTTON_TEXT = "#ffffff"
hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Saisissez une couleur au format #RRGGBB."))


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    colour_primary = models.CharField(
        _("couleur principale"), max_length=7, default="#1d4f91", validators=[hex_colour]
    )
    colour_secondary = models.CharField(
        _("couleur secondaire"), max_length=7, default="#e4eefb", validators=[hex_colour]
    )
    colour_text = models.CharField(
        _("couleur du texte"), max_length=7, default="#1b1b1b", validators=[hex_colour]
    )
    colour_background = models.CharField(
        _("couleur de fond"), max_length=7, default="#ffffff", validators=[hex_colour]
    )
    colour_error = models.CharField(
        _("couleur des erreurs"), max_length=7, default="#b3261e", validators=[hex_colour]
    )
    colour_success = models.CharField(
        _("couleur des réussites"), max_length=7, default="#1e6b34", validators=[hex_colour]
    )
    colour_focus = models.CharField(
        _("couleur du contour de focus"),
        max_length=7,
        default="#1b1b1b",
        validators=[hex_colour],
        help_text=_("Le contour de l'élément actif au clavier : toujours visible."),
    )
    radius = models.PositiveSmallIntegerField(
        _("arrondi des angles (px)"),
        default=6,
        validators=[MaxValueValidator(24)],
        help_text=_("0 pour des angles droits, 24 au plus."),
    )
    font_stack = models.CharField(
        _("polices"),
        max_length=200,
        default='system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = models.TextField(_("texte du pied de page"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("colour_primary"),
                FieldPanel("colour_secondary"),
                FieldPanel("colour_text"),
                FieldPanel("colour_background"),
                FieldPanel("colour_error"),
                FieldPanel("colour_success"),
                FieldPanel("colour_focus"),
            ],
            heading=_("Couleurs"),
        ),
        FieldPanel("radius"),
        FieldPanel("font_stack"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self) -> str:
        return self.name

    # (field blamed, its foreground, its background, how the pair is named to the editor);
    # buttons and the header write white on the main colour (themes/static/themes/guichet.css).
    CONTRAST_PAIRS = (
        ("colour_text", "colour_text", "colour_background", _("le texte et le fond")),
        ("colour_primary", "colour_primary", "colour_background", _("les liens et le fond")),
        ("colour_primary", BUTTON_TEXT, "colour_primary", _("le texte des boutons et les boutons")),
        (
            "colour_secondary",
            "colour_text",
            "colour_secondary",
            _("le texte et le fond du pied de page"),
        ),
        ("colour_error", "colour_error", "colour_background", _("les erreurs et le fond")),
        ("colour_success", "colour_success", "colour_background", _("les réussites et le fond")),
        ("colour_focus", "colour_focus", "colour_background", _("le contour de focus et le fond")),
    )
    # A focus outline is not text: WCAG 2.1 (1.4.11) asks 3:1 of it.
    CONTRAST_MINIMUMS = {"colour_focus": AA_NON_TEXT}

    def clean(self) -> None:
        """Refuse colours that fail WCAG 2.1 AA contrast, naming the pair and its ratio."""
        errors: dict[str, str] = {}
        for field, foreground, background, pair in self.CONTRAST_PAIRS:
            colours = [self._colour(name) for name in (foreground, background)]
            if None in colours or field in errors:
                continue  # a malformed colour is refused by its own validator
            ratio = contrast_ratio(*colours)
            minimum = self.CONTRAST_MINIMUMS.get(field, AA_TEXT)
            if ratio < minimum:
                errors[field] = _(
                    "Contraste insuffisant entre %(pair)s (%(first)s sur %(second)s) : "
                    "%(ratio)s, il faut au moins %(minimum)s pour être lisible par tous."
                ) % {
                    "pair": pair,
                    "first": colours[0],
                    "second": colours[1],
                    "ratio": french_ratio(ratio),
                    "minimum": french_ratio(minimum),
                }
        if errors:
            raise ValidationError(errors)

    def _colour(self, name: str) -> str | None:
        value = name if name.startswith("#") else getattr(self, name, "")
        return value if HEX_COLOUR.fullmatch(value or "") else None

    def css_tokens(self) -> dict[str, str]:
        return {
            "--g-primary": self.colour_primary,
            "--g-secondary": self.colour_secondary,
            "--g-text": self.colour_text,
            "--g-background": self.colour_background,
            "--g-error": self.colour_error,
            "--g-success": self.colour_success,
            "--g-focus": self.colour_focus,
            "--g-radius": f"{self.radius}px",
            "--g-font": self.font_stack,
        }


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
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Vide : pas de carte, les "
            "usagers saisissent la latitude et la longitude."
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
        tiles = self.map_tiles_url
        if tiles and not (
            tiles.startswith(("https://", "http://", "/"))
            and all(part in tiles for part in ("{z}", "{x}", "{y}"))
        ):
            raise ValidationError(
                {
                    "map_tiles_url": _(
                        "Donnez une adresse commençant par https:// et contenant {z}, {x} et {y}."
                    )
                }
            )

    def map_config(self) -> dict[str, str]:
        """What the map script needs; empty when the site has no map."""
        if not self.map_tiles_url:
            return {}
        return {
            "tiles": self.map_tiles_url,
            "attribution": self.map_attribution,
            "geocoder": self.geocoder_url,
        }

    class Meta:
        verbose_name = _("apparence du site")
