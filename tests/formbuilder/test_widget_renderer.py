"""The widgets written in Python (formbuilder/widget_renderer.py) are byte for byte what
Django's own templates write, for every widget a form of Guichet draws."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from formbuilder.compiler import compile_form
from formbuilder.rendering import form_class_for
from formbuilder.widget_renderer import WRITTEN, OnePassRenderer
from tests.formbuilder.forms import options, question

TRICKY = 'l\'<b>"guillemets" & <script>'
CHOICES = [("a", "Un"), ("b", TRICKY), ("", "— Choisissez —")]


def _both(widget: forms.Widget, value, attrs=None) -> tuple[str, str]:
    django = widget.render("champ", value, attrs=attrs, renderer=DjangoTemplates())
    ours = widget.render("champ", value, attrs=attrs, renderer=OnePassRenderer())
    return django, ours


WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"spellcheck": "false", "required": True, "disabled": False}),
    forms.TextInput(attrs={"maxlength": 20, "placeholder": TRICKY, "data-x": None}),
    forms.TextInput(attrs={"data-safe": mark_safe("<b>&amp;</b>")}),
    forms.EmailInput(attrs={"autocomplete": "email"}),
    forms.NumberInput(attrs={"min": 0, "step": "any"}),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(attrs={"type": "datetime-local"}),
    forms.TimeInput(attrs={"type": "time"}),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 6}),
    forms.RadioSelect(choices=CHOICES),
    forms.CheckboxSelectMultiple(choices=CHOICES),
    forms.Select(choices=CHOICES),
    forms.SelectMultiple(choices=CHOICES),
]
VALUES = [None, "", "a", TRICKY, mark_safe("<i>déjà sûr</i>"), 12, ["a", "b"], True, False]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("attrs", [None, {"id": "id_champ"}, {"id": 'x"<'}], ids=repr)
def test_each_widget_is_written_as_django_writes_it(widget, value, attrs):
    django, ours = _both(widget, value, attrs)
    assert ours == django


def test_every_written_template_is_one_django_has():
    renderer = DjangoTemplates()
    for name in WRITTEN:
        assert renderer.get_template(name) is not None


@pytest.mark.parametrize("bound", [False, True])
def test_a_step_of_guichet_is_written_as_django_writes_it(bound):
    compiled = compile_form(
        title="x",
        fields=[
            question("short_text", "nom"),
            question("email", "courriel"),
            question("integer", "enfants", min_value=0, max_value=20),
            question("date", "naissance"),
            question("choice", "situation", options=options("Marié", TRICKY), widget="radio"),
            question("choice", "lieu", options=options("Mairie", "Annexe"), widget="select"),
            question("multiple_choice", "jours", options=options("Lundi", "Mardi")),
            question("yes_no", "certifie", widget="checkbox"),
            question("long_text", "precisions"),
        ],
    )
    form_class = form_class_for(compiled.schema, compiled.ui_schema)
    data = {"nom": TRICKY, "enfants": "vingt-cinq", "situation": "marie", "jours": ["lundi"]}
    pages = []
    for renderer in (DjangoTemplates(), OnePassRenderer()):
        form = form_class(data=data if bound else None, renderer=renderer)
        # Whole widgets, and each choice's own button as the step page draws it.
        drawn = [str(form[name]) for name in form.fields]
        drawn += [str(choice.tag()) for name in form.fields for choice in form[name].subwidgets]
        pages.append("".join(drawn))
    assert pages[1] == pages[0]
    assert TRICKY not in pages[1]  # escaped, not written as is
