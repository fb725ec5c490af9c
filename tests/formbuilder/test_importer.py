"""Importing a raw JSON Schema: the supported subset is accepted, anything else is refused
with a French message naming the keyword and where it is."""

import copy

import pytest

from formbuilder.compiler import SCHEMA_DIALECT
from formbuilder.importer import SchemaRefused, compile_imported, import_schema
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors, validator_for

BIRTH_CERTIFICATE = {
    "type": "object",
    "title": "Demande d'acte",
    "properties": {
        "nom": {"type": "string", "title": "Nom", "maxLength": 80},
        "courriel": {"type": "string", "format": "email", "title": "Courriel"},
        "motif": {"$ref": "#/$defs/motif"},
        "conjoint": {"type": "string", "title": "Nom du conjoint"},
    },
    "required": ["nom", "motif"],
    "allOf": [
        {
            "if": {"properties": {"motif": {"const": "mariage"}}, "required": ["motif"]},
            "then": {"required": ["conjoint"]},
        }
    ],
    "$defs": {
        "motif": {
            "title": "Motif",
            "type": "string",
            "oneOf": [
                {"const": "naissance", "title": "Naissance"},
                {"const": "mariage", "title": "Mariage"},
            ],
        }
    },
}


def _refusal(schema, ui_schema=None) -> SchemaRefused:
    with pytest.raises(SchemaRefused) as refused:
        import_schema(schema, ui_schema)
    return refused.value


def _form(**properties) -> dict:
    return {"type": "object", "properties": properties}


# --- Accepted ----------------------------------------------------------------------------


def test_each_property_becomes_a_question_on_one_untitled_step_in_schema_order():
    compiled = import_schema(BIRTH_CERTIFICATE)
    assert compiled.ui_schema == {
        "order": ["nom", "courriel", "motif", "conjoint"],
        "fields": {
            "nom": {"kind": "short_text"},
            "courriel": {"kind": "email"},
            "motif": {"kind": "choice"},
            "conjoint": {"kind": "short_text"},
        },
        "steps": [
            {
                "title": "",
                "items": [
                    {"field": "nom"},
                    {"field": "courriel"},
                    {"field": "motif"},
                    {"field": "conjoint"},
                ],
            }
        ],
    }


def test_the_schema_is_stored_as_given_with_its_dialect_added():
    given = copy.deepcopy(BIRTH_CERTIFICATE)
    compiled = import_schema(given)
    assert given == BIRTH_CERTIFICATE  # the caller's schema is not touched
    assert compiled.schema == {"$schema": SCHEMA_DIALECT, **BIRTH_CERTIFICATE}
    # $defs/$ref stay as written: they are resolved only to choose the field kind.
    assert compiled.schema["properties"]["motif"] == {"$ref": "#/$defs/motif"}


def test_a_schema_that_names_its_dialect_keeps_it():
    schema = {"$schema": SCHEMA_DIALECT, **_form(nom={"type": "string"})}
    assert import_schema(schema).schema == schema


def test_importing_twice_gives_the_same_bytes():
    first = import_schema(copy.deepcopy(BIRTH_CERTIFICATE))
    second = compile_imported(copy.deepcopy(BIRTH_CERTIFICATE), None)
    assert first.canonical_json() == second.canonical_json()
    assert first.checksum == second.checksum


def test_refs_into_defs_and_if_then_else_are_enforced_by_the_validator():
    compiled = import_schema(BIRTH_CERTIFICATE)
    validator_for(compiled.schema)
    check = lambda answers: answer_errors(compiled.schema, compiled.ui_schema, answers)  # noqa: E731
    assert check({"nom": "Lefèvre", "motif": "naissance"}) == {}
    assert check({"nom": "Lefèvre", "motif": "divorce"}) == {
        "motif": ["Choisissez une des options proposées."]
    }
    assert check({"nom": "Lefèvre", "motif": "mariage"}) == {
        "conjoint": ["Ce champ est obligatoire."]
    }


def test_dependent_required_and_plain_enums_are_accepted():
    schema = {
        **_form(
            telephone={"type": "string", "title": "Téléphone"},
            creneau={"type": "string", "enum": ["matin", "après-midi"], "title": "Créneau"},
        ),
        "dependentRequired": {"telephone": ["creneau"]},
    }
    compiled = import_schema(schema)
    assert compiled.ui_schema["fields"]["creneau"] == {"kind": "choice"}
    html = form_class_for(compiled.schema, compiled.ui_schema)().as_div()
    assert "après-midi" in html
    validator = validator_for(compiled.schema)
    assert not validator.is_valid({"telephone": "0102030405"})
    assert validator.is_valid({"telephone": "0102030405", "creneau": "matin"})


def test_an_imported_form_renders_its_titles_and_descriptions():
    schema = _form(
        nom={"type": "string", "title": "Nom de naissance", "description": "En majuscules"}
    )
    compiled = import_schema(schema)
    html = form_class_for(compiled.schema, compiled.ui_schema)().as_div()
    assert "Nom de naissance" in html
    assert "En majuscules" in html


