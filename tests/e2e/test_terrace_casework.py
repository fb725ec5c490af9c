"""The Aix-en-Provence terrace story from the back office, in a real browser at desktop
width: the roads agent asks finances and police for their opinion, finances blocks the case
then changes its mind, police agrees, the elected official grants it, and the café reads
the decision and downloads its letter with the tracking code alone."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from casework.models import Case
from casework.services.cases import case_submit
from cms.models import ProcedurePage
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.casework.conftest import TERRACE_ANSWERS
from tests.e2e.conftest import DESKTOP, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# With the establishment's address, the police's application gets a button too.
ANSWERS = {
    **TERRACE_ANSWERS,
    "adresse_etablissement": {
        "numero": "2",
        "voie": "place de la République",
        "code_postal": "99000",
    },
}
BLOCKING_REASON = "Deux redevances d'occupation impayées en 2025."
DECISION_REASON = "Terrasse ouverte jusqu'à 22 h, mobilier rangé chaque soir."


def _terrace_case() -> Case:
    page = ProcedurePage.objects.get(slug="terrasse")
    return case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers=dict(ANSWERS),
        citizen_email="cafe@exemple.fr",
    ).case


def _log_in_and_open(new_page, username: str, reference: str, tab: str = ""):
    """Each person in their own browser context, through the login page and the queue (on
    the work tab `tab`, else the one they land on), as they would on the day."""
    page = new_page(DESKTOP)
    page.goto("/bureau/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name=f"Se déconnecter ({username})")).to_be_visible()
    if tab:
        page.get_by_role("navigation", name="Files de travail").get_by_role(
            "link", name=tab
        ).click()
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {reference}")
    return page


def _opinion_form(page, department: str, *, revising: bool = False):
    verb = "Réviser" if revising else "Donner"
    heading = page.get_by_role("heading", name=f"{verb} l'avis du service {department}")
    return page.locator("form", has=heading)


def _give_opinion(page, department: str, label: str, comment: str = "", *, revising=False):
    form = _opinion_form(page, department, revising=revising)
    form.get_by_label(label, exact=True).check()
    form.get_by_label("Commentaire").fill(comment)
    form.get_by_role("button", name="Enregistrer l'avis").click()
    expect(
        page.get_by_role("status").filter(has_text="L'avis du service a été enregistré.")
    ).to_be_visible()


def _consultation_row(page, department: str):
    return (
        page.get_by_role("row")
        .filter(has=page.get_by_role("cell").filter(has_text=department))
        .first
    )


def _status(page):
    return page.locator("main .g-status").first


def test_the_terrace_case_goes_round_the_departments_to_the_elected_official(new_page):
    load_demo_city()
    case = _terrace_case()
    reference = case.reference
    assert case.status == "received"

    # 1. The roads agent sends the case to finances and police.
    agent = _log_in_and_open(new_page, "nadia.voirie", reference)
    expect(_status(agent)).to_have_text("Reçue")
    # No name given: the e-mail stands alone, without a dangling separator.
    expect(agent.locator("dt:text-is('Usager') + dd")).to_have_text("cafe@exemple.fr")
    expect(agent.get_by_text("Date limite de décision")).to_be_visible()
    assert_accessible(agent)
    departments = agent.get_by_role("group", name="Services à consulter")
    departments.get_by_label("Finances").check()
    departments.get_by_label("Police municipale").check()
    agent.get_by_role("button", name="Demander l'avis").click()
    expect(
        agent.get_by_role("status").filter(has_text="L'avis des services a été demandé.")
    ).to_be_visible()
    expect(_status(agent)).to_have_text("En consultation")
    table = agent.get_by_role("table", name="Services consultés, échéance et avis")
    expect(_consultation_row(agent, "Finances")).to_contain_text("En attente")
    expect(_consultation_row(agent, "Police municipale")).to_contain_text("En attente")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and the two departments
    # The agent is not the one who answers for finances or police.
    expect(agent.get_by_role("button", name="Enregistrer l'avis")).to_have_count(0)
    assert_accessible(agent)
    screenshot(agent, "desktop-terrace-casework-01-consultation-sent")
    assert Case.objects.get(pk=case.pk).status == "consultation"

    # 2. Finances opens the case, with its own application one click away, and blocks it.
    # A consulted department finds it under "Avis à donner", not among its own cases.
    finances = _log_in_and_open(new_page, "marc.finances", reference, tab="Avis à donner")
    expect(_status(finances)).to_have_text("En consultation")
    # Each button says whose application it opens, and that it opens a new window: read
    # out of the table, in a screen reader's list of links, they are not all alike.
    business_app = finances.get_by_role(
        "link", name="Ouvrir dans l'application du service Finances (nouvelle fenêtre)", exact=True
    )
    expect(business_app).to_have_attribute(
        "href", "https://finances.val-fleuri.example/tiers?siret=73282932000074"
    )
    expect(business_app).to_have_attribute("target", "_blank")
    police_app = finances.get_by_role(
        "link",
        name="Ouvrir dans l'application du service Police municipale (nouvelle fenêtre)",
        exact=True,
    )
    expect(police_app).to_have_attribute(
        "href",
        "https://police.val-fleuri.example/plaintes"
        "?adresse=2%20place%20de%20la%20R%C3%A9publique%2099000",
    )
    # Finances answers for finances only.
    expect(_opinion_form(finances, "Police municipale")).to_have_count(0)
    assert_accessible(finances)

    # An unfavourable opinion without a reason is refused, in French, at the field.
    form = _opinion_form(finances, "Finances")
    form.get_by_label("Défavorable", exact=True).check()
    form.get_by_role("button", name="Enregistrer l'avis").click()
    expect(finances.get_by_role("alert")).to_contain_text("L'avis n'a pas été enregistré")
    expect(finances.get_by_role("alert")).to_contain_text("Un avis défavorable dit pourquoi")
    assert Case.objects.get(pk=case.pk).status == "consultation"
    assert_accessible(finances)

    _give_opinion(finances, "Finances", "Défavorable", BLOCKING_REASON)
    expect(_status(finances)).to_have_text("Bloquée")
    finances_row = _consultation_row(finances, "Finances")
    expect(finances_row).to_contain_text("Défavorable")
    expect(finances_row).to_contain_text(BLOCKING_REASON)
    expect(finances_row).to_contain_text("par Marc Lefèvre")
    assert_accessible(finances)
    screenshot(finances, "desktop-terrace-casework-02-blocked")
    assert Case.objects.get(pk=case.pk).status == "blocked"

    # The handling agent sees why the case is stuck, and that police may still answer.
    agent.reload()
    expect(_status(agent)).to_have_text("Bloquée")
    # The reason stands next to the badge, not only halfway down in the opinions table.
    expect(agent.locator(".g-card--blocked")).to_contain_text(
        f"Avis défavorable du service Finances, le {date.today():%d/%m/%Y} : {BLOCKING_REASON}"
    )
    expect(_consultation_row(agent, "Finances")).to_contain_text(BLOCKING_REASON)
    assert_accessible(agent)

    # 3. Finances revises to favourable, police agrees: the case awaits the decision.
    _give_opinion(finances, "Finances", "Favorable", "Redevances réglées le 3 mars.", revising=True)
    expect(_status(finances)).to_have_text("En consultation")  # police has not answered
    expect(finances.locator(".g-card--blocked")).to_have_count(0)
    expect(_consultation_row(finances, "Finances")).not_to_contain_text(BLOCKING_REASON)
    assert_accessible(finances)

    police = _log_in_and_open(new_page, "julie.police", reference, tab="Avis à donner")
    # Every opinion is visible to every consulted department.
    expect(_consultation_row(police, "Finances")).to_contain_text("Redevances réglées le 3 mars.")
    _give_opinion(police, "Police municipale", "Favorable")
    expect(_status(police)).to_have_text("En attente de décision")
    # The case left consultation: no more opinion forms.
    expect(police.get_by_role("button", name="Enregistrer l'avis")).to_have_count(0)
    assert_accessible(police)
    screenshot(police, "desktop-terrace-casework-03-awaiting-decision")
    assert Case.objects.get(pk=case.pk).status == "awaiting_decision"

    # Only the elected official decides.
    agent.reload()
    expect(_status(agent)).to_have_text("En attente de décision")
    expect(agent.get_by_role("button", name="Enregistrer la décision")).to_have_count(0)

    # 4. The elected official grants the terrace, with the reason the café will read.
    elected = _log_in_and_open(new_page, "elise.maire", reference)
    expect(_status(elected)).to_have_text("En attente de décision")
    expect(_consultation_row(elected, "Police municipale")).to_contain_text("Favorable")
    assert_accessible(elected)
    decision = elected.locator(
        "form", has=elected.get_by_role("button", name="Enregistrer la décision")
    )
    decision.get_by_role("group", name="Décision").get_by_label("Accorder").check()
    decision.get_by_label("Motif").fill(DECISION_REASON)
    decision.get_by_role("button", name="Enregistrer la décision").click()
    expect(
        elected.get_by_role("status").filter(
            has_text="La décision a été enregistrée et envoyée à l'usager."
        )
    ).to_be_visible()
    expect(_status(elected)).to_have_text("Accordée")
    expect(elected.get_by_role("button", name="Enregistrer la décision")).to_have_count(0)
    expect(elected.get_by_role("status").filter(has_text="Décision favorable, le")).to_contain_text(
        DECISION_REASON
    )
    expect(elected.get_by_role("status").filter(has_text="Décision favorable, le")).to_contain_text(
        "par Élise Fontaine"
    )
    assert_accessible(elected)
    screenshot(elected, "desktop-terrace-casework-04-decided")
    case.refresh_from_db()
    assert (case.status, case.decision, case.decided_by.username) == (
        "granted",
        "granted",
        "elise.maire",
    )

    # 5. The café, with no account, reads the decision and downloads the letter.
    citizen = new_page(DESKTOP)
    citizen.goto(f"/suivi/{case.tracking_code}/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Votre demande {reference}")
    expect(citizen.locator("main .g-status").first).to_have_text("Accordée")
    expect(citizen.get_by_role("heading", name="Décision favorable, le")).to_be_visible()
    expect(citizen.get_by_text(DECISION_REASON)).to_be_visible()
    # Each department's opinion is internal: the café sees neither the block nor its reason.
    expect(citizen.get_by_text(BLOCKING_REASON)).to_have_count(0)
    letter = citizen.get_by_role("link", name="Télécharger la lettre de décision (PDF)")
    expect(letter).to_be_visible()
    assert_accessible(citizen)
    screenshot(citizen, "desktop-terrace-casework-05-tracking")
    response = citizen.request.get(urlsplit(letter.get_attribute("href")).path)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
