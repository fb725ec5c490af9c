"""A point on a map, typed as latitude and longitude so that no mouse is needed.

Where the site has map tiles, formbuilder/static/formbuilder/map_point.js finds
`data-map-point` and adds a map, "use my position" and an address search that fill the
two boxes; without JavaScript, or without a map, the two boxes are the whole question.
"""

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .registry import BaseFieldBlock, FieldKind, register

PLACES = _("Lieux")
# Metropolitan France, Corsica included, with a margin.
DEFAULT_BOUNDS = {
    "south": Decimal("41.0"),
    "west": Decimal("-5.5"),
    "north": Decimal("51.5"),
    "east": Decimal("10.0"),
}
NUMBER = r"[+-]?\d+(?:[.,]\d+)?"
# Two numbers pasted together from a map site: "48.8566, 2.3522", "48,8566 ; 2,3522".
PAIR = re.compile(rf"^({NUMBER})\s*(?:[,;/]\s*|\s+)({NUMBER})$")
OUTSIDE = _(
    "Ce point est en dehors du territoire couvert "
    "(latitude entre {south} et {north}, longitude entre {west} et {east})."
)


class MapPointBlock(BaseFieldBlock):
    south = blocks.DecimalBlock(
        label=_("Latitude minimale (sud)"),
        default=DEFAULT_BOUNDS["south"],
        min_value=-90,
        max_value=90,
    )
    west = blocks.DecimalBlock(
        label=_("Longitude minimale (ouest)"),
        default=DEFAULT_BOUNDS["west"],
        min_value=-180,
        max_value=180,
    )
    north = blocks.DecimalBlock(
        label=_("Latitude maximale (nord)"),
        default=DEFAULT_BOUNDS["north"],
        min_value=-90,
        max_value=90,
    )
    east = blocks.DecimalBlock(
        label=_("Longitude maximale (est)"),
        default=DEFAULT_BOUNDS["east"],
        min_value=-180,
        max_value=180,
    )

    class Meta:
        label = _("Point sur une carte")
        icon = "crosshairs"
        group = PLACES


def french_number(number: Any) -> str:
    """48.8566 -> "48,8566", 10.0 -> "10": how a coordinate is written in French."""
    try:
        text = format(Decimal(str(number)).normalize(), "f")
    except InvalidOperation:
        return str(number)
    return text.replace(".", ",")


def parse_coordinate(text: str) -> float | None:
    """A coordinate from "48,8566", "48.8566" or "-5,5°"; None when it is not a number."""
    compact = text.strip().rstrip("°").strip().replace("\u2212", "-")
    if not re.fullmatch(NUMBER, compact):
        return None
    return float(compact.replace(",", "."))


def _bounds(value: dict[str, Any]) -> dict[str, Decimal]:
    """The block's bounds, the defaults standing in for any left out."""
    return {
        side: Decimal(str(value[side])) if value.get(side) is not None else default
        for side, default in DEFAULT_BOUNDS.items()
    }


class MapPointWidget(forms.MultiWidget):
    """Latitude and longitude boxes with a hint, in a wrapper a map script can enhance."""

    needs_map = True

    labels = (_("Latitude"), _("Longitude"))
    hint = _(
        "En degrés décimaux, par exemple 48,8566 pour la latitude et 2,3522 pour la "
        "longitude. Vous pouvez aussi coller les deux nombres dans la case Latitude."
    )

    def __init__(self, bounds: dict[str, Any] | None = None) -> None:
        self.bounds = bounds or {}
        box = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
        super().__init__({"lat": forms.TextInput(box), "lon": forms.TextInput(box)})

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dict):
            return [
                french_number(value[key]) if isinstance(value.get(key), int | float) else ""
                for key in ("lat", "lon")
            ]
        return ["", ""]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        hint_id = f"{context['widget']['attrs'].get('id') or name}_indication"
        context["widget"]["hint_id"] = hint_id
        for sub in context["widget"]["subwidgets"]:
            sub["attrs"]["aria-describedby"] = hint_id
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        boxes = [
            (
                sub["attrs"].get("id", ""),
                label,
                self._render(sub["template_name"], {"widget": sub}, renderer),
            )
            for label, sub in zip(self.labels, context["widget"]["subwidgets"], strict=True)
        ]
        return format_html(
            '<div class="g-map-point" data-map-point data-bounds="{}">'
            '<p class="g-help" id="{}">{}</p>{}</div>',
            json.dumps(self.bounds, separators=(",", ":")),
            context["widget"]["hint_id"],
            self.hint,
            format_html_join(
                "",
                '<div class="g-map-point__part"><label for="{}">{}</label>{}</div>',
                boxes,
            ),
        )


