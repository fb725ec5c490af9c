"""Two towns on one Guichet, each in its own bundled theme, seen in a real browser at phone
and desktop widths: the home page, a procedure page and a form step, each screenshotted and
checked with axe-core; focus always visible; a theme previewed on a procedure from the admin."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from fixtures.demo_second_town import HOSTNAME, load_second_town
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from themes.models import Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (theme, host, procedure, the header's background, the body's first font)
TOWNS = [
    ("prairie", "127.0.0.1", "acte-de-naissance", "rgb(11, 110, 79)", "system-ui"),
    ("patrimoine", HOSTNAME, "inscription-listes-electorales", "rgb(255, 253, 248)", "Georgia"),
]

SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
TOWN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
    b'<circle cx="24" cy="24" r="22" fill="#0b6e4f"/><path d="M12 34h24L24 12z" fill="#fff"/>'
    b"</svg>"
)

FOCUS_OUTLINE = """() => {
    const style = getComputedStyle(document.activeElement);
    return [style.outlineStyle, parseFloat(style.outlineWidth)];
}"""


@pytest.fixture
def two_towns(live_server):
    """Val-Fleuri on 127.0.0.1 (the default site), Roche-Blanche on localhost, both on the
    live server's port, as the demo serves them on port 8000."""
    load_demo_city()
    load_second_town()
    port = urlsplit(live_server.url).port
    site = Site.objects.get(hostname=HOSTNAME)
    site.port = port
    site.save()  # through save(): the site memo forgets the old address
    return port


def _assert_focus_visible(page) -> None:
    page.keyboard.press("Tab")
    style, width = page.evaluate(FOCUS_OUTLINE)
    assert style != "none" and width >= 2, (style, width)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_town_in_its_theme_on_home_procedure_and_form_step(new_page, two_towns, viewport):
    size = "phone" if viewport is PHONE else "desktop"
    page = new_page(viewport)
    for slug, host, procedure, header_background, font in TOWNS:
        base = f"http://{host}:{two_towns}"
        page.goto(base + "/")
        header = page.locator("header").first
        assert header.evaluate("node => getComputedStyle(node).backgroundColor") == (
            header_background
        )
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(font)
        expect(page.get_by_role("contentinfo")).to_contain_text("Nous contacter")
        _assert_focus_visible(page)
        assert_accessible(page)
        screenshot(page, f"theme-{slug}-{size}-1-home")

        page.goto(f"{base}/demarches/{procedure}/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        screenshot(page, f"theme-{slug}-{size}-2-procedure")

        page.get_by_role("button", name="Commencer la démarche").click()
        expect(page.get_by_text(re.compile(r"Étape 1 sur \d"))).to_be_visible()
        page.get_by_role("button", name=re.compile("Continuer|Vérifier ma demande")).click()
        expect(page.get_by_role("link", name=re.compile("Nom de naissance"))).to_be_visible()
        assert_accessible(page)  # a form step with its errors, in this theme
        screenshot(page, f"theme-{slug}-{size}-3-form-step")


def _admin(new_page):
    page = new_page(DESKTOP)
    page.goto("/admin/")
    page.get_by_role("textbox", name=re.compile(r"^Nom d.utilisateur")).fill("claire.com")
    page.get_by_role("textbox", name=re.compile(r"^(Mot de passe|Password)")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def test_communications_give_the_town_its_logo_and_a_scripted_svg_is_refused(new_page, two_towns):
    page = _admin(new_page)
    prairie = Theme.objects.get(slug="prairie")
    page.goto(f"/admin/snippets/themes/theme/edit/{prairie.pk}/")
    logo = page.locator('input[name="logo"]')
    logo.set_input_files(
        files=[{"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": SCRIPTED_SVG}]
    )
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.get_by_text(re.compile("Le logo contient du code"))).to_be_visible()
    screenshot(page, "theme-admin-logo-refused")
    page.locator('input[name="logo"]').set_input_files(
        files=[{"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": TOWN_SVG}]
    )
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(
        page.get_by_text(re.compile("mis à jour|modifié|enregistré", re.I)).first
    ).to_be_visible()
    page.goto(f"http://127.0.0.1:{two_towns}/")
    brand = page.locator(".g-brand img")
    expect(brand).to_have_attribute("src", re.compile(r"^/theme/fichiers/themes/.+\.svg$"))
    assert brand.evaluate("img => img.naturalWidth") > 0  # the browser drew it
    assert_accessible(page)
    screenshot(page, "theme-prairie-with-logo")


def test_a_theme_is_previewed_on_a_procedure_before_it_is_applied(new_page, two_towns):
    page = _admin(new_page)

    patrimoine = Theme.objects.get(slug="patrimoine")
    page.goto(f"/admin/themes/apercu/{patrimoine.pk}/")
    expect(page.get_by_role("heading", name="Val-Fleuri")).to_be_visible()
    with page.expect_popup() as opened:
        page.locator("li", has_text="Demander un acte de naissance").get_by_role(
            "link", name="présentation"
        ).click()
    preview = opened.value
    expect(preview.get_by_role("note")).to_have_text(
        "Aperçu du thème « Patrimoine » : ce site ne le porte pas encore."
    )
    expect(preview.get_by_role("heading", level=1)).to_have_text("Demander un acte de naissance")
    assert preview.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")
    assert_accessible(preview)
    screenshot(preview, "theme-preview-patrimoine-on-val-fleuri")
    # Val-Fleuri itself still wears Prairie.
    page.goto(f"http://127.0.0.1:{two_towns}/")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
