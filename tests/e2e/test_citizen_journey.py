"""Stories 2 and 4 of the foundation, in a real browser: submit on a phone, agent moves
the case, citizen follows it; then the auditor reads the history."""

import re

import pytest
from playwright.sync_api import expect

from casework.models import Case
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/bureau/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_submit_follow_and_audit_a_request(new_page, viewport):
    load_demo_city()
    size = "phone" if viewport is PHONE else "desktop"
    citizen = new_page(viewport)

    citizen.goto("/")
    assert_accessible(citizen)
    screenshot(citizen, f"{size}-01-home")
    citizen.get_by_role("link", name="Voir les démarches en ligne").click()
    citizen.get_by_role("link", name="Demander un acte de naissance").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Demander un acte de naissance")
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Commencer la démarche").click()
    expect(citizen.get_by_text("Étape 1 sur 2")).to_be_visible()
    assert_accessible(citizen)

    # A first try with mistakes: errors in French at each field, nothing typed is lost.
    citizen.get_by_label("Nom de naissance").fill("Lefèvre")
    citizen.get_by_label("Adresse e-mail").fill("jeanne@")
    citizen.get_by_role("button", name="Vérifier ma demande").click()
    summary = citizen.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Prénom(s) : Ce champ est obligatoire.")
    expect(citizen.locator("#id_email_erreur")).to_contain_text(
        "Saisissez une adresse e-mail valide"
    )
    expect(citizen.get_by_label("Nom de naissance")).to_have_value("Lefèvre")
    expect(citizen.get_by_label("Adresse e-mail")).to_have_value("jeanne@")
    assert_accessible(citizen)
    screenshot(citizen, f"{size}-02-form-errors")
    assert Case.objects.count() == 0

    citizen.get_by_label("Prénom(s)").fill("Jeanne")
    citizen.get_by_label("Adresse e-mail").fill("jeanne.lefevre@exemple.fr")
    citizen.get_by_label("Extrait avec filiation").check()
    citizen.get_by_role("button", name="Vérifier ma demande").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Vérifiez votre demande")
    expect(citizen.get_by_text("Extrait avec filiation")).to_be_visible()
    assert_accessible(citizen)
    screenshot(citizen, f"{size}-03a-summary")
    citizen.get_by_role("button", name="Envoyer ma demande").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Votre demande a bien été envoyée")
    reference = citizen.get_by_test_id("reference").inner_text()
    code = citizen.get_by_test_id("tracking-code").inner_text()
    assert re.fullmatch(r"DEM-\d{4}-\d{6}", reference)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert_accessible(citizen)
    screenshot(citizen, f"{size}-03-confirmation")

    # The agent of the handling department moves the case forward.
    agent = new_page(DESKTOP)
    _log_in(agent, "paul.etatcivil")
    agent.get_by_role("link", name=reference).click()
    expect(agent.get_by_text("Extrait avec filiation")).to_be_visible()
    agent.get_by_label("Nouveau statut").select_option(label="En cours d'instruction")
    agent.get_by_label("Motif", exact=True).fill("Acte trouvé dans les registres")
    agent.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(agent.get_by_role("status")).to_contain_text("Le statut du dossier a été mis à jour.")
    assert_accessible(agent)
    screenshot(agent, f"{size}-04-agent-case")

    # The citizen follows the case with the code alone.
    citizen.goto("/suivi/")
    citizen.get_by_label("Code de suivi").fill(code.lower().replace("-", " "))
    citizen.get_by_role("button", name="Suivre").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Votre demande {reference}")
    expect(citizen.locator(".g-status")).to_have_text("En cours d'instruction")
    expect(citizen.get_by_text("Acte trouvé dans les registres")).to_have_count(0)
    assert_accessible(citizen)
    screenshot(citizen, f"{size}-05-tracking")

    # A wrong code is a plain "not found".
    citizen.goto("/suivi/ZZZZ-ZZZZ-ZZZZ-ZZZZ/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Page introuvable")

    # The auditor reads who changed what, when and why.
    auditor = new_page(DESKTOP)
    _log_in(auditor, "alain.audit")
    auditor.get_by_role("link", name=reference).click()
    expect(auditor.get_by_role("heading", name="Changer le statut")).to_have_count(0)
    auditor.get_by_role("link", name="Voir l'historique du dossier").click()
    history = auditor.locator("table")
    expect(history).to_contain_text("Paul Bernard (paul.etatcivil)")
    expect(history).to_contain_text("Acte trouvé dans les registres")
    expect(history).to_contain_text("Reçu")
    expect(history).to_contain_text("En cours d'instruction")
    assert_accessible(auditor)
    screenshot(auditor, f"{size}-06-audit-history")
