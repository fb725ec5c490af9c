"""The diff between two versions, read as a communications officer would read it."""

from formbuilder.compiler import compile_form
from formbuilder.diff import (
    ADDED,
    CHANGED,
    FORM,
    REMOVED,
    describe_condition,
    diff_versions,
    summary_counts,
)


def question(kind, label, name, *, required=True, help_text="", visible_when=None, **extra):
    return (
        kind,
        {
            "label": label,
            "name": name,
            "required": required,
            "help_text": help_text,
            "visible_when": visible_when,
            **extra,
        },
    )


def when(field, op, value="", combine="all", *more):
    rules = [{"field": field, "op": op, "value": value}]
    rules += [{"field": f, "op": o, "value": v} for f, o, v in more]
    return {"combine": combine, "rules": rules}


def options(*pairs):
    return [{"label": label, "value": value} for value, label in pairs]


NAME = question("short_text", "Nom", "nom", max_length=80)
ACT = question(
    "choice",
    "Type d'acte",
    "type_acte",
    widget="radio",
    options=options(("copie", "Copie intégrale"), ("extrait", "Extrait"), ("pluri", "Plurilingue")),
)
DETAILS = question("long_text", "Précisions", "precisions", required=False, max_length=500)
BASE = [NAME, ACT, DETAILS]


def diff(old_fields, new_fields, old_title="Acte", new_title="Acte"):
    old = compile_form(title=old_title, fields=old_fields)
    new = compile_form(title=new_title, fields=new_fields)
    return diff_versions(old.schema, old.ui_schema, new.schema, new.ui_schema)


def only(changes, name):
    (found,) = [change for change in changes if change.name == name]
    return found


def with_value(field, **values):
    kind, value = field
    return kind, {**value, **values}


def test_the_same_questions_have_no_difference():
    assert diff(BASE, [(kind, dict(value)) for kind, value in BASE]) == []


def test_an_added_question_is_listed_with_its_label_and_what_it_is():
    email = question("email", "Courriel", "courriel", required=False, help_text="Pour la réponse")
    changes = diff(BASE, [*BASE, email])
    (added,) = changes
    assert (added.status, added.name, added.label) == (ADDED, "courriel", "Courriel")
    facts = {change.what: change.after for change in added.changes}
    assert facts["type de question"] == "Adresse e-mail"
    assert facts["obligatoire"] == "non"
    assert facts["aide"] == "Pour la réponse"
    assert all(change.before == "" for change in added.changes)
    assert summary_counts(changes) == {ADDED: 1, REMOVED: 0, CHANGED: 0}


def test_a_removed_question_keeps_its_label_and_its_place():
    changes = diff(BASE, [NAME, DETAILS])
    (removed,) = changes
    assert (removed.status, removed.name, removed.label) == (REMOVED, "type_acte", "Type d'acte")
    facts = {change.what: change.before for change in removed.changes}
    assert facts["type de question"] == "Choix unique"
    assert facts["choix"] == "Copie intégrale, Extrait, Plurilingue"


def test_a_new_label_is_a_change_of_libelle():
    (changed,) = diff(BASE, [with_value(NAME, label="Nom de naissance"), ACT, DETAILS])
    assert changed.status == CHANGED
    assert changed.label == "Nom de naissance"
    (change,) = changed.changes
    assert (change.what, change.before, change.after) == ("libellé", "Nom", "Nom de naissance")


def test_a_new_kind_is_one_change_of_type_de_question():
    as_short = question("short_text", "Précisions", "precisions", required=False, max_length=500)
    (changed,) = diff(BASE, [NAME, ACT, as_short])
    # The widget and data type that come with the kind are not repeated as changes.
    assert [(c.what, c.before, c.after) for c in changed.changes] == [
        ("type de question", "Texte long", "Texte court")
    ]


def test_required_becomes_optional():
    (changed,) = diff(BASE, [with_value(NAME, required=False), ACT, DETAILS])
    (change,) = changed.changes
    assert (change.what, change.before, change.after) == ("obligatoire", "oui", "non")


def test_a_conditional_question_stays_required_through_its_rule():
    shown = when("type_acte", "equals", "extrait")
    conditional = with_value(DETAILS, required=True, visible_when=shown)
    changes = diff([NAME, ACT, with_value(DETAILS, visible_when=shown)], [NAME, ACT, conditional])
    (change,) = only(changes, "precisions").changes
    assert (change.what, change.before, change.after) == ("obligatoire", "non", "oui")


