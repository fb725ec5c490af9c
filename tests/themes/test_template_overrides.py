"""A city's own header or footer markup (themes/<slug>/templates/) replaces the base one; a
broken override never takes the site down: the base template is shown and the error logged."""

import logging
import os

import pytest

from themes.bundled import bundled_theme
from themes.look import forget_looks
from themes.models import SiteAppearance, Theme


@pytest.fixture
def overrides(tmp_path, settings, demo_city):
    """Val-Fleuri's theme given a templates folder of its own, in a temporary directory."""
    settings.GUICHET_THEME_TEMPLATES_DIR = str(tmp_path)
    Theme.objects.filter(slug="prairie").update(slug="essai")
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    folder = tmp_path / "essai" / "templates" / "themes" / "includes"
    folder.mkdir(parents=True)
    return folder


def test_the_bundled_patrimoine_theme_brings_its_own_header_and_footer(client, demo_city):
    html = client.get("/").content.decode()
    assert 'class="g-header"' in html and 'class="p-header"' not in html
    SiteAppearance.objects.update(theme=bundled_theme("patrimoine"))
    forget_looks()  # update() sends no save signal: as after an edit in the admin
    html = client.get("/").content.decode()
    assert 'class="p-header"' in html and 'class="p-footer"' in html
    assert ".p-header {" in html  # its head.html styles
    assert "Mairie de Val-Fleuri" in html and "Mentions légales" not in html


def test_an_override_replaces_only_the_template_it_names(client, overrides):
    (overrides / "footer.html").write_text('<footer class="pied-ville">{{ town_name }}</footer>')
    html = client.get("/").content.decode()
    assert '<footer class="pied-ville">Mairie de Val-Fleuri</footer>' in html
    assert 'class="g-header"' in html  # the header falls back to the base one


def test_an_override_that_does_not_compile_falls_back_and_is_logged(client, overrides, caplog):
    (overrides / "header.html").write_text("<header>{% if %}</header>")
    with caplog.at_level(logging.ERROR, logger="guichet.themes"):
        response = client.get("/")
    assert response.status_code == 200
    assert 'class="g-header"' in response.content.decode()
    assert "header.html" in caplog.text and "essai" in caplog.text


def test_an_override_that_fails_while_rendering_falls_back_and_is_logged(client, overrides, caplog):
    (overrides / "header.html").write_text("<header>{% url 'nulle-part' %}</header>")
    with caplog.at_level(logging.ERROR, logger="guichet.themes"):
        response = client.get("/demarches/")
    assert response.status_code == 200
    assert 'class="g-header"' in response.content.decode()
    assert "NoReverseMatch" in caplog.text


def test_a_fixed_override_is_picked_up_without_a_restart(client, overrides):
    header = overrides / "header.html"
    header.write_text("<header>{% if %}</header>")
    assert 'class="g-header"' in client.get("/").content.decode()
    header.write_text('<header class="entete-ville">{{ town_name }}</header>')
    os.utime(header, (1, 2))  # a new modification time, as an edit gives
    assert 'class="entete-ville"' in client.get("/").content.decode()


def test_an_override_cannot_reach_outside_its_folder(settings, tmp_path):
    from themes.templatetags.theme_templates import override_path

    settings.GUICHET_THEME_TEMPLATES_DIR = str(tmp_path)
    assert override_path("essai", "themes/includes/header.html") is not None
    assert override_path("essai", "../../../etc/passwd") is None


def test_a_theme_may_give_the_form_steps_its_own_markup(client, overrides, procedure):
    forms = overrides.parent.parent / "formbuilder"
    forms.mkdir()
    (forms / "form_fields.html").write_text(
        '<div class="questions-ville">{% for field in form %}{{ field }}{% endfor %}</div>'
    )
    html = client.get(f"{procedure.url}formulaire/etape-1/").content.decode()
    assert '<div class="questions-ville"><input type="text" name="nom"' in html
