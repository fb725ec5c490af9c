"""A theme is data: design tokens the templates read as CSS custom properties, the town's
logos and font, the links and mentions of its header and footer, and its map's defaults."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from casework.models.audited import audited_history

from ..assets import font_format
from ..blocks import link_address, link_list
from ..contrast import AA_NON_TEXT, AA_TEXT, contrast_ratio, french_ratio
from ..forms import ThemeForm
from ..map_area import bounds_errors, tiles_template_error

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
BUTTON_TEXT = "#ffffff"
hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Saisissez une couleur au format #RRGGBB."))

SYSTEM_SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'
FONT_STACKS = [
    (SYSTEM_SANS, _("Sans empattement du système (Segoe UI, Roboto, Arial)")),
    ('Verdana, Tahoma, "DejaVu Sans", sans-serif', _("Sans empattement large (Verdana, Tahoma)")),
    ('Georgia, "Times New Roman", "DejaVu Serif", serif', _("Avec empattements (Georgia)")),
    (
        '"Trebuchet MS", "Lucida Grande", "DejaVu Sans", sans-serif',
        _("Sans empattement humaniste (Trebuchet MS)"),
    ),
]


class AccessibilityStatus(models.TextChoices):
    # The three wordings the RGAA requires in every public site's footer.
    NOT = "non", _("Accessibilité : non conforme")
    PARTIAL = "partiel", _("Accessibilité : partiellement conforme")
    FULL = "total", _("Accessibilité : totalement conforme")


def theme_file_path(theme: "Theme", filename: str) -> str:
    """themes/<file>: the checks in assets.py have already named it by what it is."""
    return f"themes/{filename}"


def _link_field(verbose_name: str, help_text: str = "") -> models.CharField:
    return models.CharField(
        verbose_name, max_length=300, blank=True, validators=[link_address], help_text=help_text
    )


def _bound_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=6, null=True, blank=True)


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
        _("polices"), max_length=200, choices=FONT_STACKS, default=SYSTEM_SANS
    )
    font_file = models.FileField(
        _("police déposée"),
        upload_to=theme_file_path,
        blank=True,
        help_text=_(
            "Facultatif : un fichier WOFF2, WOFF, TTF ou OTF (1 Mo au plus) dont vous avez "
            "les droits d'usage sur le web. Les polices ci-dessus servent en attendant."
        ),
    )
    logo = models.FileField(
        _("logo"),
        upload_to=theme_file_path,
        blank=True,
        help_text=_("PNG, JPEG, WebP ou SVG sans script, 512 ko au plus."),
    )
    logo_small = models.FileField(
        _("petit logo (téléphones)"),
        upload_to=theme_file_path,
        blank=True,
        help_text=_("Affiché à la place du logo sur les petits écrans. Facultatif."),
    )
    favicon = models.FileField(
        _("icône d'onglet (favicon)"),
        upload_to=theme_file_path,
        blank=True,
        help_text=_("Une image carrée PNG ou SVG, 100 ko au plus."),
    )
    slug = models.SlugField(
        _("dossier de gabarits"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Facultatif. Si le dossier themes/<dossier>/templates/ existe, l'en-tête et le "
            "pied de page qu'il contient remplacent ceux de base."
        ),
    )
    header_links = StreamField(
        link_list(), verbose_name=_("liens de l'en-tête"), blank=True, default=list
    )
    footer_links = StreamField(
        link_list(), verbose_name=_("liens du pied de page"), blank=True, default=list
    )
    legal_notice_url = _link_field(_("page des mentions légales"))
    accessibility_url = _link_field(_("page de la déclaration d'accessibilité"))
    accessibility_status = models.CharField(
        _("conformité à l'accessibilité (RGAA)"),
        max_length=10,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
    )
    personal_data_url = _link_field(_("page sur les données personnelles"))
    contact_address = models.TextField(_("adresse"), blank=True)
    contact_phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("adresse e-mail"), blank=True)
    contact_hours = models.TextField(_("horaires d'ouverture"), blank=True)
    map_tiles_url = models.CharField(
        _("adresse des tuiles de carte"),
        max_length=300,
        blank=True,
        help_text=_(
            "Par défaut pour les sites qui portent ce thème, par exemple "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png."
        ),
    )
    map_attribution = models.CharField(
        _("mention des sources de la carte"), max_length=300, blank=True
    )
    map_south = _bound_field(_("limite sud (latitude)"))
    map_west = _bound_field(_("limite ouest (longitude)"))
    map_north = _bound_field(_("limite nord (latitude)"))
    map_east = _bound_field(_("limite est (longitude)"))
    footer_text = models.TextField(_("texte du pied de page"), blank=True)

    history = audited_history()

    base_form_class = ThemeForm
    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_small"), FieldPanel("favicon")],
            heading=_("Logos"),
        ),
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
        MultiFieldPanel(
            [FieldPanel("font_stack"), FieldPanel("font_file"), FieldPanel("radius")],
            heading=_("Texte et formes"),
        ),
        FieldPanel("header_links"),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("footer_links"),
                FieldPanel("legal_notice_url"),
                FieldPanel("accessibility_url"),
                FieldPanel("accessibility_status"),
                FieldPanel("personal_data_url"),
            ],
            heading=_("Pied de page et mentions"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_address"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_hours"),
            ],
            heading=_("Nous contacter"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("map_tiles_url"),
                FieldPanel("map_attribution"),
                FieldRowPanel([FieldPanel("map_south"), FieldPanel("map_north")]),
                FieldRowPanel([FieldPanel("map_west"), FieldPanel("map_east")]),
            ],
            heading=_("Carte par défaut"),
        ),
        FieldPanel("slug"),
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
        if tiles_error := tiles_template_error(self.map_tiles_url):
            errors["map_tiles_url"] = tiles_error
        errors.update(
            bounds_errors(
                south=self.map_south, west=self.map_west, north=self.map_north, east=self.map_east
            )
        )
        if errors:
            raise ValidationError(errors)

    def _colour(self, name: str) -> str | None:
        value = name if name.startswith("#") else getattr(self, name, "")
        return value if HEX_COLOUR.fullmatch(value or "") else None

    def file_url(self, field: str) -> str:
        """Where a browser gets one of the theme's files (themes/files.py), "" if none."""
        stored = getattr(self, field)
        return reverse("themes:file", args=[stored.name]) if stored else ""

    @property
    def logo_url(self) -> str:
        return self.file_url("logo")

    @property
    def logo_small_url(self) -> str:
        return self.file_url("logo_small")

    @property
    def favicon_url(self) -> str:
        return self.file_url("favicon")

    @property
    def font_family(self) -> str:
        """The uploaded font first, when there is one, then the web-safe stack."""
        if self.font_file:
            return f'"{self.font_face_name}", {self.font_stack}'
        return self.font_stack

    @property
    def font_face_name(self) -> str:
        return f"guichet-theme-{self.pk or 0}"

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
            "--g-font": self.font_family,
        }

    def stylesheet(self) -> SafeString:
        """The tokens as a :root rule, and the uploaded font's @font-face.

        Written into a <style> element, where HTML escaping would break the quotes of a font
        name; every value is safe by construction: colours match #RRGGBB, the radius is a
        number, font stacks come from FONT_STACKS and file names from assets.py."""
        rules = [":root{" + "".join(f"{k}:{v};" for k, v in self.css_tokens().items()) + "}"]
        if self.font_file:
            rules.insert(
                0,
                f'@font-face{{font-family:"{self.font_face_name}";'
                f'src:url("{self.file_url("font_file")}") '
                f'format("{font_format(self.font_file.name)}");font-display:swap}}',
            )
        return mark_safe("".join(rules))  # noqa: S308  (see the docstring)

    def map_bounds(self) -> dict[str, float]:
        sides = {
            "south": self.map_south,
            "west": self.map_west,
            "north": self.map_north,
            "east": self.map_east,
        }
        if any(value is None for value in sides.values()):
            return {}
        return {side: float(value) for side, value in sides.items()}
