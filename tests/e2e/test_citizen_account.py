"""Story 3 in a real browser, on a phone: create an account, activate it from the e-mail,
sign in, fill the profile once, find the dashboard and add a case sent without an account."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from casework.services.cases import case_submit
from cms.models import ProcedurePage
from fixtures.demo_city import load_demo_city
from tests.conftest import VALID_ANSWERS
from tests.e2e.conftest import PHONE, assert_accessible, screenshot
from tests.formbuilder.test_files import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "jeanne.lefevre@exemple.fr"
PASSWORD = "Velo-Rouge-Sur-Le-Pont-42"


def test_register_verify_sign_in_fill_the_profile_and_use_the_dashboard(new_page, tmp_path):
    load_demo_city()
    cache.clear()  # rate limits from other tests
    procedure = ProcedurePage.objects.get(slug="acte-de-naissance")
    earlier = case_submit(
        procedure=procedure,
        form_version=procedure.form.current_version,
        answers=dict(VALID_ANSWERS),
        citizen_email=EMAIL,
    )
    page = new_page(PHONE)

    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter à mon compte")
    assert_accessible(page)
    screenshot(page, "phone-account-01-login")
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")

    # A first try with mistakes: French messages at each field, focus on the summary.
    page.get_by_label("Adresse e-mail").fill("Jeanne.Lefevre@Exemple.fr")
    page.get_by_label("Prénom").fill("Jeanne")
    page.get_by_label(re.compile("^Nom")).fill("Lefèvre")
    page.get_by_label(re.compile("^Mot de passe")).fill("court")
    page.get_by_label("Confirmation du mot de passe").fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    expect(page.locator("#id_password1_erreur")).to_contain_text("trop court")
    expect(page.get_by_label("Adresse e-mail")).to_have_value("Jeanne.Lefevre@Exemple.fr")
    assert_accessible(page)
    screenshot(page, "phone-account-02-register-errors")

    page.get_by_label(re.compile("^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    assert_accessible(page)
    screenshot(page, "phone-account-03-check-mail")

    [message] = [sent for sent in mail.outbox if sent.subject == "Activez votre compte"]
    assert message.to == [EMAIL]
    link = re.search(r"https?://\S+(/compte/activation/\S+/)", message.body).group(1)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("Votre adresse e-mail est vérifiée")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("navigation").get_by_role("link", name="Mon compte")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "phone-account-04-dashboard-new")

    page.get_by_role("link", name="Compléter mon profil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    page.get_by_label("Téléphone").fill("0612345678")
    page.get_by_label("Numéro").fill("12")
    page.get_by_label("Voie").fill("rue des Tilleuls")
    page.get_by_label("Code postal").fill("12345")
    page.get_by_label("Ville").fill("Val-Fleuri")
    assert_accessible(page)
    screenshot(page, "phone-account-05-profile")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré.")
    expect(page.get_by_role("link", name="Compléter mon profil")).to_have_count(0)

    # The request sent before the account existed joins it with its reference and code.
    reference = earlier.case.reference
    page.get_by_label("Numéro de dossier").fill(reference)
    page.get_by_label("Code de suivi").fill("0000-0000-0000-0000")
    page.get_by_role("button", name="Ajouter à mon espace").click()
    expect(page.locator("#id_tracking_code_erreur")).to_contain_text(
        "ne correspondent à aucune demande"
    )
    assert_accessible(page)
    page.get_by_label("Code de suivi").fill(earlier.tracking_code)
    page.get_by_role("button", name="Ajouter à mon espace").click()
    expect(page.get_by_role("status")).to_contain_text(f"La demande {reference} est ajoutée")
    in_progress = page.get_by_test_id("in-progress")
    expect(in_progress).to_contain_text(reference)
    expect(in_progress).to_contain_text("Votre demande a bien été reçue.")
    expect(page.get_by_test_id("notifications")).to_contain_text(
        f"Accusé de réception de votre demande {reference}"
    )
    assert_accessible(page)
    screenshot(page, "phone-account-06-dashboard")

    page.get_by_role("link", name=f"Suivre la demande {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Votre demande {reference}")

    # The document wallet: kept once, ticked in the next procedure that asks for it.
    page.goto("/compte/")
    page.get_by_role("link", name="Mes documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon porte-documents")
    page.get_by_label("Intitulé du document").fill("Plan du local")
    page.get_by_role("button", name="Ajouter au porte-documents").click()
    expect(page.locator("#id_file_erreur")).to_contain_text("Choisissez le fichier à ajouter.")
    expect(page.get_by_label("Intitulé du document")).to_have_value("Plan du local")
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF_BYTES)
    page.get_by_label("Fichier").set_input_files(str(plan))
    page.get_by_role("button", name="Ajouter au porte-documents").click()
    expect(page.get_by_role("status")).to_contain_text("« Plan du local » est dans votre")
    assert_accessible(page)
    screenshot(page, "phone-account-07-wallet")
    page.goto("/demarches/terrasse/")
    page.get_by_role("button", name="Commencer la démarche").click()
    # Keeping the draft (nothing is kept before) lets the page asking for the plan open.
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    page.goto("/demarches/terrasse/formulaire/etape-3/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pièces justificatives")
    expect(page.get_by_role("checkbox", name=re.compile("^Plan du local"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "phone-account-08-wallet-offered")

    page.goto("/compte/")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Se connecter")).to_be_visible()