class MapPointField(forms.MultiValueField):
    def __init__(self, bounds: dict[str, Any] | None = None, **kwargs: Any) -> None:
        parts = (forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("widget", MapPointWidget(bounds))
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dict[str, Any]:
        return dict(zip(("lat", "lon"), data_list or [], strict=False))


@register
class MapPoint(FieldKind):
    name = "map_point"
    block_class = MapPointBlock
    menu_order = 51
    priority = 10
    answer_role = "location"
    messages = {
        "type": _(
            "Saisissez la latitude et la longitude en degrés décimaux, "
            "par exemple 48,8566 et 2,3522."
        ),
        "incomplete": _("Indiquez la latitude et la longitude."),
        # The precise wording, with this question's bounds, is in its UI schema (ui()).
        "minimum": _("Ce point est en dehors du territoire couvert."),
        "maximum": _("Ce point est en dehors du territoire couvert."),
    }

    def schema(self, value: dict[str, Any]) -> dict[str, Any]:
        bounds = _bounds(value)
        return {
            "type": "object",
            "properties": {
                "lat": {
                    "type": "number",
                    "title": str(_("Latitude")),
                    "minimum": float(bounds["south"]),
                    "maximum": float(bounds["north"]),
                },
                "lon": {
                    "type": "number",
                    "title": str(_("Longitude")),
                    "minimum": float(bounds["west"]),
                    "maximum": float(bounds["east"]),
                },
            },
            "required": ["lat", "lon"],
            "additionalProperties": False,
        }

    def ui(self, value: dict[str, Any]) -> dict[str, Any]:
        # The validator gives a kind only the bound that was crossed; the message names
        # the whole territory, so it is worded here, where all four bounds are known.
        words = {side: french_number(bound) for side, bound in _bounds(value).items()}
        outside = str(OUTSIDE).format(**words)
        return {"messages": {"minimum": outside, "maximum": outside}}

    def check_block(self, value: dict[str, Any]) -> dict[str, str]:
        bounds = _bounds(value)
        errors: dict[str, str] = {}
        for side in ("south", "north"):
            if not -90 <= bounds[side] <= 90:
                errors[side] = str(_("Une latitude est comprise entre -90 et 90."))
        for side in ("west", "east"):
            if not -180 <= bounds[side] <= 180:
                errors[side] = str(_("Une longitude est comprise entre -180 et 180."))
        if bounds["south"] >= bounds["north"]:
            errors.setdefault(
                "north", str(_("La latitude maximale (nord) doit dépasser la minimale (sud)."))
            )
        if bounds["west"] >= bounds["east"]:
            errors.setdefault(
                "east", str(_("La longitude maximale (est) doit dépasser la minimale (ouest)."))
            )
        return errors

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        properties = prop.get("properties")
        return (
            prop.get("type") == "object"
            and isinstance(properties, dict)
            and set(properties) == {"lat", "lon"}
            and all(
                isinstance(part, dict) and part.get("type") == "number"
                for part in properties.values()
            )
        )

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        parts = prop.get("properties", {})
        lat, lon = parts.get("lat", {}), parts.get("lon", {})
        bounds = {
            "south": lat.get("minimum"),
            "west": lon.get("minimum"),
            "north": lat.get("maximum"),
            "east": lon.get("maximum"),
        }
        return MapPointField(bounds={side: b for side, b in bounds.items() if b is not None})

    def to_answer(self, cleaned: Any) -> Any:
        if not isinstance(cleaned, dict):
            return super().to_answer(cleaned)
        lat, lon = ((cleaned.get(key) or "").strip() for key in ("lat", "lon"))
        if not lat and not lon:
            return None
        # A pair pasted whole into one box (usually Latitude) is split between the two.
        lone = lat if not lon else lon if not lat else ""
        if lone and parse_coordinate(lone) is None:
            pair = PAIR.match(lone)
            if pair:
                lat, lon = pair.groups()
        answer: dict[str, Any] = {}
        for key, text in (("lat", lat), ("lon", lon)):
            if text:
                number = parse_coordinate(text)
                # Left as typed when unreadable, so the "type" check words the refusal.
                answer[key] = text if number is None else number
        return answer

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        if isinstance(value, dict) and "lat" in value and "lon" in value:
            return f"{french_number(value['lat'])} ; {french_number(value['lon'])}"
        return str(value)
