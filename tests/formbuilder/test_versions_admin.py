"""The versions of a form in the Wagtail admin: list, diff, export, restore, and who may."""

import hashlib
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from fixtures.demo_city import BIRTH_CERTIFICATE_FIELDS
from tests.citizen import Citizen
from tests.factories import PASSWORD, UserFactory


def _login(client, user, password):
    assert client.login(username=user.username, password=password)


def _url(name, definition, *args):
    return reverse(f"formbuilder_versions:{name}", args=[definition.pk, *args])


def _second_version_fields():
    """The demo form, with a renamed question, one question gone and one new."""
    fields = [(kind, dict(value)) for kind, value in BIRTH_CERTIFICATE_FIELDS]
    fields[0][1]["label"] = "Nom d'usage"
    fields = [field for field in fields if field[1]["name"] != "precisions"]
    fields.append(
        (
            "short_text",
            {
                "label": "Commune de naissance",
                "name": "commune",
                "help_text": "",
                "required": True,
                "placeholder": "",
                "max_length": 100,
            },
        )
    )
    return fields


@pytest.fixture
def definition(procedure):
    return procedure.form


@pytest.fixture
def two_versions(definition):
    definition.fields = _second_version_fields()
    definition.save_revision().publish()
    assert definition.versions.count() == 2
    return definition


@pytest.fixture
def officer(client, people, demo_password):
    _login(client, people["communication"], demo_password)
    return client


def test_the_officer_sees_each_version_with_its_cases(case, officer, two_versions):
    # `case` comes first: it is submitted with version 1, before version 2 is published.
    response = officer.get(_url("list", two_versions))
    assert response.status_code == 200
    versions = {v.number: v for v in response.context["versions"]}
    assert (versions[1].case_count, versions[2].case_count) == (1, 0)
    assert case.form_version == versions[1]  # the case stays on the version it was given in
    content = response.content.decode()
    assert "Version 2" in content and "Version 1" in content
    assert _url("diff", two_versions) + "?from=1&amp;to=2" in content
    assert _url("export", two_versions, 1) in content
    assert _url("restore", two_versions, 1) in content


def test_the_diff_names_what_changed_in_french(officer, two_versions):
    response = officer.get(_url("diff", two_versions), {"from": 1, "to": 2})
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Changements de la version 1 à la version 2",
        "Libellé",
        "Nom de naissance",
        "Nom d&#x27;usage",
        "Question ajoutée",
        "Commune de naissance",
        "Question retirée",
        "Précisions",
    ):
        assert text in content, text
    assert response.context["counts"] == {"added": 1, "removed": 1, "changed": 1}


def test_the_diff_defaults_to_the_latest_change_and_compares_any_two(officer, two_versions):
    latest = officer.get(_url("diff", two_versions))
    assert (latest.context["old"].number, latest.context["new"].number) == (1, 2)
    backwards = officer.get(_url("diff", two_versions), {"from": 2, "to": 1})
    assert backwards.context["counts"] == {"added": 1, "removed": 1, "changed": 1}
    same = officer.get(_url("diff", two_versions), {"from": 2, "to": 2})
    assert "Aucune différence entre ces deux versions." in same.content.decode()
    assert officer.get(_url("diff", two_versions), {"from": 9, "to": 2}).status_code == 404


def test_a_version_exports_as_json_with_its_checksum(officer, two_versions):
    version = two_versions.versions.get(number=1)
    response = officer.get(_url("export", two_versions, 1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        'attachment; filename="demande-dacte-de-naissance-v1.json"'
    )
    data = json.loads(response.content)
    assert data == {"schema": version.schema, "ui_schema": version.ui_schema}
    assert hashlib.sha256(response.content).hexdigest() == version.checksum


def test_restoring_a_version_makes_a_draft_and_publishes_nothing(officer, two_versions, procedure):
    first = two_versions.versions.get(number=1)
    response = officer.post(_url("restore", two_versions, 1), follow=True)
    assert response.redirect_chain[0] == (
        reverse("wagtailsnippets_formbuilder_formdefinition:edit", args=[two_versions.pk]),
        302,
    )
    assert "Les questions de la version 1 sont maintenant le brouillon" in (
        response.content.decode()
    )
    two_versions.refresh_from_db()
    assert two_versions.versions.count() == 2
    assert two_versions.has_unpublished_changes
    draft = two_versions.get_latest_revision_as_object()
    assert list(draft.fields.raw_data) == first.blocks
    assert two_versions.latest_revision.user.username == "claire.com"
    # The live form is still the latest version: a draft is not published.
    page = Citizen(officer, procedure).start().content.decode()
    assert "Commune de naissance" in page
    assert "Précisions" not in page


def test_publishing_a_restored_version_freezes_a_new_version(officer, two_versions):
    officer.post(_url("restore", two_versions, 1))
    two_versions.refresh_from_db()
    two_versions.get_latest_revision().publish()
    latest = two_versions.current_version
    assert latest.number == 3
    assert latest.checksum == two_versions.versions.get(number=1).checksum


def test_restore_is_refused_by_get(officer, two_versions):
    assert officer.get(_url("restore", two_versions, 1)).status_code == 405
    assert two_versions.versions.count() == 2


def test_an_agent_without_admin_access_is_refused(client, people, demo_password, two_versions):
    _login(client, people["agent"], demo_password)
    for url in (
        _url("list", two_versions),
        _url("diff", two_versions),
        _url("export", two_versions, 1),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"]
    response = client.post(_url("restore", two_versions, 1))
    assert response.status_code in (302, 403)
    two_versions.refresh_from_db()
    assert not two_versions.has_unpublished_changes


def test_admin_access_without_form_rights_is_forbidden(client, two_versions):
    user = UserFactory(username="editeur.pages")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    _login(client, user, PASSWORD)
    for response in (
        client.get(_url("list", two_versions)),
        client.post(_url("restore", two_versions, 1)),
    ):
        _assert_sent_back_to_the_dashboard(response)
    two_versions.refresh_from_db()
    assert not two_versions.has_unpublished_changes


def test_view_permission_reads_but_cannot_restore(client, two_versions):
    user = UserFactory(username="lecteur.formulaires")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="view_formdefinition"),
    )
    _login(client, user, PASSWORD)
    response = client.get(_url("list", two_versions))
    assert response.status_code == 200
    assert _url("restore", two_versions, 1) not in response.content.decode()
    assert client.get(_url("diff", two_versions)).status_code == 200
    _assert_sent_back_to_the_dashboard(client.post(_url("restore", two_versions, 1)))
    two_versions.refresh_from_db()
    assert not two_versions.has_unpublished_changes


def _assert_sent_back_to_the_dashboard(response):
    """Wagtail's answer to a PermissionDenied in its admin: back home, with a message."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
