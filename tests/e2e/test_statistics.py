"""The statistics in a real browser: the director general reads the back-office charts on a
desktop and a phone, filters them into an empty period, and a citizen opens the public
figures of the birth certificate procedure."""

import pytest
from playwright.sync_api import expect

from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from fixtures.demo_statistics import load_statistics_sample
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, username: str) -> None:
    page.goto("/bureau/connexion/?next=/bureau/statistiques/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_the_director_general_reads_the_statistics(new_page):
    load_demo_city()
    load_statistics_sample()
    page = new_page(DESKTOP)
    _sign_in(page, "dgs")
    expect(page.get_by_role("heading", name="Statistiques", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="Demandes reçues par mois et par canal")).to_be_visible()
    # The Vanves figure, in the table beside the chart.
    page.get_by_text("Les chiffres de ce graphique (tableau)").nth(1).click()
    expect(page.get_by_role("row", name="Demander un acte de naissance")).to_contain_text("%")
    assert_accessible(page)
    screenshot(page, "desktop-statistics-01-everything")

    # A period with nothing in it: said plainly, no chart drawn.
    page.get_by_label("Du").fill("2001-01-01")
    page.get_by_label("Au", exact=True).fill("2001-03-31")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_text("Aucune donnée pour cette période").first).to_be_visible()
    expect(page.get_by_label("Du")).to_have_value("2001-01-01")
    assert_accessible(page)

    phone = new_page(PHONE)
    _sign_in(phone, "dgs")
    expect(phone.get_by_role("img", name="Délai de traitement par démarche")).to_be_visible()
    assert_accessible(phone)
    screenshot(phone, "phone-statistics-01-everything")


def test_a_citizen_reads_a_procedure_s_public_figures(new_page):
    load_demo_city()
    load_statistics_sample()
    page = new_page(PHONE)
    page.goto("/demarches/acte-de-naissance/")
    page.get_by_role("link", name="Voir les statistiques de cette démarche").click()
    expect(page.get_by_role("img", name="Demandes reçues par mois")).to_be_visible()
    expect(page.get_by_text("Délai médian de traitement", exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "phone-statistics-02-public")
    desktop = new_page(DESKTOP)
    desktop.goto(page.url)
    assert_accessible(desktop)
    screenshot(desktop, "desktop-statistics-02-public")
