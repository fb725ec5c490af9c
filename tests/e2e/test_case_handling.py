"""Who handles a report, in a real browser: the roads agent takes it, sees it belongs to
the police and transfers it; the police sees it is the power company's business and sends
it on, telling the citizen, who reads it on the tracking page."""

import pytest
from playwright.sync_api import expect

from casework.models import Case, Department
from casework.services.cases import case_submit
from cms.models import ProcedurePage
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.e2e.conftest import DESKTOP, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSFER_REASON = "Le lampadaire a été renversé par un véhicule : constat de police."
CITIZEN_MESSAGE = "Ce lampadaire appartient au réseau d'Enedis, qui interviendra : 09 72 67 50 91."


def _report() -> Case:
    page = ProcedurePage.objects.get(slug="signalement")
    return case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers={
            "nature": "signaler",
            "categorie": "lampadaire",
            "description": "Lampadaire couché sur le trottoir.",
            "emplacement": {"lat": 48.8200, "lon": 2.3350},
            "email": "voisin@exemple.fr",
        },
        citizen_email="voisin@exemple.fr",
    ).case


def _log_in(new_page, username: str):
    page = new_page(DESKTOP)
    page.goto("/bureau/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name=f"Se déconnecter ({username})")).to_be_visible()
    return page


def _in_charge(page):
    return page.locator("dt:text-is('Agent chargé') + dd")


def test_a_report_is_taken_transferred_and_sent_outside_the_town(new_page):
    load_demo_city()
    case = _report()
    reference = case.reference

    # 1. The roads agent takes the report for herself.
    roads = _log_in(new_page, "nadia.voirie")
    roads.goto(f"/bureau/dossiers/{reference}/")
    expect(_in_charge(roads)).to_have_text("Personne (tout le service)")
    roads.get_by_label("Agent chargé du dossier").select_option(label="Nadia Petit")
    roads.get_by_role("button", name="Enregistrer l'attribution").click()
    expect(
        roads.get_by_role("status").filter(has_text="L'attribution du dossier a été enregistrée.")
    ).to_be_visible()
    expect(_in_charge(roads)).to_have_text("Nadia Petit")
    assert_accessible(roads)
    screenshot(roads, "desktop-case-handling-01-taken")

    # 2. It is a police matter: a transfer without a reason is refused at the field first.
    roads.get_by_text("Transférer à un autre service").click()
    roads.get_by_label("Nouveau service").select_option(label="Police municipale")
    roads.get_by_role("button", name="Transférer le dossier").click()
    expect(roads.locator("#transfert_reason_erreur")).to_have_text(
        "Indiquez pourquoi le dossier change de service."
    )
    police_pk = Department.objects.get(slug="police-municipale").pk
    expect(roads.get_by_label("Nouveau service")).to_have_value(str(police_pk))
    assert_accessible(roads)
    screenshot(roads, "desktop-case-handling-02-transfer-refused")
    roads.get_by_label("Motif du transfert").fill(TRANSFER_REASON)
    roads.get_by_role("button", name="Transférer le dossier").click()
    expect(
        roads.get_by_role("status").filter(has_text="Le dossier a été transféré.")
    ).to_be_visible()
    expect(roads.get_by_role("link", name=reference, exact=True)).to_have_count(0)
    assert roads.goto(f"/bureau/dossiers/{reference}/").status == 404

    # 3. The police reads why, and sends it to the power company, telling the citizen.
    police = _log_in(new_page, "julie.police")
    police.goto(f"/bureau/dossiers/{reference}/")
    expect(police.locator("dt:text-is('Service instructeur') + dd")).to_have_text(
        "Police municipale"
    )
    expect(_in_charge(police)).to_have_text("Personne (tout le service)")
    police.get_by_text("Transmettre à un organisme extérieur").click()
    police.get_by_label("Organisme compétent").fill("Enedis")
    police.get_by_label("Motif (pour l'historique)").fill("Réseau d'éclairage concédé.")
    police.get_by_label("Message à l'usager sur la transmission").fill(CITIZEN_MESSAGE)
    police.get_by_role("button", name="Transmettre et prévenir l'usager").click()
    expect(
        police.get_by_role("status").filter(
            has_text="Le dossier a été transmis et l'usager prévenu."
        )
    ).to_be_visible()
    expect(police.locator("main .g-status").first).to_have_text("Hors compétence")
    expect(police.locator("dt:text-is('Transmis à') + dd")).to_have_text("Enedis")
    expect(police.get_by_role("button", name="Transférer le dossier")).to_have_count(0)
    assert_accessible(police)
    screenshot(police, "desktop-case-handling-03-sent-outside")

    # The history tells the whole route.
    police.get_by_role("link", name="Voir l'historique du dossier").click()
    expect(police.get_by_text(TRANSFER_REASON, exact=False)).to_be_visible()
    expect(
        police.get_by_text("Transmis à Enedis : Réseau d'éclairage concédé.").first
    ).to_be_visible()

    # 4. The citizen reads where the report went, with no account.
    citizen = new_page(DESKTOP)
    citizen.goto(f"/suivi/{case.tracking_code}/")
    expect(
        citizen.get_by_text("transmis à l'organisme compétent", exact=False).first
    ).to_be_visible()
    expect(citizen.get_by_text(CITIZEN_MESSAGE)).to_be_visible()
    expect(citizen.locator("dt:text-is('Transmise à') + dd")).to_have_text("Enedis")
    # Both reasons are for the departments' history, not for the citizen.
    expect(citizen.get_by_text(TRANSFER_REASON)).to_have_count(0)
    expect(citizen.get_by_text("Réseau d'éclairage concédé", exact=False)).to_have_count(0)
    assert_accessible(citizen)
    screenshot(citizen, "desktop-case-handling-04-tracking")
    case.refresh_from_db()
    assert (case.department.slug, case.status, case.transferred_to) == (
        "police-municipale",
        "not_competent",
        "Enedis",
    )
