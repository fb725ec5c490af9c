"""Citizen e-mails wear the theme of the case's site and link to that site's own host."""

import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.models import Page, Site

from casework.models import Notification
from casework.services.cases import case_submit
from casework.services.messages import citizen_reply, message_to_citizen
from cms.models import HomePage, ProcedureIndexPage, ProcedurePage
from tests.conftest import VALID_ANSWERS
from themes.models import SiteAppearance, Theme
from themes.models.theme import SYSTEM_SANS

PRIMARY = "#8a1538"
PHONE = "01 23 45 67 89"
TEXT = "#2b2b2b"
SCRIPT = "<script>alert('x')</script>"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def themed(demo_city) -> Theme:
    """The theme the demo city's (default) site wears, with known colours and contact."""
    theme = SiteAppearance.for_site(Site.objects.get(is_default_site=True)).theme
    theme.colour_primary = PRIMARY
    theme.colour_text = TEXT
    theme.contact_address = "1 place de la République\n99000 Val-Fleuri"
    theme.contact_phone = PHONE
    theme.contact_email = "mairie@val-fleuri.example"
    theme.contact_hours = "Du lundi au vendredi, de 8 h 30 à 17 h"
    theme.legal_notice_url = "/mentions-legales/"
    theme.personal_data_url = theme.accessibility_url = theme.footer_text = ""
    theme.font_stack = SYSTEM_SANS
    theme.logo = None
    theme.save()
    return theme


def submit(procedure: ProcedurePage) -> Notification:
    submitted = case_submit(
        procedure=procedure,
        form_version=procedure.form.current_version,
        answers=dict(VALID_ANSWERS),
        citizen_email=VALID_ANSWERS["email"],
    )
    return Notification.objects.get(case=submitted.case, kind="acknowledgement")


def test_the_acknowledgement_wears_the_sites_theme(themed, procedure):
    email = submit(procedure)
    html = email.body_html
    assert f"background-color: {PRIMARY}" in html  # the header band
    assert f'style="color: {PRIMARY};">Suivre ma demande</a>' in html
    assert "Mairie de Val-Fleuri" in html and PHONE in html
    assert "1 place de la République<br>99000 Val-Fleuri" in html
    assert "mailto:mairie@val-fleuri.example" in html
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f'href="{base}/mentions-legales/"' in html  # absolute: read far from the site
    assert "Données personnelles" not in html  # no link the theme does not set
    assert f"color: {TEXT}; font-family: system-ui, -apple-system" in html  # theme text, fonts
    assert "<img" not in html  # no logo
    # The existing wording is kept.
    assert "Nous avons bien reçu votre demande" in html and email.case.reference in html


def test_the_text_version_signs_with_the_contact_block(themed, procedure):
    text = submit(procedure).body_text
    assert "Nous avons bien reçu votre demande" in text
    signature = text.split("\n-- \n", 1)[1]
    assert text.endswith("17 h\n")
    assert signature.splitlines() == [
        "Mairie de Val-Fleuri",
        "1 place de la République",
        "99000 Val-Fleuri",
        f"Téléphone : {PHONE}",
        "E-mail : mairie@val-fleuri.example",
        "Horaires : Du lundi au vendredi, de 8 h 30 à 17 h",
    ]


def test_a_png_logo_is_shown_by_its_absolute_address_an_svg_one_is_not(themed, procedure):
    themed.logo.save("logo.png", ContentFile(png_bytes()))
    html = submit(procedure).body_html
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f'<img src="{base}{themed.logo_url}"' in html

    themed.logo.save("logo.svg", ContentFile(b'<svg xmlns="http://www.w3.org/2000/svg"/>'))
    assert "<img" not in submit(procedure).body_html


def test_what_people_write_stays_escaped(themed, case, people):
    message_to_citizen(case=case, actor=people["agent"], body=f"Bonjour {SCRIPT}")
    citizen_reply(case=case, body=f"Réponse {SCRIPT}", files=[])
    for kind in ("message_to_citizen", "citizen_reply"):
        html = Notification.objects.get(case=case, kind=kind).body_html
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.fixture
def other_town(demo_city, procedure) -> ProcedurePage:
    """A second town on its own host, wearing its own theme, with one procedure."""
    home = HomePage(title="Mairie de Bourg-Neuf", slug="bourg-neuf")
    Page.get_first_root_node().add_child(instance=home)
    index = ProcedureIndexPage(title="Démarches", slug="demarches")
    home.add_child(instance=index)
    site = Site.objects.create(
        hostname="bourg-neuf.example", port=8080, root_page=home, site_name="Bourg-Neuf"
    )
    appearance = SiteAppearance.for_site(site)
    appearance.town_name = "Mairie de Bourg-Neuf"
    appearance.theme = Theme.objects.create(
        name="Bourg-Neuf", colour_primary="#5a2d82", contact_phone="04 00 00 00 00"
    )
    appearance.save()
    other = ProcedurePage(
        title="Demander un acte de naissance",
        slug="acte-de-naissance",
        form=procedure.form,
        department=procedure.department,
        reference_prefix="BN",
    )
    index.add_child(instance=other)
    other.save_revision().publish()
    yield other
    # The root paths are cached beyond the test's transaction: no stale site afterwards.
    Site.clear_site_root_paths_cache()


def test_a_case_of_another_town_links_to_that_towns_host_in_its_look(themed, other_town, people):
    email = submit(other_town)
    code = email.case.tracking_code
    assert f'href="http://bourg-neuf.example:8080/suivi/{code}/"' in email.body_html
    assert f"http://bourg-neuf.example:8080/suivi/{code}/" in email.body_text
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") not in email.body_html
    assert "Mairie de Bourg-Neuf" in email.body_html and "#5a2d82" in email.body_html
    assert PRIMARY not in email.body_html and "Val-Fleuri" not in email.body_html
    assert "Téléphone : 04 00 00 00 00" in email.body_text

    # The department's messages link there too, though their service only knows the code.
    message_to_citizen(case=email.case, actor=people["agent"], body="Bonjour")
    message = Notification.objects.get(case=email.case, kind="message_to_citizen")
    assert f"http://bourg-neuf.example:8080/suivi/{code}/" in message.body_text


def test_the_default_site_keeps_the_configured_public_address(themed, procedure):
    email = submit(procedure)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    assert f"{base}/suivi/{email.case.tracking_code}/" in email.body_text
