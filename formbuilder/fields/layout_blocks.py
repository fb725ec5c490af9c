"""Layout kinds: they shape the pages of a form and collect no answer."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..conditions import ConditionBlock
from .registry import FieldKind, register

STRUCTURE = _("Structure")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de l'étape"), max_length=150)
    visible_when = ConditionBlock(required=False)

    class Meta:
        label = _("Étape (nouvelle page)")
        icon = "arrow-right"
        group = STRUCTURE


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la section"), max_length=150)
    visible_when = ConditionBlock(required=False)

    class Meta:
        label = _("Titre de section")
        icon = "title"
        group = STRUCTURE


class ExplanationBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(
        label=_("Texte"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"]
    )

    class Meta:
        label = _("Texte explicatif")
        icon = "doc-full"
        group = STRUCTURE


class EligibilityBlock(blocks.StructBlock):
    when = ConditionBlock(label=_("Arrêter la démarche si"))
    message = blocks.TextBlock(
        label=_("Message affiché à l'usager"),
        help_text=_("Par exemple : « Cette démarche est réservée aux habitants de la commune. »"),
    )

    class Meta:
        label = _("Condition d'éligibilité")
        icon = "warning"
        group = STRUCTURE


@register
class Step(FieldKind):
    name = "step"
    block_class = StepBlock
    is_question = False
    menu_order = 90

    def layout(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"step": value["title"]}


@register
class Section(FieldKind):
    name = "section"
    block_class = SectionBlock
    is_question = False
    menu_order = 91

    def layout(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"section": value["title"]}


@register
class Explanation(FieldKind):
    name = "explanation"
    block_class = ExplanationBlock
    is_question = False
    menu_order = 92

    def layout(self, value: dict[str, Any]) -> dict[str, Any]:
        text = value["text"]
        return {"text": getattr(text, "source", text) or ""}


@register
class Eligibility(FieldKind):
    name = "eligibility"
    block_class = EligibilityBlock
    is_question = False
    menu_order = 93

    def layout(self, value: dict[str, Any]) -> dict[str, Any]:
        return {"eligibility": {"when": value["when"], "message": value["message"]}}
