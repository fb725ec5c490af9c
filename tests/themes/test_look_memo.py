"""Each process remembers a site's look for a minute (themes/look.py), and forgets it the
moment a theme or a site's appearance is saved here: an edit in the admin shows at once."""

from wagtail.models import Site

from themes.bundled import bundled_theme
from themes.look import look_for_site
from themes.models import SiteAppearance


def test_a_site_s_look_is_read_once_then_remembered(demo_city, django_assert_num_queries):
    site = Site.objects.get(is_default_site=True)
    first = look_for_site(site)
    with django_assert_num_queries(0):
        assert look_for_site(site) is first


def test_saving_the_appearance_or_the_theme_is_seen_at_once(demo_city):
    site = Site.objects.get(is_default_site=True)
    look_for_site(site)
    appearance = SiteAppearance.objects.get(site=site)
    appearance.theme = bundled_theme("patrimoine")
    appearance.town_name = "Ville de Patrimoine"
    appearance.save()
    look = look_for_site(site)
    assert look.town_name == "Ville de Patrimoine" and look.theme.slug == "patrimoine"
    look.theme.name = "Patrimoine revu"
    look.theme.save()
    assert look_for_site(site).theme.name == "Patrimoine revu"


def test_a_preview_theme_is_never_remembered(demo_city):
    site = Site.objects.get(is_default_site=True)
    worn = look_for_site(site).theme
    assert look_for_site(site, theme=bundled_theme("patrimoine")).theme.slug == "patrimoine"
    assert look_for_site(site).theme == worn
