"""Repeatable groups ("add another child"), end to end without JavaScript:
block -> schema -> rows posted -> stored answer -> validation -> display -> HTML."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from formbuilder.blocks import FormFieldsBlock
from formbuilder.compiler import FormConfigError, compile_form
from formbuilder.display import displayed_answers
from formbuilder.fields import get_kind
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors
from tests.formbuilder.forms import question, when

CHILD_QUESTIONS = [
    question("short_text", "prenom", label="Prénom"),
    question("integer", "age", label="Âge", min_value=0, max_value=17),
    question("yes_no", "cantine", label="Cantine", required=False, widget="radio"),
]


def _children(**values):
    settings = {"row_label": "Enfant", "min_rows": 0, "max_rows": 4, **values}
    settings.setdefault("questions", CHILD_QUESTIONS)
    return question("repeatable_group", "enfants", label="Vos enfants", **settings)


def _compiled(**values):
    return compile_form(title="Inscription", fields=[_children(**values)])


def _submit(compiled, data):
    form = form_class_for(compiled.schema, compiled.ui_schema)(data=data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    return answers, answer_errors(compiled.schema, compiled.ui_schema, answers)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, str] = {}  # id -> name
        self.labelled: set[str] = set()
        self.legends: list[str] = []
        self._in_legend = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.inputs[attrs.get("id", "")] = attrs.get("name", "")
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        self._in_legend = tag == "legend"

    def handle_data(self, data):
        if self._in_legend and data.strip():
            self.legends.append(data.strip())
            self._in_legend = False


def _page(form) -> _Page:
    page = _Page()
    page.feed(render_to_string("formbuilder/form_fields.html", {"form": form}))
    return page


def test_group_schema_is_an_array_of_rows_with_titled_child_questions():
    prop = _compiled(min_rows=1).schema["properties"]["enfants"]
    assert prop["type"] == "array" and (prop["minItems"], prop["maxItems"]) == (1, 4)
    assert prop["items"] == {
        "type": "object",
        "title": "Enfant",
        "properties": {
            "prenom": {"title": "Prénom", "type": "string", "maxLength": 255},
            "age": {"title": "Âge", "type": "integer", "minimum": 0, "maximum": 17},
            "cantine": {"title": "Cantine", "type": "boolean"},
        },
        "required": ["prenom", "age"],
        "additionalProperties": False,
    }
    assert get_kind("repeatable_group").matches_schema(prop)


def test_rows_are_read_from_the_post_and_empty_rows_are_dropped():
    data = {
        "enfants-1-prenom": "Léa",
        "enfants-1-age": "7",
        "enfants-1-cantine": "true",
        "enfants-2-prenom": "  ",  # left blank: ignored, not an incomplete row
        "enfants-3-prenom": "Hugo",
        "enfants-3-age": " 4 ",
    }
    compiled = _compiled()
    answers, errors = _submit(compiled, data)
    assert answers == {
        "enfants": [
            {"prenom": "Léa", "age": 7, "cantine": True},
            {"prenom": "Hugo", "age": 4},
        ]
    }
    assert errors == {}
    shown = displayed_answers(compiled.schema, compiled.ui_schema, answers)
    assert shown[0].text == (
        "Enfant 1 : Prénom : Léa ; Âge : 7 ; Cantine : Oui\nEnfant 2 : Prénom : Hugo ; Âge : 4"
    )


def test_a_required_group_with_no_row_filled_is_missing():
    answers, errors = _submit(_compiled(), {"enfants-1-prenom": ""})
    assert answers == {} and errors == {"enfants": ["Ce champ est obligatoire."]}


def test_too_few_or_too_many_rows_are_refused_in_french():
    one_row = {"enfants-1-prenom": "Léa", "enfants-1-age": "7"}
    _, errors = _submit(_compiled(min_rows=2), one_row)
    assert errors == {"enfants": ["Remplissez au moins 2 lignes."]}
    # Rows past the maximum (sent by a script, say) are read, then refused, never lost.
    three_rows = {f"enfants-{row}-prenom": f"Enfant {row}" for row in (1, 2, 3)}
    three_rows.update({f"enfants-{row}-age": "5" for row in (1, 2, 3)})
    answers, errors = _submit(_compiled(max_rows=2), three_rows)
    assert len(answers["enfants"]) == 3
    assert errors == {"enfants": ["Remplissez au plus 2 lignes."]}


TWO_ROWS_SECOND_WITHOUT_NAME = {
    "enfants-1-prenom": "Léa",
    "enfants-1-age": "7",
    "enfants-2-age": "4",
}


def test_a_row_missing_a_required_answer_is_named():
    _, errors = _submit(_compiled(), TWO_ROWS_SECOND_WITHOUT_NAME)
    assert errors == {"enfants": ["Enfant 2 : Prénom : Ce champ est obligatoire."]}


def test_nested_messages_name_the_row_and_the_question():
    compiled = _compiled()
    kind, ui = get_kind("repeatable_group"), compiled.ui_schema["fields"]["enfants"]
    assert kind.nested_message([1], "required", ["prenom", "age"], ui=ui) == (
        "Enfant 2 : Ce champ est obligatoire."
    )
    assert kind.nested_message([0, "age"], "maximum", 17, ui=ui) == (
        "Enfant 1 : Âge : Saisissez une valeur inférieure ou égale à 17."
    )
    assert kind.nested_message([2, "age"], "type", "integer", ui=ui) == (
        "Enfant 3 : Âge : Saisissez un nombre entier, sans virgule."
    )


def test_the_page_shows_one_empty_row_more_than_filled_each_fully_labelled():
    compiled = _compiled(min_rows=2, max_rows=3)
    form_class = form_class_for(compiled.schema, compiled.ui_schema)
    page = _page(form_class())
    assert page.legends[0] == "Vos enfants" and page.legends.count("Cantine") == 2
    # min_rows rows when nothing is filled yet.
    assert [legend for legend in page.legends if legend.startswith("Enfant ")] == [
        "Enfant 1",
        "Enfant 2",
    ]
    assert set(page.inputs) <= page.labelled
    assert "enfants-2-prenom" in page.inputs.values()
    # Two rows filled: a third, empty one to add another child, and no more (max_rows).
    two = {"enfants": [{"prenom": "Léa", "age": 7}, {"prenom": "Hugo", "age": 4}]}
    page = _page(form_class(answers=two))
    assert [legend for legend in page.legends if legend.startswith("Enfant ")] == [
        "Enfant 1",
        "Enfant 2",
        "Enfant 3",
    ]
    assert set(page.inputs) <= page.labelled
    assert set(page.inputs.values()) >= {"enfants-3-prenom", "enfants-3-age", "enfants-3-cantine"}
    page = _page(form_class(answers={"enfants": [*two["enfants"], {"prenom": "Zoé", "age": 1}]}))
    assert "Enfant 4" not in page.legends


def test_a_posted_page_shows_the_rows_again_renumbered_without_the_empty_ones():
    compiled = _compiled()
    form = form_class_for(compiled.schema, compiled.ui_schema)(
        data={"enfants-1-prenom": "Léa", "enfants-3-prenom": "Hugo", "enfants-3-age": "4"}
    )
    html = render_to_string("formbuilder/form_fields.html", {"form": form})
    assert 'name="enfants-2-prenom" value="Hugo"' in html
    assert 'name="enfants-3-prenom"' in html and 'value="Hugo"' not in html.split("Enfant 3")[1]


def test_child_questions_are_the_simple_kinds_only():
    offered = set(get_kind("repeatable_group").block().child_blocks["questions"].child_blocks)
    assert offered == {
        "short_text",
        "long_text",
        "email",
        "integer",
        "decimal",
        "date",
        "yes_no",
        "choice",
    }


@pytest.mark.parametrize(
    "values, block_field, message",
    [
        ({"min_rows": 3, "max_rows": 2}, "max_rows", "supérieur ou égal au minimum"),
        ({"max_rows": 21}, "max_rows", "au plus 20 lignes"),
        ({"questions": []}, "questions", "Ajoutez au moins une question"),
        (
            {"questions": [question("short_text", "nom"), question("long_text", "nom")]},
            "questions",
            "« nom » est utilisé deux fois",
        ),
        (
            {
                "questions": [
                    question("yes_no", "scolarise", widget="radio"),
                    question("short_text", "ecole", visible_when=when(("scolarise", "equals", 1))),
                ]
            },
            "questions",
            "conditions d'affichage ne sont pas prises en charge",
        ),
        (
            {"questions": [question("integer", "age", min_value=5, max_value=2)]},
            "questions",
            "« Age » : Le maximum doit être supérieur ou égal au minimum.",
        ),
    ],
)
def test_block_refuses_impossible_groups(values, block_field, message):
    with pytest.raises(FormConfigError) as refusal:
        _compiled(**values)
    assert message in refusal.value.errors[0][block_field]


def test_editor_fills_in_child_names_once_like_top_level_questions():
    block = FormFieldsBlock()
    raw = {
        "label": "Vos enfants",
        "name": "",
        "required": True,
        "row_label": "Enfant",
        "min_rows": 0,
        "max_rows": 3,
        "questions": [
            {"type": "short_text", "value": {"label": "Prénom", "name": "", "required": True}},
            {
                "type": "choice",
                "value": {"label": "École", "name": "", "options": [{"label": "Jaurès"}]},
            },
        ],
    }
    cleaned = block.clean(block.to_python([{"type": "repeatable_group", "value": raw}]))
    stored = block.get_prep_value(cleaned)[0]["value"]
    assert [child["value"]["name"] for child in stored["questions"]] == ["prenom", "ecole"]
    assert stored["questions"][1]["value"]["options"][0]["value"]["value"] == "jaures"
