"""A theme tried on any procedure before a site wears it, by those who may change themes, and
only by them; the preview writes nothing."""

import pytest

from cms.models import ProcedurePage
from formbuilder.models import Draft
from themes.models import SiteAppearance, Theme


@pytest.fixture
def patrimoine(demo_city) -> Theme:
    return Theme.objects.get(slug="patrimoine")


def _urls(theme: Theme, page: ProcedurePage) -> list[str]:
    base = f"/admin/themes/apercu/{theme.pk}/"
    return [base, f"{base}{page.pk}/presentation/", f"{base}{page.pk}/formulaire/"]


def test_communications_preview_a_theme_on_a_procedure_without_applying_it(
    client, people, patrimoine, procedure
):
    client.force_login(people["communication"])
    choose, presentation, form = _urls(patrimoine, procedure)
    listing = client.get(choose).content.decode()
    assert "Demander un acte de naissance" in listing and presentation in listing
    drafts = Draft.objects.count()
    html = client.get(presentation).content.decode()
    assert "Aperçu du thème « Patrimoine »" in html
    assert "--g-primary:#7a1f3d;" in html and 'class="p-header"' in html
    assert "Mairie de Val-Fleuri" in html  # the procedure's own town
    html = client.get(form).content.decode()
    assert "Étape 1 sur" in html and "--g-primary:#7a1f3d;" in html
    assert Draft.objects.count() == drafts
    # The site still wears its own theme.
    assert SiteAppearance.objects.get().theme.slug == "prairie"
    assert "--g-primary:#0b6e4f;" in client.get("/").content.decode()


def test_the_theme_listing_offers_the_preview(client, people, patrimoine):
    client.force_login(people["communication"])
    html = client.get("/admin/snippets/themes/theme/").content.decode()
    assert f"/admin/themes/apercu/{patrimoine.pk}/" in html and "Aperçu sur une démarche" in html


@pytest.mark.parametrize("role", ["agent", "auditor", "no_role"])
def test_people_who_may_not_change_themes_get_no_preview(
    client, people, patrimoine, procedure, role
):
    client.force_login(people[role])
    for url in _urls(patrimoine, procedure):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Aperçu du thème" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_admin_login(client, patrimoine, procedure):
    for url in _urls(patrimoine, procedure):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unknown_theme_page_or_view_is_a_404(client, people, patrimoine, procedure):
    client.force_login(people["communication"])
    assert client.get("/admin/themes/apercu/999999/").status_code == 404
    assert (
        client.get(f"/admin/themes/apercu/{patrimoine.pk}/999999/presentation/").status_code == 404
    )
    assert (
        client.get(f"/admin/themes/apercu/{patrimoine.pk}/{procedure.pk}/autre/").status_code == 404
    )
