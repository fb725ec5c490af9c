"""A resident reports a pothole from a phone: category, map (position, address search,
touch, keyboard), photos, the same problem already reported close by — axe-core on every
page, and nothing fetched from outside the machine."""

import io
import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from casework.models import Case, CaseFollower
from casework.services.cases import case_submit
from cms.models import ProcedurePage
from fixtures.demo_city import load_demo_city
from tests.e2e.conftest import PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POSITION = {"latitude": 48.8153, "longitude": 2.3441}
FOUND_ADDRESS = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [2.34452, 48.81561]},
            "properties": {"label": "12 Rue des Lilas 99000 Val-Fleuri"},
        },
        {  # outside the town's bounds: never offered
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [5.3698, 43.2965]},
            "properties": {"label": "12 Rue des Lilas 13001 Marseille"},
        },
    ],
}


def _photo(path, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _earlier_report_nearby():
    reports = ProcedurePage.objects.get(slug="signalement")
    return case_submit(
        procedure=reports,
        form_version=reports.form.current_version,
        answers={
            "nature": "signaler",
            "categorie": "nid-de-poule",
            "description": "Trou dans la chaussée.",
            "emplacement": {"lat": 48.8157, "lon": 2.3445},
            "email": "voisin@exemple.fr",
        },
        citizen_email="voisin@exemple.fr",
    ).case


def test_a_resident_reports_a_pothole_from_a_phone(new_page, tmp_path):
    load_demo_city()
    earlier = _earlier_report_nearby()
    page = new_page(PHONE, geolocation=POSITION, permissions=["geolocation"])
    searches = []

    def geocoder(route):
        searches.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(FOUND_ADDRESS))

    page.route("https://api-adresse.data.gouv.fr/search/**", geocoder)

    page.goto("/demarches/")
    page.get_by_role("link", name="Signaler un problème dans la rue").click()
    page.get_by_role("button", name="Commencer la démarche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le problème")
    page.get_by_label("Signaler un problème").check()
    category = page.get_by_label("Catégorie")
    category.select_option(label="Nid-de-poule")
    page.get_by_label("Description").fill("Un trou profond devant le numéro 12.")
    assert_accessible(page)
    screenshot(page, "phone-report-01-category")
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Le lieu et les photos")
    latitude = page.get_by_label("Latitude", exact=True)
    longitude = page.get_by_label("Longitude", exact=True)
    expect(page.locator(".g-map .leaflet-tile-loaded").first).to_be_visible()

    page.get_by_role("button", name="Utiliser ma position").click()
    expect(latitude).to_have_value("48,8153")
    expect(longitude).to_have_value("2,3441")
    expect(page.locator(".g-map-status")).to_contain_text("Votre position a été reportée")

    search = page.get_by_label("Rechercher une adresse")
    search.fill("12 rue des Lilas")
    search.press("Enter")  # searches; does not send the page
    choice = page.get_by_role("button", name="12 Rue des Lilas 99000 Val-Fleuri")
    expect(choice).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Marseille"))).to_have_count(0)
    assert "q=12+rue+des+Lilas" in searches[0]
    choice.click()
    expect(latitude).to_have_value("48,81561")
    expect(longitude).to_have_value("2,34452")

    # Touching the map moves the point; the keyboard's way is the centre button.
    page.locator(".g-map").click(position={"x": 60, "y": 60})
    expect(latitude).not_to_have_value("48,81561")
    page.locator(".g-map").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Placer le point au centre de la carte").click()
    expect(page.locator(".g-map-status")).to_contain_text("Point placé au centre")
    # Typed coordinates stay the answer: the precise spot of the earlier report's pothole.
    latitude.fill("48,8155")
    longitude.fill("2,3443")

    page.get_by_label("Photos").set_input_files(
        [_photo(tmp_path / "trou.jpg", (90, 90, 90)), _photo(tmp_path / "rue.jpg", (40, 80, 40))]
    )
    assert_accessible(page)
    screenshot(page, "phone-report-02-map")
    page.get_by_role("button", name="Continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos coordonnées")
    page.get_by_label("Adresse e-mail").fill("lea.martin@exemple.fr")
    page.get_by_role("button", name="Vérifier ma demande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre demande")
    nearby = page.get_by_role("region", name="Déjà signalé à proximité ?")
    expect(nearby).to_contain_text("Nid-de-poule")
    expect(nearby).to_contain_text("à 27 m")
    assert_accessible(page)
    screenshot(page, "phone-report-03-nearby")

    nearby.get_by_role("link", name=re.compile("Suivre ce signalement")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suivre ce signalement")
    page.get_by_label("Votre adresse e-mail").fill("lea.martin@exemple.fr")
    assert_accessible(page)
    page.get_by_role("button", name="Suivre ce signalement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous suivez ce signalement")
    screenshot(page, "phone-report-04-followed")
    assert CaseFollower.objects.get().case == earlier

    # A different problem after all: the draft is still there, and goes to the department.
    page.go_back()
    page.go_back()
    page.reload()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre demande a bien été envoyée")
    expect(page.get_by_text("Voirie et espace public").first).to_be_visible()
    mine = Case.objects.exclude(pk=earlier.pk).get()
    assert mine.category.slug == "nid-de-poule"
    assert (mine.latitude, mine.longitude) == (48.8155, 2.3443)
    assert len(mine.answers["photos"]) == 2