def test_a_given_ui_schema_is_kept_and_completed():
    ui_schema = {
        "order": ["motif"],
        "fields": {"motif": {"kind": "choice", "widget": "select"}},
        "steps": [{"title": "Votre demande", "items": [{"field": "motif"}]}],
    }
    compiled = import_schema(BIRTH_CERTIFICATE, ui_schema)
    assert compiled.ui_schema["order"] == ["motif", "nom", "courriel", "conjoint"]
    assert compiled.ui_schema["fields"]["motif"] == {"kind": "choice", "widget": "select"}
    assert compiled.ui_schema["fields"]["nom"] == {"kind": "short_text"}
    # A question no step shows goes on the last page rather than being unreachable.
    assert compiled.ui_schema["steps"] == [
        {
            "title": "Votre demande",
            "items": [
                {"field": "motif"},
                {"field": "nom"},
                {"field": "courriel"},
                {"field": "conjoint"},
            ],
        }
    ]


def test_a_ui_schema_may_show_a_question_only_under_a_condition():
    ui_schema = {
        "fields": {"conjoint": {"visible_when": {"field": "motif", "op": "equals", "value": "x"}}}
    }
    compiled = import_schema(BIRTH_CERTIFICATE, ui_schema)
    assert compiled.ui_schema["fields"]["conjoint"] == {
        "kind": "short_text",
        "visible_when": {"field": "motif", "op": "equals", "value": "x"},
    }


# --- Refused -----------------------------------------------------------------------------

