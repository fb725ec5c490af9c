"""Django's form renderer, with its plainest widget templates written out in Python.

Every question of a step page is drawn through Django's widget templates: an <input> is a
template including another one for its attributes, each with a context of its own, and a
radio button is three of them. On a step of seven questions that was a third of the page's
time. The templates that are only an <input>, a radio button or box, or a <textarea> are
written here in one pass, byte for byte as Django's templates write them
(tests/formbuilder/test_widget_renderer.py compares the two); every other template (lists
of options, files, the map point, the admin's widgets) is rendered by Django as before.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# Django's templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_ONLY = (
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)


def attributes(attrs: Mapping[str, Any]) -> str:
    """attrs.html: False leaves the attribute out, True writes its bare name."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def input_tag(widget: Mapping[str, Any]) -> str:
    """input.html."""
    value = widget["value"]
    shown = "" if value is None else format_html(' value="{}"', value)
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        mark_safe(shown),
        mark_safe(attributes(widget["attrs"])),
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    """input_option.html, which radio_option.html and checkbox_option.html include."""
    if not widget.get("wrap_label"):
        return input_tag(widget)
    target = widget["attrs"].get("id")
    opening = format_html('<label for="{}">', target) if target else "<label>"
    # input.html's own final newline stays inside the label.
    return opening + input_tag(widget) + format_html("\n {}</label>", widget["label"])


def _textarea(widget: Mapping[str, Any]) -> str:
    """textarea.html."""
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        mark_safe(attributes(widget["attrs"])),
        widget["value"] or "",
    )


# What each template writes once the renderer has stripped it, as Django's renderer does.
WRITTEN: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{f"{WIDGETS}{name}.html": input_tag for name in ("input", *INPUT_ONLY)},
    f"{WIDGETS}radio_option.html": _input_option,
    f"{WIDGETS}checkbox_option.html": _input_option,
    f"{WIDGETS}textarea.html": _textarea,
}


class OnePassRenderer(DjangoTemplates):
    """FORM_RENDERER: Django's templates, but the ones in WRITTEN are written directly."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = WRITTEN.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return SafeString(write(context["widget"]))
