"""Incident reports: categories from the CMS, routing by category, nearby duplicates,
following someone else's report instead of filing the same one."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from casework.models import Case, CaseFollower, IncidentCategory
from casework.nearby import distance_m
from casework.services.cases import case_submit, case_transition
from cms.models import ProcedurePage
from tests.citizen import Citizen
from themes.look import forget_looks

# A point in Val-Fleuri; 0.0001° of latitude is about 11 m.
HERE = {"lat": 48.8153, "lon": 2.3441}

PROBLEM = {"nature": "signaler", "categorie": "nid-de-poule", "description": "Un trou profond."}
PLACE = {"emplacement_lat": "48,8153", "emplacement_lon": "2,3441"}
CONTACT = {"email": "lea.martin@exemple.fr"}


@pytest.fixture
def reports(demo_city) -> ProcedurePage:
    return ProcedurePage.objects.get(slug="signalement")


@pytest.fixture
def citizen(client, reports) -> Citizen:
    return Citizen(client, reports)


def file_report(reports, *, category="nid-de-poule", lat=HERE["lat"], lon=HERE["lon"], **extra):
    answers = {
        "nature": "signaler",
        "categorie": category,
        "description": "Constaté ce matin.",
        "emplacement": {"lat": lat, "lon": lon},
        "email": "voisin@exemple.fr",
    }
    return case_submit(
        procedure=reports,
        form_version=reports.form.current_version,
        answers=answers,
        citizen_email="voisin@exemple.fr",
        **extra,
    ).case


def test_the_category_question_offers_sub_categories_grouped_under_their_category(citizen):
    html = citizen.start().content.decode()
    assert '<optgroup label="Voirie et trottoirs">' in html
    assert '<option value="nid-de-poule">Nid-de-poule</option>' in html
    # A category with sub-categories is a heading, not an answer; one without is an answer.
    assert 'value="voirie"' not in html
    assert '<option value="autre">Autre sujet</option>' in html


def test_a_category_added_in_the_cms_is_offered_without_republishing_the_form(citizen):
    IncidentCategory.objects.create(
        name="Arbre tombé", slug="arbre-tombe", parent=IncidentCategory.objects.get(slug="voirie")
    )
    assert 'value="arbre-tombe"' in citizen.start().content.decode()


@pytest.mark.parametrize("category", ["voirie", "inconnue", "x" * 70])
def test_a_category_outside_the_list_is_refused_at_its_field_keeping_the_rest(citizen, category):
    citizen.start()
    response = citizen.fill("etape-1", {**PROBLEM, "categorie": category})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez une catégorie dans la liste." in html
    assert 'id="id_categorie_erreur"' in html
    assert "Un trou profond." in html  # nothing typed is lost


def test_a_withdrawn_category_is_no_longer_offered_nor_accepted(citizen):
    IncidentCategory.objects.filter(slug="graffiti").update(active=False)
    html = citizen.start().content.decode()
    assert 'value="graffiti"' not in html
    response = citizen.fill("etape-1", {**PROBLEM, "categorie": "graffiti"})
    assert "Choisissez une catégorie dans la liste." in response.content.decode()


def test_a_report_goes_to_its_category_department_with_its_place(
    citizen, django_capture_on_commit_callbacks
):
    citizen.start()
    assert citizen.fill("etape-1", {**PROBLEM, "categorie": "depot-sauvage"}).status_code == 302
    assert citizen.fill("etape-2", PLACE).status_code == 302
    assert citizen.fill("etape-3", CONTACT).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        confirmation = citizen.send().content.decode()
    case = Case.objects.get()
    assert re.fullmatch(r"SIG-\d{4}-000001", case.reference)
    assert case.department.slug == "proprete" and "Propreté urbaine" in confirmation
    assert case.category.slug == "depot-sauvage"
    assert (case.latitude, case.longitude) == (48.8153, 2.3441)
    [email] = mail.outbox
    assert "Propreté urbaine" in email.body


def test_routing_opens_the_case_to_the_category_department_only(reports, people, client):
    case = file_report(reports, category="graffiti")
    karim = people["agent"].__class__.objects.get(username="karim.proprete")
    client.force_login(karim)
    assert client.get(f"/bureau/dossiers/{case.reference}/").status_code == 200
    client.force_login(people["other_department_agent"])  # Nadia, Voirie
    assert client.get(f"/bureau/dossiers/{case.reference}/").status_code == 404


def test_a_sub_category_without_department_goes_to_its_parent_department(reports):
    assert file_report(reports, category="lampadaire").department.slug == "espace-public"


def test_the_summary_shows_same_category_reports_within_50_m_of_the_last_30_days(citizen, reports):
    near = file_report(reports, lat=HERE["lat"] + 0.0003)  # about 33 m north
    file_report(reports, lat=HERE["lat"] + 0.0006)  # about 67 m: too far
    file_report(reports, category="trottoir-abime")  # same place, another category
    old = file_report(reports)
    Case.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=31))
    citizen.start()
    citizen.fill("etape-1", PROBLEM)
    citizen.fill("etape-2", PLACE)
    citizen.fill("etape-3", CONTACT)
    html = citizen.client.get(citizen.url("recapitulatif")).content.decode()
    assert "Déjà signalé à proximité ?" in html
    assert "Un signalement de la même catégorie a été fait" in html
    assert "à 33 m" in html
    assert html.count("Suivre ce signalement<") == 1
    assert near.reference not in html and near.citizen_email not in html  # nothing personal


def test_no_nearby_section_when_nothing_was_reported_close_by(citizen, reports):
    file_report(reports, lat=HERE["lat"] + 0.01)
    citizen.start()
    citizen.fill("etape-1", PROBLEM)
    citizen.fill("etape-2", PLACE)
    citizen.fill("etape-3", CONTACT)
    html = citizen.client.get(citizen.url("recapitulatif")).content.decode()
    assert "Déjà signalé à proximité" not in html and "Envoyer ma demande" in html


def test_following_a_nearby_report_sends_its_progress_and_can_be_stopped(
    citizen, reports, people, django_capture_on_commit_callbacks
):
    near = file_report(reports)
    citizen.start()
    citizen.fill("etape-1", PROBLEM)
    citizen.fill("etape-2", PLACE)
    citizen.fill("etape-3", CONTACT)
    summary = citizen.client.get(citizen.url("recapitulatif")).content.decode()
    follow_url = re.search(r'href="(/suivi/signalements/suivre/[^"]+)"', summary).group(1)
    page = citizen.client.get(follow_url).content.decode()
    assert "Nid-de-poule" in page and "Votre adresse e-mail" in page

    refused = citizen.client.post(follow_url, {"email": "pas-une-adresse"})
    assert refused.status_code == 400
    assert "Saisissez une adresse e-mail valide" in refused.content.decode()

    done = citizen.client.post(follow_url, {"email": "Lea.Martin@exemple.fr"})
    assert "Vous suivez ce signalement" in done.content.decode()
    citizen.client.post(follow_url, {"email": "lea.martin@exemple.fr"})  # twice is once
    follower = CaseFollower.objects.get()
    assert follower.case == near and follower.email == "lea.martin@exemple.fr"
    assert follower.history.get().history_change_reason == "Suivi d'un signalement"

    nadia = people["other_department_agent"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_transition(
            case=near, to_status="acknowledged", actor=nadia, reason="Équipe", expected_version=0
        )
    to_follower = next(m for m in mail.outbox if m.to == ["lea.martin@exemple.fr"])
    assert "Pris en compte" in to_follower.subject
    assert near.tracking_code not in to_follower.body and near.reference not in to_follower.body
    unfollow = re.search(
        r"https?://[^/\s]+(/suivi/signalements/ne-plus-suivre/\S+/)", to_follower.body
    )
    assert (
        "Ne plus suivre ce signalement ?" in citizen.client.get(unfollow.group(1)).content.decode()
    )
    citizen.client.post(unfollow.group(1))
    assert not CaseFollower.objects.exists()


def test_a_forged_or_non_report_follow_link_is_refused_plainly(client, case):
    from casework.services.followers import follow_token

    response = client.get("/suivi/signalements/suivre/bidon/")
    assert response.status_code == 410
    assert "Ce lien de suivi n'est plus valable" in response.content.decode()
    # A request that is not a report (a birth certificate) can never be followed.
    assert client.get(f"/suivi/signalements/suivre/{follow_token(case)}/").status_code == 410


def test_a_closed_report_offers_no_follow_and_refuses_one(client, reports, people):
    from casework.services.followers import follow_token

    near = file_report(reports)
    nadia = people["other_department_agent"]
    case_transition(
        case=near, to_status="duplicate", actor=nadia, reason="Doublon", expected_version=0
    )
    response = client.post(
        f"/suivi/signalements/suivre/{follow_token(near)}/", {"email": "a@exemple.fr"}
    )
    assert "Ce signalement est clos" in response.content.decode()
    assert not CaseFollower.objects.exists()


def test_distance_is_right_at_street_scale():
    assert round(distance_m(48.8153, 2.3441, 48.8153 + 0.0003, 2.3441)) == 33
    assert round(distance_m(48.8153, 2.3441, 48.8153, 2.3441 + 0.0006)) == 44


def test_a_report_procedure_needs_a_category_and_a_map_question(demo_city):
    birth = ProcedurePage.objects.get(slug="acte-de-naissance")
    birth.kind = "report"
    with pytest.raises(ValidationError) as refused:
        birth.clean()
    assert "Catégorie de signalement" in str(refused.value.message_dict["form"])
    ProcedurePage.objects.get(slug="signalement").clean()  # the demo's report form is fine


def test_a_category_needs_a_department_and_two_levels_at_most(demo_city):
    orphan = IncidentCategory(name="Sans service", slug="sans-service")
    with pytest.raises(ValidationError) as refused:
        orphan.clean()
    assert "service" in str(refused.value.message_dict["department"])
    deep = IncidentCategory(
        name="Trop profond", slug="trop", parent=IncidentCategory.objects.get(slug="nid-de-poule")
    )
    with pytest.raises(ValidationError) as refused:
        deep.clean()
    assert "deux niveaux au plus" in str(refused.value.message_dict["parent"])


def test_communications_staff_add_a_category_in_the_admin_and_citizens_see_it(
    client, people, citizen
):
    client.force_login(people["communication"])
    add_url = "/admin/snippets/casework/incidentcategory/add/"
    assert client.get(add_url).status_code == 200
    missing = client.post(add_url, {"name": "Arbre", "slug": "arbre", "position": 0})
    assert "Choisissez le service qui traitera ces signalements." in missing.content.decode()
    voirie = IncidentCategory.objects.get(slug="voirie")
    response = client.post(
        add_url,
        {
            "name": "Arbre tombé",
            "slug": "arbre-tombe",
            "parent": voirie.pk,
            "position": 5,
            "active": "on",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = citizen.start().content.decode()
    assert '<option value="arbre-tombe">Arbre tombé</option>' in html
    # Agents and auditors do not manage the list.
    client.force_login(people["agent"])
    assert client.get(add_url).status_code in (302, 403)


def test_the_site_map_settings_reach_the_pages_and_a_bad_tiles_address_is_refused(
    client, demo_city
):
    from themes.models import SiteAppearance, Theme

    appearance = SiteAppearance.objects.get()
    appearance.map_tiles_url = "https://tuiles.example/carte.png"
    with pytest.raises(ValidationError) as refused:
        appearance.clean()
    assert "{z}, {x} et {y}" in str(refused.value.message_dict["map_tiles_url"])
    html = client.get("/").content.decode()
    assert '<script id="guichet-carte" type="application/json">' in html
    assert "tile.openstreetmap.org" in html and "api-adresse.data.gouv.fr" in html
    # The site's own tiles, else its theme's; with neither, no map: the boxes only.
    SiteAppearance.objects.update(map_tiles_url="https://tuiles.example/{z}/{x}/{y}.png")
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    assert "tuiles.example" in client.get("/").content.decode()
    SiteAppearance.objects.update(map_tiles_url="")
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    assert "tile.openstreetmap.org" in client.get("/").content.decode()
    Theme.objects.update(map_tiles_url="")
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    assert 'id="guichet-carte"' not in client.get("/").content.decode()