def test_choices_added_removed_relabelled_and_reordered():
    new_act = with_value(
        ACT,
        options=options(
            ("extrait", "Extrait avec filiation"),
            ("copie", "Copie intégrale"),
            ("ml", "Multilingue"),
        ),
    )
    changed = only(diff(BASE, [NAME, new_act, DETAILS]), "type_acte")
    assert [(c.what, c.note, c.before, c.after) for c in changed.changes] == [
        ("choix", "option retirée", "Plurilingue", ""),
        ("choix", "option renommée", "Extrait", "Extrait avec filiation"),
        ("choix", "option ajoutée", "", "Multilingue"),
        (
            "choix",
            "ordre des options",
            "Copie intégrale, Extrait",
            "Extrait avec filiation, Copie intégrale",
        ),
    ]


def test_a_new_display_condition_is_written_as_a_french_sentence():
    shown = when("type_acte", "equals", "copie")
    changed = only(diff(BASE, [NAME, ACT, with_value(DETAILS, visible_when=shown)]), "precisions")
    (change,) = changed.changes
    assert change.what == "condition d'affichage"
    assert change.before == "toujours affichée"
    assert change.after == "Type d'acte est égale à « Copie intégrale »"


def test_a_changed_display_condition_shows_both_sentences():
    before = with_value(DETAILS, visible_when=when("type_acte", "equals", "copie"))
    after = with_value(DETAILS, visible_when=when("type_acte", "not_equals", "pluri"))
    (change,) = only(diff([NAME, ACT, before], [NAME, ACT, after]), "precisions").changes
    assert change.before == "Type d'acte est égale à « Copie intégrale »"
    assert change.after == "Type d'acte est différente de « Plurilingue »"


def test_help_text_changes_are_aide():
    (changed,) = diff(BASE, [with_value(NAME, help_text="Tel qu'à l'état civil"), ACT, DETAILS])
    (change,) = changed.changes
    assert (change.what, change.before, change.after) == ("aide", "", "Tel qu'à l'état civil")


def test_a_moved_question_is_ordre_but_the_others_do_not_move():
    changes = diff(BASE, [ACT, DETAILS, NAME])
    (changed,) = changes
    assert changed.name == "nom"
    (change,) = changed.changes
    assert (change.what, change.note) == ("ordre", "déplacée")
    assert (change.before, change.after) == ("question 1 sur 3", "question 3 sur 3")


def test_a_question_added_at_the_top_moves_nobody():
    email = question("email", "Courriel", "courriel")
    assert [change.status for change in diff(BASE, [email, *BASE])] == [ADDED]


def test_other_settings_are_named_as_in_the_editor():
    changes = diff(
        BASE, [with_value(NAME, max_length=120), with_value(ACT, widget="select"), DETAILS]
    )
    assert [(c.what, c.before, c.after) for c in only(changes, "nom").changes] == [
        ("longueur maximale", "80", "120")
    ]
    assert [(c.what, c.before, c.after) for c in only(changes, "type_acte").changes] == [
        ("présentation", "Boutons radio", "Liste déroulante")
    ]


def test_questions_come_in_the_new_order_with_removed_ones_where_they_stood():
    email = question("email", "Courriel", "courriel")
    changes = diff(BASE, [with_value(NAME, label="Nom d'usage"), email, DETAILS])
    assert [(change.status, change.name) for change in changes] == [
        (CHANGED, "nom"),
        (REMOVED, "type_acte"),
        (ADDED, "courriel"),
    ]
    assert changes == diff(BASE, [with_value(NAME, label="Nom d'usage"), email, DETAILS])


def step(title, visible_when=None):
    return ("step", {"title": title, "visible_when": visible_when})


def eligibility(condition, message):
    return ("eligibility", {"when": condition, "message": message})


def test_form_level_changes_come_first_title_steps_and_eligibility():
    resident = question(
        "choice",
        "Habitez-vous la commune ?",
        "habitant",
        options=options(("oui", "Oui"), ("non", "Non")),
    )
    old = [step("Vous"), resident, NAME, step("Votre demande"), ACT]
    refused = eligibility(
        when("habitant", "equals", "non"), "Démarche réservée aux habitants de la commune."
    )
    new = [step("Vous"), resident, refused, NAME, step("L'acte demandé"), ACT]
    changes = diff(old, new, new_title="Acte de naissance")
    assert [(change.status, change.label) for change in changes] == [
        (FORM, "Titre du formulaire"),
        (FORM, "Étapes"),
        (FORM, "Conditions d'éligibilité"),
    ]
    title, steps, rules = changes
    assert (title.changes[0].before, title.changes[0].after) == ("Acte", "Acte de naissance")
    (renamed,) = steps.changes
    assert (renamed.what, renamed.before, renamed.after) == (
        "titre d'étape",
        "Votre demande",
        "L'acte demandé",
    )
    (rule,) = rules.changes
    assert (rule.what, rule.note, rule.before) == ("règle d'éligibilité", "règle ajoutée", "")
    assert rule.after == (
        "Arrêter la démarche si Habitez-vous la commune ? est égale à « Non » : "
        "« Démarche réservée aux habitants de la commune. »"
    )


