"""Property: any valid answers survive rendering -> posting -> parsing -> validation unchanged.

Forms are generated from the bundled kinds; answers are generated from each compiled JSON
Schema (hypothesis-jsonschema); the form is rendered with those answers, posted back the way
a browser would from that HTML, read again, and must give the same answers, still valid.
"""

import string

from django.template.loader import render_to_string
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from formbuilder.compiler import compile_form
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors
from tests.formbuilder.browser_post import posted_data
from tests.formbuilder.forms import options, question

TEXT = st.text(alphabet=string.ascii_letters + "éèàç ", min_size=1, max_size=12)


def _question(index: int, kind: str, required: bool, variant: int):
    name = f"q{index}"
    if kind == "short_text":
        return question(kind, name, required=required, max_length=40)
    if kind == "long_text":
        return question(kind, name, required=required, max_length=200)
    if kind == "integer":
        return question(kind, name, required=required, min_value=-50, max_value=5000)
    if kind == "decimal":
        return question(kind, name, required=required, decimal_places=2)
    if kind == "choice":
        widget = "select" if variant % 2 else "radio"
        return question(
            kind,
            name,
            required=required,
            widget=widget,
            options=options("Un", "Deux", "Trois"),
            allow_other=variant % 3 == 0,
        )
    if kind == "multiple_choice":
        return question(
            kind, name, required=required, options=options("Lundi", "Mardi", "Mercredi")
        )
    if kind == "yes_no":
        return question(kind, name, required=False, widget="checkbox" if variant % 2 else "radio")
    return question(kind, name, required=required)


KINDS = [
    "short_text",
    "long_text",
    "integer",
    "decimal",
    "choice",
    "multiple_choice",
    "yes_no",
    "date",
    "time",
    "postcode",
]

forms = st.lists(
    st.tuples(st.sampled_from(KINDS), st.booleans(), st.integers(0, 5)), min_size=1, max_size=6
).map(lambda specs: [_question(i, *spec) for i, spec in enumerate(specs)])


def _canonical(value) -> bool:
    """Values as our kinds store them: trimmed text without control characters."""
    if isinstance(value, str):
        return value == value.strip() and value.isprintable() and value != ""
    if isinstance(value, float):
        return abs(value) < 1e12 and round(value, 2) == value
    if isinstance(value, list):
        return bool(value) and all(_canonical(item) for item in value)
    return True


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data(), fields=forms)
def test_valid_answers_survive_a_round_trip_through_the_html_form(data, fields):
    compiled = compile_form(title="Propriété", fields=fields)
    schema, ui = compiled.schema, compiled.ui_schema
    answers = data.draw(from_schema(schema))
    assume(all(_canonical(value) for value in answers.values()))
    assume(answer_errors(schema, ui, answers) == {})

    # Ticked boxes are stored in the order the options are listed, whatever order was sent.
    expected = dict(answers)
    for name, value in answers.items():
        if ui["fields"][name]["kind"] == "multiple_choice":
            order = [option["const"] for option in schema["properties"][name]["items"]["oneOf"]]
            expected[name] = sorted(value, key=order.index)

    form_class = form_class_for(schema, ui)
    html = render_to_string("formbuilder/form_fields.html", {"form": form_class(answers=answers)})
    posted = form_class(data=posted_data(html))
    assert posted.is_valid(), posted.errors
    assert posted.answers() == expected
    assert answer_errors(schema, ui, posted.answers()) == {}
