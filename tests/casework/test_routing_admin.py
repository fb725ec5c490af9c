"""The functional administrator draws the town's areas; editors see each procedure's
routing table in the page editor."""

import json

import pytest
from django.contrib.auth import get_user_model

from casework.models import Area
from cms.models import ProcedurePage

ADD_AREA_URL = "/admin/snippets/casework/area/add/"
MARKET = {
    "type": "Polygon",
    "coordinates": [[[2.34, 48.81], [2.35, 48.81], [2.35, 48.82], [2.34, 48.81]]],
}


@pytest.fixture
def functional_admin(client, demo_city):
    client.force_login(get_user_model().objects.get(username="hugo.admin"))
    return client


def test_the_functional_administrator_draws_an_area(functional_admin):
    response = functional_admin.post(
        ADD_AREA_URL,
        {"name": "Place du marché", "slug": "marche", "geometry": json.dumps(MARKET)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Area.objects.get(slug="marche").geometry == MARKET


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ("{pas du json", "JSON valide"),
        (json.dumps({"type": "LineString", "coordinates": [[2.3, 48.8], [2.4, 48.9]]}), "Polygon"),
    ],
)
def test_a_wrong_outline_is_refused_at_its_field_and_kept(functional_admin, geometry, message):
    response = functional_admin.post(
        ADD_AREA_URL, {"name": "Place du marché", "slug": "marche", "geometry": geometry}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Place du marché"' in html  # nothing typed is lost
    assert not Area.objects.filter(slug="marche").exists()


@pytest.mark.parametrize("username", ["nadia.voirie", "alain.audit"])
def test_only_functional_administrators_draw_areas(client, demo_city, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(ADD_AREA_URL).status_code in (302, 403)


def test_the_page_editor_shows_the_routing_table(client, demo_city):
    client.force_login(get_user_model().objects.get(username="claire.com"))
    page = ProcedurePage.objects.get(slug="signalement")
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Orientation des dossiers" in html
    assert 'value="depot-sauvage"' in html