def test_a_reworded_eligibility_message_is_one_change():
    resident = question(
        "choice", "Habitant", "habitant", options=options(("oui", "Oui"), ("non", "Non"))
    )
    rule = when("habitant", "equals", "non")
    changes = diff(
        [resident, eligibility(rule, "Réservé aux habitants.")],
        [resident, eligibility(rule, "Cette démarche est réservée aux habitants.")],
    )
    (change,) = only(changes, "").changes
    assert change.note == "message modifié"


def test_added_and_removed_steps():
    changes = diff([step("Vous"), NAME], [step("Vous"), NAME, step("Pièces"), ACT])
    (steps,) = [change for change in changes if change.status == FORM]
    assert [(c.before, c.after, c.note) for c in steps.changes] == [("", "Pièces", "étape ajoutée")]


SCHEMA = {
    "properties": {
        "type_acte": {
            "title": "Type d'acte",
            "type": "string",
            "oneOf": [
                {"const": "copie", "title": "Copie intégrale"},
                {"const": "extrait", "title": "Extrait"},
            ],
        },
        "pieces": {
            "title": "Pièces",
            "type": "array",
            "items": {"type": "string", "oneOf": [{"const": "id", "title": "Pièce d'identité"}]},
        },
        "age": {"title": "Âge", "type": "integer"},
        "email": {"title": "Courriel", "type": "string"},
        "accord": {"title": "J'accepte", "type": "boolean"},
    }
}


def test_describe_condition_uses_labels_and_option_titles():
    rule = {"field": "type_acte", "op": "equals", "value": "copie"}
    assert describe_condition(rule, SCHEMA) == "Type d'acte est égale à « Copie intégrale »"


def test_describe_condition_every_operator():
    cases = [
        ({"field": "age", "op": "greater_than", "value": 17}, "Âge est supérieure à 17"),
        ({"field": "age", "op": "less_than", "value": 2.5}, "Âge est inférieure à 2,5"),
        ({"field": "email", "op": "filled"}, "Courriel est remplie"),
        ({"field": "accord", "op": "checked"}, "J'accepte est cochée"),
        (
            {"field": "type_acte", "op": "one_of", "value": ["copie", "extrait"]},
            "Type d'acte fait partie de « Copie intégrale » ou « Extrait »",
        ),
        (
            {"field": "pieces", "op": "includes", "value": ["id"]},
            "Pièces contient « Pièce d'identité »",
        ),
        ({"field": "inconnu", "op": "equals", "value": "x"}, "inconnu est égale à « x »"),
    ]
    for condition, sentence in cases:
        assert describe_condition(condition, SCHEMA) == sentence


def test_describe_condition_combines_with_et_and_ou():
    condition = {
        "all": [
            {"field": "age", "op": "greater_than", "value": 17},
            {
                "any": [
                    {"field": "type_acte", "op": "equals", "value": "copie"},
                    {"field": "email", "op": "filled"},
                ]
            },
        ]
    }
    assert describe_condition(condition, SCHEMA) == (
        "Âge est supérieure à 17 et (Type d'acte est égale à « Copie intégrale » "
        "ou Courriel est remplie)"
    )


def test_section_titles_added_and_removed():
    section = ("section", {"title": "Votre identité", "visible_when": None})
    other = ("section", {"title": "Votre demande", "visible_when": None})
    (sections,) = diff([section, NAME, ACT], [NAME, other, ACT])
    assert sections.label == "Titres de section"
    assert [(c.before, c.after, c.note) for c in sections.changes] == [
        ("Votre identité", "", "section retirée"),
        ("", "Votre demande", "section ajoutée"),
    ]


def test_relative_date_bounds_are_read_in_words():
    birth = question("date", "Date de naissance", "naissance", min_date="", max_date="today")
    adult = with_value(birth, max_date="-18y")
    (changed,) = diff([birth], [adult])
    assert [(c.what, c.before, c.after) for c in changed.changes] == [
        ("date au plus tard", "aujourd'hui", "il y a 18 ans")
    ]
