"""The terrace permit on a phone: three steps, an eligibility stop, a question that appears
live, a file, the summary and the receipt — axe-core on every page."""

import pytest
from playwright.sync_api import expect

from casework.models import Case
from fixtures.demo_city import load_demo_city
from formbuilder.models import Draft
from tests.e2e.conftest import PHONE, assert_accessible, screenshot
from tests.formbuilder.test_files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _continue(page):
    page.get_by_role("button", name="Continuer").click()


def test_a_cafe_asks_for_a_terrace_from_a_phone(new_page, tmp_path):
    load_demo_city()
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF_BYTES)
    page = new_page(PHONE)

    page.goto("/demarches/?q=terrasse")
    page.get_by_role("link", name="Demander une autorisation de terrasse").click()
    expect(page.get_by_role("heading", name="Qui peut la faire")).to_be_visible()
    page.get_by_role("button", name="Commencer la démarche").click()
    expect(page.get_by_text("Étape 1 sur 4")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre établissement")

    page.get_by_label("Raison sociale").fill("Café de la Place")
    # Typing is saved to the draft in the background, before any button is pressed.
    expect(page.locator("#etat-brouillon")).to_contain_text("Brouillon enregistré automatiquement")
    saved = Draft.objects.get().wizard_data["step_data"]["etape-1"]
    assert saved["raison_sociale"] == ["Café de la Place"]
    page.get_by_label("SIRET").fill("732 829 320 00074")
    page.get_by_label("Voie (rue, avenue, lieu-dit…)").fill("place de la République")
    page.get_by_label("Code postal").fill("99000")
    page.get_by_label("Ville").fill("Val-Fleuri")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Adresse e-mail").fill("cafe@exemple.fr")
    page.get_by_role("group", name="L'établissement est-il situé à Val-Fleuri ?").get_by_label(
        "Non"
    ).check()
    _continue(page)
    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("réservée aux établissements situés à Val-Fleuri")
    expect(page.get_by_label("Raison sociale")).to_have_value("Café de la Place")
    assert_accessible(page)
    screenshot(page, "phone-terrace-01-not-eligible")

    page.get_by_role("group", name="L'établissement est-il situé à Val-Fleuri ?").get_by_label(
        "Oui"
    ).check()
    _continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre terrasse")

    power = page.get_by_label("Puissance du chauffage en kW")
    expect(power).to_be_hidden()  # shown only with a heater, live, before any reload
    heating = page.get_by_role("group", name="Chauffage extérieur")
    heating.get_by_label("Oui").check()
    expect(power).to_be_visible()
    power.fill("3,5")
    heating.get_by_label("Non").check()
    expect(power).to_be_hidden()
    heating.get_by_label("Oui").check()
    page.get_by_label("Couverte").check()
    page.get_by_label("Surface en m²").fill("12,5")
    page.get_by_label("Date de début").fill("2099-04-01")
    page.get_by_label("Date de fin").fill("2099-10-31")
    page.get_by_label("Latitude", exact=True).fill("46,5")
    page.get_by_label("Longitude", exact=True).fill("2,5")
    assert_accessible(page)
    screenshot(page, "phone-terrace-02-live-condition")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Pièces justificatives")
    page.get_by_label("Plan de la terrasse").set_input_files(str(plan))
    page.get_by_role("button", name="Vérifier ma demande").click()
    expect(page.locator("#resume-erreurs")).to_contain_text("Cochez cette case pour continuer.")
    expect(page.get_by_text("plan.pdf")).to_be_visible()  # kept: not to be sent again
    page.get_by_label("Je certifie l'exactitude des informations fournies.").check()
    page.get_by_role("button", name="Vérifier ma demande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre demande")
    expect(page.get_by_text("12,5")).to_be_visible()
    expect(page.get_by_text("3,5")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "phone-terrace-03-summary")
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande a bien été envoyée")
    case = Case.objects.get()
    assert case.reference.startswith("TER-")
    assert case.answers["puissance_chauffage_kw"] == 3.5
    assert case.answers["siret"] == "73282932000074"
    assert case.answers["plan_terrasse"][0]["name"] == "plan.pdf"
    assert case.department.slug == "espace-public"
    assert_accessible(page)
    screenshot(page, "phone-terrace-04-confirmation")