REFUSALS = [
    pytest.param(
        _form(nom={"type": "string", "$dynamicRef": "#meta"}),
        "$dynamicRef",
        "/properties/nom",
        "Le mot-clé « $dynamicRef » n'est pas pris en charge (à /properties/nom).",
        id="unknown-keyword",
    ),
    pytest.param(
        {"type": "string"},
        "type",
        "",
        "Un formulaire importé doit être un schéma « type » objet avec des « properties » : "
        "une propriété par question (à la racine du schéma).",
        id="not-a-set-of-questions",
    ),
    pytest.param(
        True,
        "type",
        "",
        "Un formulaire importé doit être un schéma « type » objet avec des « properties » : "
        "une propriété par question (à la racine du schéma).",
        id="boolean-root",
    ),
    pytest.param(
        _form(nom={"type": "string"}, interdit=False),
        "properties",
        "/properties/interdit",
        "Le mot-clé « properties » contient un schéma booléen (true ou false), qui n'est pas "
        "pris en charge : écrivez un schéma objet (à /properties/interdit).",
        id="boolean-sub-schema",
    ),
    pytest.param(
        _form(nom={"$ref": "https://exemple.fr/schemas/nom.json"}),
        "$ref",
        "/properties/nom",
        "La référence « $ref » « https://exemple.fr/schemas/nom.json » n'est pas locale : "
        "seules les références internes comme « #/$defs/nom » sont prises en charge "
        "(à /properties/nom).",
        id="remote-ref",
    ),
    pytest.param(
        _form(nom={"$ref": "#/$defs/absent"}),
        "$ref",
        "/properties/nom",
        "La référence « $ref » « #/$defs/absent » ne désigne aucun schéma de ce document "
        "(à /properties/nom).",
        id="dangling-ref",
    ),
    pytest.param(
        {
            **_form(nom={"$ref": "#/$defs/a"}),
            "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
        },
        "$ref",
        "/$defs/a",
        "La référence « $ref » « #/$defs/b » forme une boucle : un schéma ne peut pas se "
        "contenir lui-même (à /$defs/a).",
        id="ref-cycle",
    ),
    pytest.param(
        _form(personne={"type": "object", "properties": {"parent": {"$ref": "#"}}}),
        "$ref",
        "/properties/personne/properties/parent",
        "La référence « $ref » « # » forme une boucle : un schéma ne peut pas se contenir "
        "lui-même (à /properties/personne/properties/parent).",
        id="recursive-ref",
    ),
    pytest.param(
        _form(nom={"type": "string", "pattern": "^\\p{Letter}+$"}),
        "pattern",
        "/properties/nom",
        "L'expression régulière « pattern » « ^\\p{Letter}+$ » n'est pas valide "
        "(à /properties/nom).",
        id="pattern-python-cannot-compile",
    ),
    pytest.param(
        _form(nom={"type": "string", "minLength": -1}),
        "minLength",
        "/properties/nom",
        "La valeur du mot-clé « minLength » n'est pas valide selon JSON Schema 2020-12 "
        "(à /properties/nom).",
        id="meta-schema",
    ),
    pytest.param(
        _form(nom={"type": ["string", "null"]}),
        "type",
        "/properties/nom",
        "Le « type » « null » n'est pas pris en charge (types acceptés : string, number, "
        "integer, boolean, array, object) (à /properties/nom).",
        id="null-type",
    ),
    pytest.param(
        _form(adresse_ip={"type": "string", "format": "ipv4"}),
        "format",
        "/properties/adresse_ip",
        None,  # the accepted formats grow with the field kinds
        id="unsupported-format",
    ),
    pytest.param(
        _form(nom={"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        "oneOf",
        "/properties/nom/oneOf/0",
        "Le mot-clé « oneOf » n'est pris en charge que comme liste d'options de la forme "
        '{"const": …, "title": …} (à /properties/nom/oneOf/0).',
        id="oneOf-not-options",
    ),
    pytest.param(
        {**_form(nom={"type": "string"}), "required": ["prenom"]},
        "required",
        "",
        "« required » nomme « prenom », qui n'est pas une question du formulaire (absente "
        "des « properties » de la racine) (à la racine du schéma).",
        id="required-not-a-question",
    ),
    pytest.param(
        _form(remarque={"title": "Remarque"}),
        "type",
        "/properties/remarque",
        "Aucun type de champ ne sait afficher la propriété « remarque » : précisez son "
        "« type » (à /properties/remarque).",
        id="no-kind-can-show-it",
    ),
    pytest.param(
        {"$schema": "http://json-schema.org/draft-07/schema#", **_form(nom={"type": "string"})},
        "$schema",
        "",
        "Le mot-clé « $schema » n'est accepté qu'à la racine et doit valoir "
        "« https://json-schema.org/draft/2020-12/schema » (à la racine du schéma).",
        id="other-dialect",
    ),
    pytest.param(
        _form(**{"a/b~c": {"type": "string", "$anchor": "x"}}),
        "$anchor",
        "/properties/a~1b~0c",
        "Le mot-clé « $anchor » n'est pas pris en charge (à /properties/a~1b~0c).",
        id="pointer-escaping",
    ),
]


@pytest.mark.parametrize(("schema", "keyword", "pointer", "message"), REFUSALS)
def test_a_schema_outside_the_subset_is_refused_naming_keyword_and_pointer(
    schema, keyword, pointer, message
):
    refusal = _refusal(schema)
    assert (refusal.keyword, refusal.pointer, refusal.document) == (keyword, pointer, "schema")
    if message is not None:
        assert refusal.message == message
    assert f"« {keyword} »" in refusal.message
    assert f"(à {pointer or 'la racine du schéma'}" in refusal.message


def test_an_unsupported_format_names_the_accepted_ones():
    refusal = _refusal(_form(adresse_ip={"type": "string", "format": "ipv4"}))
    assert refusal.message.startswith("Le « format » « ipv4 » n'est pas pris en charge")
    assert "email, date, date-time, time, uri" in refusal.message


UI_REFUSALS = [
    pytest.param(
        {"fields": {"nom": {"kind": "hologramme"}}},
        "kind",
        "/fields/nom/kind",
        "Le type de champ « hologramme » n'existe pas (à /fields/nom/kind du schéma d'affichage).",
        id="unknown-kind",
    ),
    pytest.param(
        {"order": ["nom", "age"]},
        "order",
        "/order/1",
        "« age » n'est pas une propriété du schéma (à /order/1 du schéma d'affichage).",
        id="unknown-name-in-order",
    ),
    pytest.param(
        {"fields": {"age": {"kind": "short_text"}}},
        "fields",
        "/fields/age",
        "« age » n'est pas une propriété du schéma (à /fields/age du schéma d'affichage).",
        id="unknown-name-in-fields",
    ),
    pytest.param(
        {"steps": [{"title": "Vous", "items": [{"field": "age"}]}]},
        "field",
        "/steps/0/items/0/field",
        "« age » n'est pas une propriété du schéma "
        "(à /steps/0/items/0/field du schéma d'affichage).",
        id="unknown-name-in-steps",
    ),
    pytest.param(
        {"fields": {"nom": {"visible_when": {"field": "age", "op": "filled"}}}},
        "field",
        "/fields/nom/visible_when/field",
        "« age » n'est pas une propriété du schéma "
        "(à /fields/nom/visible_when/field du schéma d'affichage).",
        id="condition-on-unknown-name",
    ),
    pytest.param(
        {"pages": []},
        "pages",
        "",
        "La clé « pages » n'est pas prise en charge (clés acceptées : order, fields, steps, "
        "eligibility) (à la racine du schéma d'affichage).",
        id="unknown-key",
    ),
]


@pytest.mark.parametrize(("ui_schema", "keyword", "pointer", "message"), UI_REFUSALS)
def test_a_given_ui_schema_is_checked(ui_schema, keyword, pointer, message):
    refusal = _refusal(_form(nom={"type": "string"}), ui_schema)
    assert (refusal.keyword, refusal.pointer, refusal.document) == (keyword, pointer, "ui_schema")
    assert refusal.message == message


def test_a_schema_nested_too_deep_is_refused_rather_than_crashing():
    deep: dict = {"type": "string"}
    for _level in range(40):
        deep = {"type": "array", "items": deep}
    refusal = _refusal(_form(liste=deep))
    assert refusal.keyword == "items"
    assert refusal.message.startswith("Le schéma est trop profondément imbriqué sous « items »")


def test_a_ref_may_point_at_another_property():
    schema = _form(nom={"type": "string", "title": "Nom"}, nom_usage={"$ref": "#/properties/nom"})
    assert import_schema(schema).ui_schema["fields"]["nom_usage"] == {"kind": "short_text"}
