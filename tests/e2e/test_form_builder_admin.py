"""Story 1, the communications officer's side, in a real browser: build a form from blocks
in the Wagtail editor (with a condition on an earlier answer), publish it, see its frozen
version, change it, publish again and read what changed, in French."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from formbuilder.models import FormDefinition
from tests.e2e.conftest import DESKTOP, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FORM_NAME = "Inscription à la cantine"
# Wagtail's editor scrolls inside the page, so a full-page screenshot shows only the window:
# a tall window at desktop width shows every block.
TALL_DESKTOP = {"width": DESKTOP["width"], "height": 3400}

# Wagtail's editor takes its baseline two seconds after it opens, then autosaves about a
# second after each edit. An edit made before the baseline is never autosaved, and publishing
# while an autosave is on its way races it (on a new form, into a second creation with the
# same name): a person is slower than that, so the test waits for both, as they would.
# This script records the baseline, the autosaves started and finished, and the last edit.
AUTOSAVE_PROBE = """
window.__editor = {watching: false, started: 0, finished: 0, lastStart: 0, lastEdit: 0};
document.addEventListener("w-unsaved:watch-edits", () => { window.__editor.watching = true; });
document.addEventListener("w-autosave:save", (event) => {
    if (event.target.tagName !== "FORM") return;
    window.__editor.started += 1;
    window.__editor.lastStart = performance.now();
});
for (const outcome of ["w-autosave:success", "w-autosave:error"]) {
    document.addEventListener(outcome, (event) => {
        if (event.target.tagName === "FORM") window.__editor.finished += 1;
    });
}
document.addEventListener("input", () => { window.__editor.lastEdit = performance.now(); }, true);
"""
EDITOR_WATCHING = """() => window.__editor.watching
    || document.querySelector("form[data-w-unsaved-force-value='true']") !== null"""
AUTOSAVE_SETTLED = """() => {
    const s = window.__editor;
    return s.lastStart > s.lastEdit && s.started === s.finished;
}"""


def _autosaving() -> bool:
    return getattr(settings, "WAGTAIL_AUTOSAVE_INTERVAL", 500) > 0


def _wait_for_editor(page) -> None:
    page.wait_for_function(EDITOR_WATCHING, timeout=10_000)


def _wait_for_autosave(page) -> None:
    if _autosaving():
        # An upper bound, not a speed check: on a loaded CI machine an autosave has taken
        # longer than ten seconds to come back.
        page.wait_for_function(AUTOSAVE_SETTLED, timeout=30_000)


def _log_in(page, username: str) -> None:
    page.goto("/admin/")
    page.get_by_role("textbox", name=re.compile(r"^Nom d.utilisateur")).fill(username)
    # Wagtail 8 leaves this one label untranslated ("Password") in French.
    page.get_by_role("textbox", name=re.compile(r"^(Mot de passe|Password)")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _insert_block(page, kind: str):
    """Insert a block at the end of the questions through the "+" menu; return its panel."""
    questions = page.locator("#panel-fields-section")
    questions.get_by_role("button", name="Insérer un bloc").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    return questions.get_by_role("region", name=kind).last


def _publish(page) -> None:
    _wait_for_autosave(page)
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Formulaire « {FORM_NAME} » modifié(e) et publié(e)."
    )


def test_a_communications_officer_builds_versions_and_compares_a_form(new_page):
    load_demo_city()
    page = new_page(TALL_DESKTOP)
    page.context.add_init_script(script=AUTOSAVE_PROBE)
    _log_in(page, "claire.com")

    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Formulaires"
    ).click()
    page.get_by_role("link", name=re.compile(r"^Ajouter")).click()
    _wait_for_editor(page)
    page.get_by_role("textbox", name="Nom").fill(FORM_NAME)

    name = _insert_block(page, "Texte court")
    name.get_by_role("textbox", name="Libellé").fill("Nom de l'enfant")
    allergy = _insert_block(page, "Oui / non")
    allergy.get_by_role("textbox", name="Libellé").fill(
        "Votre enfant a-t-il une allergie alimentaire ?"
    )
    allergy.get_by_role("textbox", name="Nom technique").fill("allergie")
    details = _insert_block(page, "Texte long")
    details.get_by_role("textbox", name="Libellé").fill("Précisez l'allergie")
    condition = details.get_by_role("region", name=re.compile(r"^Afficher seulement si"))
    condition.get_by_role("button", name="Afficher/masquer la section").click()
    condition.get_by_role("button", name="Ajouter").click()
    condition.get_by_role("textbox", name="Réponse à la question").fill("allergie")
    condition.get_by_role("combobox", name="Condition").select_option(label="est cochée (oui)")
    _wait_for_autosave(page)
    page.locator("main").evaluate("main => main.scrollTo(0, 0)")
    screenshot(page, "desktop-admin-01-form-editor")
    _publish(page)
    page.set_viewport_size(DESKTOP)

    definition = FormDefinition.objects.get(name=FORM_NAME)
    first = definition.current_version
    assert first.number == 1 and first.published_by.username == "claire.com"
    assert first.ui_schema["order"] == ["nom_de_l_enfant", "allergie", "precisez_l_allergie"]
    assert first.ui_schema["fields"]["precisez_l_allergie"]["visible_when"] == {
        "field": "allergie",
        "op": "checked",
    }
    assert first.schema["properties"]["allergie"]["type"] == "boolean"

    # From the form's editor, the header's actions lead to its published versions.
    page.get_by_role("link", name=FORM_NAME, exact=True).click()
    page.get_by_role("navigation", name="Actions", exact=True).get_by_role(
        "button", name="Actions"
    ).click()
    page.get_by_role("link", name="Versions publiées").click()
    expect(page).to_have_url(re.compile(rf"/admin/formulaires/versions/{definition.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versions publiées")
    versions = page.get_by_role("table", name=re.compile(r"^Versions publiées du formulaire"))
    expect(versions.get_by_role("rowheader")).to_have_text(["Version 1 en ligne"])
    expect(versions).to_contain_text("Claire Martin")
    assert_accessible(page)
    screenshot(page, "desktop-admin-02-versions")

    # Rename a question and publish again: same machine name, a second version.
    page.get_by_role("link", name="Modifier le formulaire").click()
    _wait_for_editor(page)
    name = page.locator("#panel-fields-section").get_by_role("region", name="Texte court")
    name.get_by_role("textbox", name="Libellé").fill("Nom et prénom de l'enfant")
    _publish(page)
    second = definition.current_version
    assert second.number == 2
    assert second.schema["properties"]["nom_de_l_enfant"]["title"] == "Nom et prénom de l'enfant"

    page.goto(f"/admin/formulaires/versions/{definition.pk}/")
    expect(versions.get_by_role("rowheader")).to_have_text(["Version 2 en ligne", "Version 1"])
    page.get_by_role("link", name="Changements depuis la version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Changements de la version 1 à la version 2"
    )
    expect(page.get_by_role("list").filter(has_text="question modifiée")).to_have_text(
        "1 question modifiée"
    )
    question = page.get_by_role("region", name=re.compile(r"^Nom et prénom de l'enfant"))
    expect(question).to_contain_text("Question modifiée")
    expect(question).to_contain_text("nom_de_l_enfant")
    label = question.get_by_role("row", name=re.compile(r"^Libellé"))
    expect(label.locator("del")).to_have_text("Nom de l'enfant")
    expect(label.locator("ins")).to_have_text("Nom et prénom de l'enfant")
    assert_accessible(page)
    screenshot(page, "desktop-admin-03-diff")
