"""What a theme puts around every page: header and footer links, legal mentions, the contact
block; and what it refuses: links that are not addresses, half-given map bounds."""

import pytest
from django.core.exceptions import ValidationError

from themes.look import forget_looks
from themes.models import Theme

from .admin_form import theme_form_data


def test_header_and_footer_links_and_mentions_are_the_theme_s(client, demo_city):
    html = client.get("/").content.decode()
    assert '<a href="https://www.val-fleuri.example/">Site de la ville</a>' in html
    assert '<a href="https://www.val-fleuri.example/plan">Plan du site</a>' in html
    assert '<a href="https://www.val-fleuri.example/mentions-legales">Mentions légales</a>' in html
    assert "Accessibilité : partiellement conforme</a>" in html
    assert '<a href="tel:0199000000">01 99 00 00 00</a>' in html
    assert "Du lundi au vendredi, de 8 h 30 à 17 h." in html


def test_a_theme_without_mentions_still_states_its_accessibility(client, demo_city):
    Theme.objects.update(
        legal_notice_url="", accessibility_url="", personal_data_url="", contact_address=""
    )
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    html = client.get("/").content.decode()
    assert "Mentions légales" not in html
    assert "<li>Accessibilité : partiellement conforme</li>" in html


@pytest.mark.parametrize(
    "bounds",
    [
        {"map_south": 48.8},
        {"map_south": 48.9, "map_west": 2.3, "map_north": 48.8, "map_east": 2.4},
        {"map_south": 48.8, "map_west": 2.3, "map_north": 95, "map_east": 2.4},
    ],
)
def test_map_bounds_are_all_four_and_make_a_rectangle(bounds):
    with pytest.raises(ValidationError) as refused:
        Theme(name="Essai", **bounds).clean()
    assert set(refused.value.message_dict) & {"map_west", "map_north", "map_east"}


def test_the_admin_refuses_a_script_link_at_its_field(client, people):
    client.force_login(people["communication"])
    theme = Theme.objects.get(slug="prairie")
    data = theme_form_data(theme, legal_notice_url="javascript:alert(1)")
    data.update(
        {
            "footer_links-count": 1,
            "footer_links-0-type": "link",
            "footer_links-0-deleted": "",
            "footer_links-0-order": 0,
            "footer_links-0-value-label": "Piège",
            "footer_links-0-value-url": "javascript:alert(2)",
        }
    )
    response = client.post(f"/admin/snippets/themes/theme/edit/{theme.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Donnez une adresse commençant par https://" in html  # at the mentions' field
    theme.refresh_from_db()
    assert theme.legal_notice_url.startswith("https://")
    assert [link.value["label"] for link in theme.footer_links] == ["Plan du site"]


def test_a_script_link_in_a_link_list_is_refused():
    from themes.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean({"label": "Piège", "url": "javascript:alert(2)"})
    assert block.clean({"label": "Écrire", "url": "mailto:accueil@ville.example"})
