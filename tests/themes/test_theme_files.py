"""A theme's logos, favicon and font are checked by their bytes: not an image, too large or
an SVG that can run code is refused at its field, and nothing else typed is lost."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from themes.assets import FAVICON_MAX_BYTES, LOGO_MAX_BYTES, checked_font, checked_image
from themes.models import Theme

from .admin_form import theme_form_data

CLEAN_SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/></svg>'
)
ACTIVE_SVGS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
    "javascript link": (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<a xlink:href="javascript:alert(1)"><rect/></a></svg>'
    ),
    "outside image": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://ailleurs.example/x.png"/>'
        b"</svg>"
    ),
    "foreign object": (
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns='
        b'"http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>'
    ),
}
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
)


def _png(size=(64, 32), *, with_gps=False) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (11, 110, 79))
    exif = Image.Exif()
    if with_gps:
        exif[0x8825] = {1: "N", 2: (48.0, 49.0, 0.0)}
    image.save(buffer, "PNG", exif=exif)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_raster_logo_is_kept_re_encoded_without_its_metadata():
    kept = checked_image(_upload(_png(with_gps=True)), max_bytes=LOGO_MAX_BYTES, what="Le logo")
    assert kept.name == "image.png"
    with Image.open(io.BytesIO(kept.read())) as image:
        assert image.size == (64, 32)
        assert not image.getexif()


def test_a_clean_svg_logo_is_kept_as_it_is():
    kept = checked_image(_upload(CLEAN_SVG, "logo.svg"), max_bytes=LOGO_MAX_BYTES, what="Le logo")
    assert kept.name == "image.svg" and kept.read() == CLEAN_SVG


@pytest.mark.parametrize("svg", ACTIVE_SVGS.values(), ids=ACTIVE_SVGS.keys())
def test_an_svg_that_can_run_or_fetch_something_is_refused(svg):
    with pytest.raises(ValidationError) as refused:
        checked_image(_upload(svg, "logo.svg"), max_bytes=LOGO_MAX_BYTES, what="Le logo")
    assert "Le logo contient du code" in refused.value.messages[0]


def test_an_svg_declaring_entities_is_refused_unread():
    with pytest.raises(ValidationError) as refused:
        checked_image(_upload(BILLION_LAUGHS, "logo.svg"), max_bytes=LOGO_MAX_BYTES, what="Le logo")
    assert "déclare des entités" in refused.value.messages[0]


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name():
    with pytest.raises(ValidationError) as refused:
        checked_image(
            _upload(b"%PDF-1.7 not a logo", "logo.png"), max_bytes=LOGO_MAX_BYTES, what="Le logo"
        )
    assert "Le logo doit être une image PNG, JPEG, WebP ou SVG" in refused.value.messages[0]


def test_a_too_large_favicon_is_refused_with_the_limit():
    big = _upload(b"\x89PNG" + b"0" * FAVICON_MAX_BYTES, "icone.png")
    with pytest.raises(ValidationError) as refused:
        checked_image(big, max_bytes=FAVICON_MAX_BYTES, what="L'icône d'onglet")
    assert refused.value.messages[0].startswith("L'icône d'onglet pèse")
    assert "la limite est 100 ko" in refused.value.messages[0]


def test_fonts_are_recognised_by_their_first_bytes():
    assert checked_font(_upload(b"wOF2" + b"\0" * 64, "police.woff2")).name == "police.woff2"
    assert checked_font(_upload(b"\x00\x01\x00\x00" + b"\0" * 64, "p.ttf")).name == "police.ttf"
    with pytest.raises(ValidationError) as refused:
        checked_font(_upload(b"<html>not a font</html>", "police.woff2"))
    assert "n'est pas une police de caractères" in refused.value.messages[0]


@pytest.fixture
def theme_admin(client, people):
    client.force_login(people["communication"])
    return client


def test_the_admin_refuses_a_scripted_svg_logo_at_its_field_and_keeps_what_was_typed(
    theme_admin,
):
    theme = Theme.objects.get(slug="prairie")
    data = theme_form_data(theme, contact_phone="01 23 45 67 89")
    data["logo"] = _upload(ACTIVE_SVGS["script"], "logo.svg")
    response = theme_admin.post(f"/admin/snippets/themes/theme/edit/{theme.pk}/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le logo contient du code" in html
    assert 'value="01 23 45 67 89"' in html  # the rest of the form, as typed
    theme.refresh_from_db()
    assert not theme.logo and theme.contact_phone != "01 23 45 67 89"


def test_the_admin_saves_logos_favicon_and_font_and_the_pages_use_them(theme_admin, client):
    theme = Theme.objects.get(slug="prairie")
    data = theme_form_data(theme)
    data["logo"] = _upload(CLEAN_SVG, "logo.svg")
    data["logo_small"] = _upload(_png((32, 32)), "petit.png")
    data["favicon"] = _upload(_png((32, 32)), "favicon.png")
    data["font_file"] = _upload(b"wOF2" + b"\0" * 64, "marque.woff2")
    response = theme_admin.post(f"/admin/snippets/themes/theme/edit/{theme.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    theme.refresh_from_db()
    assert theme.logo.name.endswith(".svg") and theme.font_file.name.endswith(".woff2")
    html = client.get("/").content.decode()
    assert f'<link rel="icon" href="{theme.favicon_url}">' in html
    assert f'srcset="{theme.logo_small_url}"' in html and f'src="{theme.logo_url}"' in html
    logo = client.get(theme.logo_url)
    assert (
        logo["Content-Type"] == "image/svg+xml"
        and "default-src 'none'" in logo["Content-Security-Policy"]
    )
    assert b"".join(logo.streaming_content) == CLEAN_SVG
    assert client.get(theme.file_url("font_file"))["Content-Type"] == "font/woff2"
    assert f'@font-face{{font-family:"guichet-theme-{theme.pk}";' in html
    assert 'format("woff2")' in html
    assert f'--g-font:"guichet-theme-{theme.pk}", system-ui' in html


def test_the_theme_editor_sends_files(theme_admin):
    theme = Theme.objects.get(slug="prairie")
    html = theme_admin.get(f"/admin/snippets/themes/theme/edit/{theme.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    for field in ("logo", "logo_small", "favicon", "font_file"):
        assert f'name="{field}"' in html


def test_only_files_a_theme_points_to_are_served(client, demo_city):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    private = default_storage.save("brouillons/piece.pdf", ContentFile(b"%PDF-1.7 secret"))
    assert client.get(f"/theme/fichiers/{private}").status_code == 404
    assert client.get("/theme/fichiers/themes/absent.svg").status_code == 404
