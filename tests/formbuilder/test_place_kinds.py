"""Postal address and map point questions, end to end:
block -> schema -> form -> stored answer -> validation -> display -> HTML."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from formbuilder.compiler import FormConfigError, compile_form
from formbuilder.display import displayed_answers
from formbuilder.fields import kind_for_schema
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors
from tests.formbuilder.forms import question

OUTSIDE_FRANCE = (
    "Ce point est en dehors du territoire couvert "
    "(latitude entre 41 et 51,5, longitude entre -5,5 et 10)."
)


class _Inputs(HTMLParser):
    """The ids of the form's inputs and the ids its labels point to."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[str] = []
        self.labelled: set[str] = set()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.inputs.append(attrs.get("id", ""))
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])


def _rendered(form) -> _Inputs:
    parser = _Inputs()
    parser.feed(render_to_string("formbuilder/form_fields.html", {"form": form}))
    return parser


def _compiled(*fields):
    return compile_form(title="Signalement", fields=list(fields))


def _submit(compiled, data):
    form = form_class_for(compiled.schema, compiled.ui_schema)(data=data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    return answers, answer_errors(compiled.schema, compiled.ui_schema, answers)


ADDRESS = question("address", "adresse", label="Adresse du logement")
POINT = question("map_point", "lieu", label="Lieu du dépôt sauvage")


# --- Postal address -------------------------------------------------------------------------


def test_address_schema_requires_street_postcode_and_town_once_answered():
    prop = _compiled(ADDRESS).schema["properties"]["adresse"]
    assert prop["type"] == "object" and prop["additionalProperties"] is False
    assert list(prop["properties"]) == ["numero", "voie", "complement", "code_postal", "ville"]
    assert prop["required"] == ["voie", "code_postal", "ville"]
    assert prop["properties"]["code_postal"]["pattern"] == "^[0-9]{5}$"
    assert kind_for_schema(prop).name == "address"
    assert kind_for_schema({**prop, "properties": {"voie": {"type": "string"}}}) is None


def test_address_is_read_from_its_boxes_with_empty_parts_dropped():
    data = {
        "adresse_numero": " 12 ",
        "adresse_voie": "rue de la  Paix",
        "adresse_complement": "",
        "adresse_code_postal": "75 002",
        "adresse_ville": "Paris",
    }
    compiled = _compiled(ADDRESS)
    answers, errors = _submit(compiled, data)
    assert answers == {
        "adresse": {
            "numero": "12",
            "voie": "rue de la Paix",
            "code_postal": "75002",
            "ville": "Paris",
        }
    }
    assert errors == {}
    shown = displayed_answers(compiled.schema, compiled.ui_schema, answers)
    assert shown[0].text == "12 rue de la Paix, 75002 Paris"


def test_address_display_includes_the_complement_between_street_and_town():
    compiled = _compiled(ADDRESS)
    answer = {"voie": "Lieu-dit les Granges", "complement": "Bâtiment B", "code_postal": "20000"}
    answer["ville"] = "Ajaccio"
    shown = displayed_answers(compiled.schema, compiled.ui_schema, {"adresse": answer})
    assert shown[0].text == "Lieu-dit les Granges, Bâtiment B, 20000 Ajaccio"


def test_blank_address_is_missing_not_incomplete():
    answers, errors = _submit(_compiled(ADDRESS), {"adresse_voie": "  ", "adresse_ville": ""})
    assert answers == {}
    assert errors == {"adresse": ["Ce champ est obligatoire."]}


def test_partial_address_is_told_precisely_what_is_wrong():
    compiled = _compiled(ADDRESS)
    _, errors = _submit(compiled, {"adresse_voie": "rue de la Paix"})
    assert errors == {"adresse": ["Indiquez la voie, le code postal et la ville."]}
    data = {
        "adresse_voie": "rue de la Paix",
        "adresse_code_postal": "7500",
        "adresse_ville": "Paris",
    }
    _, errors = _submit(compiled, data)
    assert errors == {"adresse": ["Le code postal doit comporter 5 chiffres."]}


def test_optional_address_left_blank_is_no_error():
    optional = question("address", "adresse", required=False)
    assert _submit(_compiled(optional), {}) == ({}, {})


def test_address_boxes_are_labelled_in_a_fieldset_with_autofill_tokens():
    compiled = _compiled(ADDRESS)
    form_class = form_class_for(compiled.schema, compiled.ui_schema)
    answer = {"numero": "12", "voie": "rue de la Paix", "code_postal": "75002", "ville": "Paris"}
    page = _rendered(form_class(answers={"adresse": answer}))
    assert len(page.inputs) == 5 and set(page.inputs) <= page.labelled
    boxes = {attrs["name"]: attrs for tag, attrs in page.tags if tag == "input"}
    assert boxes["adresse_voie"]["value"] == "rue de la Paix"
    assert boxes["adresse_voie"]["autocomplete"] == "address-line1"
    assert boxes["adresse_complement"]["autocomplete"] == "address-line2"
    assert boxes["adresse_code_postal"]["autocomplete"] == "postal-code"
    assert boxes["adresse_ville"]["autocomplete"] == "address-level2"
    assert ("fieldset", {"class": "g-field", "id": "id_adresse", "tabindex": "-1"}) in page.tags


# --- Map point ------------------------------------------------------------------------------


def test_map_point_schema_defaults_to_metropolitan_france():
    prop = _compiled(POINT).schema["properties"]["lieu"]
    assert prop["required"] == ["lat", "lon"] and prop["additionalProperties"] is False
    assert prop["properties"]["lat"] == {
        "type": "number",
        "title": "Latitude",
        "minimum": 41.0,
        "maximum": 51.5,
    }
    assert (prop["properties"]["lon"]["minimum"], prop["properties"]["lon"]["maximum"]) == (
        -5.5,
        10.0,
    )
    assert kind_for_schema(prop).name == "map_point"


@pytest.mark.parametrize(
    "latitude, longitude",
    [
        ("48,8566", "2,3522"),  # French decimal commas
        ("48.8566", " 2.3522 "),
        ("48.8566, 2.3522", ""),  # a pair pasted from a map site into the first box
        ("48,8566 ; 2,3522", ""),
        ("48.8566 2.3522", ""),
    ],
)
def test_map_point_is_typed_without_a_mouse(latitude, longitude):
    compiled = _compiled(POINT)
    answers, errors = _submit(compiled, {"lieu_lat": latitude, "lieu_lon": longitude})
    assert answers == {"lieu": {"lat": 48.8566, "lon": 2.3522}} and errors == {}
    shown = displayed_answers(compiled.schema, compiled.ui_schema, answers)
    assert shown[0].text == "48,8566 ; 2,3522"


def test_map_point_outside_the_territory_names_the_bounds():
    _, errors = _submit(_compiled(POINT), {"lieu_lat": "40,4168", "lieu_lon": "-3,7038"})
    assert errors == {"lieu": [OUTSIDE_FRANCE]}


def test_map_point_bounds_come_from_the_block():
    corsica = question("map_point", "lieu", south="41.3", west="8.5", north="43.05", east="9.6")
    compiled = _compiled(corsica)
    assert compiled.schema["properties"]["lieu"]["properties"]["lat"]["maximum"] == 43.05
    _, errors = _submit(compiled, {"lieu_lat": "48,8566", "lieu_lon": "2,3522"})
    assert errors == {
        "lieu": [
            "Ce point est en dehors du territoire couvert "
            "(latitude entre 41,3 et 43,05, longitude entre 8,5 et 9,6)."
        ]
    }


def test_map_point_malformed_or_half_typed_is_refused_in_french():
    compiled = _compiled(POINT)
    _, errors = _submit(compiled, {"lieu_lat": "quarante-huit", "lieu_lon": "2,35"})
    assert errors == {
        "lieu": [
            "Saisissez la latitude et la longitude en degrés décimaux, "
            "par exemple 48,8566 et 2,3522."
        ]
    }
    _, errors = _submit(compiled, {"lieu_lat": "48,85", "lieu_lon": ""})
    assert errors == {"lieu": ["Indiquez la latitude et la longitude."]}
    answers, errors = _submit(compiled, {"lieu_lat": "", "lieu_lon": " "})
    assert answers == {} and errors == {"lieu": ["Ce champ est obligatoire."]}


@pytest.mark.parametrize(
    "bounds, block_field",
    [
        ({"south": "48", "north": "48"}, "north"),
        ({"south": "49", "north": "48"}, "north"),
        ({"west": "3", "east": "2"}, "east"),
        ({"north": "95"}, "north"),
    ],
)
def test_map_point_block_refuses_an_empty_or_impossible_territory(bounds, block_field):
    with pytest.raises(FormConfigError) as refusal:
        _compiled(question("map_point", "lieu", **bounds))
    assert block_field in refusal.value.errors[0]


def test_map_point_boxes_are_labelled_decimal_and_ready_for_a_map_script():
    compiled = _compiled(POINT)
    form_class = form_class_for(compiled.schema, compiled.ui_schema)
    page = _rendered(form_class(answers={"lieu": {"lat": 48.8566, "lon": 2.3522}}))
    assert len(page.inputs) == 2 and set(page.inputs) <= page.labelled
    boxes = [attrs for tag, attrs in page.tags if tag == "input"]
    assert [box["value"] for box in boxes] == ["48,8566", "2,3522"]
    assert all(box["inputmode"] == "decimal" for box in boxes)
    assert all(box["aria-describedby"] == "id_lieu_indication" for box in boxes)
    assert any(tag == "div" and "data-map-point" in attrs for tag, attrs in page.tags)
