"""The back-office queue in a real browser: an agent moves between work tabs, filters,
saves the view, gives two cases to a colleague at once and exports the list."""

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.services.cases import case_submit
from cms.models import ProcedurePage
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.e2e.conftest import DESKTOP, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reports(count: int) -> list[Case]:
    page = ProcedurePage.objects.get(slug="signalement")
    return [
        case_submit(
            procedure=page,
            form_version=page.form.current_version,
            answers={
                "nature": "signaler",
                "categorie": "nid-de-poule",
                "description": f"Trou numéro {number}.",
                "emplacement": {"lat": 48.8200, "lon": 2.3350},
                "email": f"voisin{number}@exemple.fr",
            },
            citizen_email=f"voisin{number}@exemple.fr",
            citizen_name=f"Voisin {number}",
        ).case
        for number in range(3)
    ]


def test_an_agent_works_through_the_queue(new_page):
    load_demo_city()
    cases = _reports(3)
    page = new_page(DESKTOP)
    page.goto("/bureau/connexion/")
    page.get_by_label("Identifiant").fill("nadia.voirie")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    tabs = page.get_by_role("navigation", name="Files de travail")
    expect(tabs.get_by_role("link", name="À traiter")).to_have_attribute("aria-current", "page")
    for case in cases:
        expect(page.get_by_role("link", name=case.reference, exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "desktop-queue-01-to-handle")

    # Search a citizen's name: one case left.
    page.get_by_label("Rechercher").fill("Voisin 1")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("link", name=cases[1].reference, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=cases[0].reference, exact=True)).to_have_count(0)

    # A wrong date is refused at its field; the search typed stays.
    # (typed in the address: a date box in the browser would not let it through)
    page.goto(page.url + "&submitted_from=45/13/2026")
    expect(page.locator("#submitted_from-erreur")).to_have_text(
        "Saisissez une date, par exemple 31/12/2026."
    )
    expect(page.get_by_label("Rechercher")).to_have_value("Voisin 1")
    assert_accessible(page)
    screenshot(page, "desktop-queue-02-bad-date")

    # Back to the whole tab; give two cases to Nadia herself at once.
    page.get_by_role("link", name="Effacer les filtres").click()
    page.get_by_label(f"Sélectionner le dossier {cases[0].reference}").check()
    page.get_by_label(f"Sélectionner le dossier {cases[2].reference}").check()
    page.locator("#actions-groupees").get_by_label("Attribuer à…").select_option(
        label="Nadia Petit"
    )
    page.get_by_role("button", name="Attribuer", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("2")
    tabs.get_by_role("link", name="Mes dossiers").click()
    expect(tabs.get_by_role("link", name="Mes dossiers")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name=cases[0].reference, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=cases[1].reference, exact=True)).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "desktop-queue-03-mine")
    assert {c.assignee.username for c in Case.objects.filter(assignee__isnull=False)} == {
        "nadia.voirie"
    }
