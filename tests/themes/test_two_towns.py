"""One Guichet, two towns: each Wagtail site in the theme it chose, with its own header and
footer content, procedures and map; links never cross from one town to the other."""

import pytest

from cms.models import ProcedurePage
from fixtures.demo_second_town import HOSTNAME, PORT, load_second_town
from themes.look import forget_looks
from themes.models import SiteAppearance, Theme

ROCHE_BLANCHE = {"HTTP_HOST": f"{HOSTNAME}:{PORT}"}


@pytest.fixture
def two_towns(demo_city):
    load_second_town()


def test_each_town_wears_its_own_theme(client, two_towns):
    val_fleuri = client.get("/").content.decode()
    roche_blanche = client.get("/", **ROCHE_BLANCHE).content.decode()
    assert "<title>Mairie de Val-Fleuri" in val_fleuri
    assert "--g-primary:#0b6e4f;" in val_fleuri and "--g-radius:12px;" in val_fleuri
    assert 'class="g-header"' in val_fleuri
    assert "<title>Mairie de Roche-Blanche" in roche_blanche
    assert "--g-primary:#7a1f3d;" in roche_blanche and "--g-radius:0px;" in roche_blanche
    assert '--g-font:Georgia, "Times New Roman"' in roche_blanche
    assert 'class="p-header"' in roche_blanche
    # Each footer gives its own town's contact and mentions.
    assert "01 99 00 00 00" in val_fleuri and "02 99 10 00 00" not in val_fleuri
    assert "02 99 10 00 00" in roche_blanche and "Accessibilité : non conforme" in roche_blanche
    assert "Accessibilité : partiellement conforme" in val_fleuri


def test_each_town_lists_only_its_own_procedures(client, two_towns):
    val_fleuri = client.get("/demarches/").content.decode()
    roche_blanche = client.get("/demarches/", **ROCHE_BLANCHE).content.decode()
    assert "Demander un acte de naissance" in val_fleuri
    assert "inscrire sur les listes électorales" not in val_fleuri
    assert "inscrire sur les listes électorales" in roche_blanche
    assert "Demander un acte de naissance" not in roche_blanche


def test_a_procedure_of_the_second_town_is_filled_in_its_theme(client, two_towns):
    page = ProcedurePage.objects.get(slug="inscription-listes-electorales")
    response = client.get(page.url + "formulaire/etape-1/", **ROCHE_BLANCHE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Étape 1 sur 3" in html and "--g-primary:#7a1f3d;" in html


def test_the_map_opens_on_the_town_s_bounds_from_its_theme(client, demo_city):
    html = client.get("/").content.decode()
    assert '"bounds": {"south": 48.805, "west": 2.33, "north": 48.823, "east": 2.36}' in html
    Theme.objects.update(map_south=None, map_west=None, map_north=None, map_east=None)
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    assert '"bounds"' not in client.get("/").content.decode()


def test_the_admin_lets_communications_choose_a_site_s_theme(client, people, two_towns):
    appearance = SiteAppearance.objects.get(site__hostname=HOSTNAME)
    client.force_login(people["communication"])
    url = f"/admin/settings/themes/siteappearance/{appearance.site_id}/"
    assert client.get(url).status_code == 200
    prairie = Theme.objects.get(slug="prairie")
    response = client.post(
        url,
        {
            "town_name": "Mairie de Roche-Blanche",
            "theme": prairie.pk,
            "map_tiles_url": "",
            "map_attribution": "",
            "geocoder_url": "",
        },
    )
    assert response.status_code == 302
    assert "--g-primary:#0b6e4f;" in client.get("/", **ROCHE_BLANCHE).content.decode()
