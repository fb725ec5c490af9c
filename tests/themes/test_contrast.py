"""Themes are accessible by construction: colours failing WCAG 2.1 AA contrast are refused."""

import pytest
from django.core.exceptions import ValidationError

from themes.contrast import contrast_ratio, french_ratio
from themes.look import forget_looks
from themes.models import Theme

from .admin_form import theme_form_data


def test_contrast_ratios_are_wcag_s():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#767676", "#ffffff") >= 4.5  # the lightest grey allowed on white
    assert french_ratio(4.4799) == "4,47:1"  # never rounded up to a passing figure


@pytest.mark.parametrize(
    ("colours", "field", "words"),
    [
        ({"colour_text": "#777777"}, "colour_text", "le texte et le fond (#777777 sur #ffffff)"),
        ({"colour_primary": "#ffcc00"}, "colour_primary", "les liens et le fond"),
        (
            {"colour_secondary": "#444444"},
            "colour_secondary",
            "le texte et le fond du pied de page",
        ),
    ],
)
def test_a_theme_failing_contrast_is_refused_naming_the_pair_and_its_ratio(colours, field, words):
    theme = Theme(name="Essai", **colours)
    with pytest.raises(ValidationError) as refused:
        theme.clean()
    message = " ".join(refused.value.message_dict[field])
    assert words in message and ":1" in message and "4,5:1" in message


def test_white_button_text_needs_a_dark_enough_main_colour():
    # Links pass on a black background, but white button text on light green does not.
    theme = Theme(
        name="Essai",
        colour_primary="#7fd17f",
        colour_background="#000000",
        colour_text="#ffffff",
        colour_secondary="#000000",
    )
    with pytest.raises(ValidationError) as refused:
        theme.clean()
    assert "le texte des boutons et les boutons (#ffffff sur #7fd17f)" in str(
        refused.value.message_dict["colour_primary"]
    )


def test_the_default_and_demo_themes_pass(demo_city):
    Theme(name="Défaut").clean()
    for theme in Theme.objects.all():
        theme.clean()


def test_the_admin_refuses_a_low_contrast_theme_at_its_field(client, people, db):
    admin = people["communication"].__class__.objects.create_superuser(
        "admin.themes", "admin@val-fleuri.example", "x"
    )
    client.force_login(admin)
    theme = Theme.objects.get(slug="prairie")
    response = client.post(
        f"/admin/snippets/themes/theme/edit/{theme.pk}/",
        theme_form_data(theme, colour_text="#999999"),
    )
    assert response.status_code == 200
    assert "Contraste insuffisant entre le texte et le fond" in response.content.decode()
    theme.refresh_from_db()
    assert theme.colour_text == "#1b1b1b"  # nothing saved


def test_a_focus_outline_needs_3_to_1_and_errors_need_4_5_to_1():
    Theme(name="Essai", colour_focus="#949494").clean()  # 3.03:1 on white: visible enough
    with pytest.raises(ValidationError) as refused:
        Theme(name="Essai", colour_focus="#a0a0a0", colour_error="#ff6666").clean()
    errors = refused.value.message_dict
    assert "il faut au moins 3:1" in errors["colour_focus"][0]
    assert "les erreurs et le fond" in errors["colour_error"][0]


def test_the_theme_s_tokens_reach_every_page(client, demo_city):
    theme = Theme.objects.get(slug="prairie")
    Theme.objects.filter(pk=theme.pk).update(radius=0, colour_focus="#5a189a")
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    html = client.get("/").content.decode()
    assert "--g-radius:0px;" in html and "--g-focus:#5a189a;" in html


def test_a_theme_in_use_cannot_be_deleted_and_says_where_it_is_used(client, people, db):
    admin = people["communication"].__class__.objects.create_superuser(
        "admin.themes", "admin@val-fleuri.example", "x"
    )
    client.force_login(admin)
    theme = Theme.objects.get(slug="prairie")
    response = client.post(f"/admin/snippets/themes/theme/delete/{theme.pk}/", follow=True)
    assert Theme.objects.filter(pk=theme.pk).exists()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le thème « Prairie » est celui de Val-Fleuri" in html
    unused = Theme.objects.create(name="Inutilisé")
    client.post(f"/admin/snippets/themes/theme/delete/{unused.pk}/")
    assert not Theme.objects.filter(pk=unused.pk).exists()
