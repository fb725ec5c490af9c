"""The auditor in a real browser: from the journal's timeline to a case's history, its
state at a date and the opinion that blocked it, on a phone and on a desktop."""

import pytest
from playwright.sync_api import expect

from casework.models import Case, Department, Opinion
from casework.services.cases import case_submit
from casework.services.consultations import consultation_request, opinion_give
from cms.models import ProcedurePage
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _blocked_terrace() -> Case:
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.all()}
    page = ProcedurePage.objects.get(slug="terrasse")
    case = case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers={
            "raison_sociale": "Café de la Place",
            "siret": "73282932000074",
            "email": "cafe@exemple.fr",
            "type_terrasse": "ouverte",
        },
        citizen_email="cafe@exemple.fr",
    ).case
    (police,) = consultation_request(
        case=case,
        departments=[Department.objects.get(slug="police-municipale")],
        actor=users["nadia.voirie"],
        expected_version=case.lock_version,
    )
    opinion_give(
        consultation=police,
        actor=users["julie.police"],
        opinion=Opinion.UNFAVOURABLE,
        comment="Trois plaintes pour bruit.",
    )
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_an_auditor_follows_a_case_from_the_journal(new_page, viewport, name):
    load_demo_city()
    case = _blocked_terrace()
    page = new_page(viewport)
    page.goto("/bureau/connexion/")
    page.get_by_label("Identifiant").fill("alain.audit")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Journal d'audit").click()
    expect(page.get_by_role("heading", name="Journal d'audit", level=1)).to_be_visible()
    page.get_by_label("Numéro de dossier").fill(case.reference)
    page.get_by_label("Du", exact=True).fill("2001-01-01")
    page.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("cell", name=case.reference).first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"{name}-audit-01-timeline")

    # A wrong date is refused at its field, and the page still answers.
    page.goto(page.url + "&au=45/13/2026")
    expect(page.locator("#au-erreur")).to_have_text("Saisissez une date, par exemple 31/12/2026.")
    assert_accessible(page)

    page.get_by_role("link", name=f"Dossier {case.reference}").first.click()
    expect(page.get_by_role("heading", name=f"Dossier {case.reference}")).to_be_visible()
    related = page.get_by_role("region", name="Événements liés")
    expect(related).to_contain_text("Avis défavorable de Police municipale")
    expect(related).to_contain_text("a bloqué le dossier")
    page.get_by_label("État au").fill("2099-01-01T12:00")
    page.get_by_role("button", name="Afficher l'état").click()
    expect(page.get_by_role("heading", name="État au 01/01/2099 12:00")).to_be_visible()
    expect(page.get_by_role("cell", name="Café de la Place")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"{name}-audit-02-case-history")

    related.get_by_role("link", name="Avis défavorable de Police municipale").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demande d'avis")
    expect(page.get_by_text("Trois plaintes pour bruit.").first).to_be_visible()
