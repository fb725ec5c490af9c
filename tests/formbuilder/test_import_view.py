"""The admin page where an editor pastes or uploads a JSON Schema to create a form."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from formbuilder.models import FormDefinition
from tests.factories import UserFactory

URL = "/admin/formulaires/import/"
SCHEMA = {
    "type": "object",
    "properties": {
        "nom": {"type": "string", "title": "Nom"},
        "motif": {"type": "string", "title": "Motif", "enum": ["naissance", "mariage"]},
    },
    "required": ["nom"],
}


@pytest.fixture
def editor_client(client, people, demo_password):
    assert client.login(username=people["communication"].username, password=demo_password)
    return client


def test_the_import_page_is_mounted_where_wagtail_hooks_says():
    assert reverse("formbuilder_import:import") == URL


def test_the_communications_officer_imports_a_pasted_schema(editor_client, people):
    response = editor_client.get(URL)
    assert response.status_code == 200
    assert "Importer un formulaire depuis un JSON Schema" in response.content.decode()

    response = editor_client.post(
        URL, {"name": "Inscription à la cantine", "schema": json.dumps(SCHEMA), "ui_schema": ""}
    )
    definition = FormDefinition.objects.get(name="Inscription à la cantine")
    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailsnippets_formbuilder_formdefinition:edit", args=[definition.pk]
    )
    version = definition.current_version
    assert version.number == 1
    assert version.published_by == people["communication"]
    assert version.ui_schema["fields"]["motif"] == {"kind": "choice"}
    edit_page = editor_client.get(response.url)
    assert "« Inscription à la cantine » est importé et publié (version 1)" in (
        edit_page.content.decode()
    )


def test_the_schema_and_ui_schema_can_be_uploaded(editor_client):
    ui_schema = {"steps": [{"title": "Vous", "items": [{"field": "nom"}]}]}
    response = editor_client.post(
        URL,
        {
            "name": "Depuis des fichiers",
            "schema_file": SimpleUploadedFile("schema.json", json.dumps(SCHEMA).encode()),
            "ui_schema_file": SimpleUploadedFile("ui.json", json.dumps(ui_schema).encode()),
        },
    )
    assert response.status_code == 302
    version = FormDefinition.objects.get(name="Depuis des fichiers").current_version
    assert version.ui_schema["steps"][0]["title"] == "Vous"


def test_a_refused_schema_is_explained_at_the_field_and_kept_as_pasted(editor_client):
    pasted = json.dumps(
        {"type": "object", "properties": {"nom": {"type": "string", "$dynamicRef": "#meta"}}},
        indent=2,
    )
    response = editor_client.post(URL, {"name": "Refusé", "schema": pasted})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["schema"] == [
        "Le mot-clé « $dynamicRef » n'est pas pris en charge (à /properties/nom)."
    ]
    content = response.content.decode()
    assert escape("Le mot-clé « $dynamicRef » n'est pas pris en charge") in content
    assert escape(pasted) in content
    assert not FormDefinition.objects.filter(name="Refusé").exists()


def test_a_refused_upload_is_shown_in_the_text_area_to_be_fixed(editor_client):
    uploaded = json.dumps({"type": "string"})
    response = editor_client.post(
        URL,
        {"name": "Téléversé", "schema_file": SimpleUploadedFile("s.json", uploaded.encode())},
    )
    assert response.status_code == 200
    assert "(à la racine du schéma)" in response.context["form"].errors["schema"][0]
    assert escape(uploaded) in response.content.decode()


def test_a_ui_schema_refusal_shows_at_the_ui_schema_field(editor_client):
    response = editor_client.post(
        URL,
        {
            "name": "Affichage refusé",
            "schema": json.dumps(SCHEMA),
            "ui_schema": json.dumps({"fields": {"nom": {"kind": "hologramme"}}}),
        },
    )
    assert response.context["form"].errors["ui_schema"] == [
        "Le type de champ « hologramme » n'existe pas (à /fields/nom/kind du schéma d'affichage)."
    ]


def test_text_that_is_not_json_is_refused_in_french(editor_client):
    response = editor_client.post(URL, {"name": "Cassé", "schema": "{pas du json"})
    assert response.context["form"].errors["schema"] == [
        "Ce n'est pas du JSON valide (ligne 1, colonne 2)."
    ]


def test_a_name_already_used_is_refused_at_the_name(editor_client):
    editor_client.post(URL, {"name": "Doublon", "schema": json.dumps(SCHEMA)})
    response = editor_client.post(URL, {"name": "Doublon", "schema": json.dumps(SCHEMA)})
    assert response.context["form"].errors["name"] == [
        "Un formulaire nommé « Doublon » existe déjà."
    ]
    assert FormDefinition.objects.filter(name="Doublon").count() == 1


def test_a_user_without_admin_access_cannot_import(client, people, demo_password):
    client.force_login(people["no_role"])
    response = client.post(URL, {"name": "Intrus", "schema": json.dumps(SCHEMA)})
    assert response.status_code in (302, 403)
    assert not FormDefinition.objects.filter(name="Intrus").exists()


def test_an_admin_user_without_the_add_permission_is_turned_away(client, demo_city):
    user = UserFactory(username="lecteur.admin")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    # Wagtail answers a refused admin page with its "permission denied" redirect home.
    assert client.get(URL).url == reverse("wagtailadmin_home")
    response = client.post(URL, {"name": "Intrus", "schema": json.dumps(SCHEMA)})
    assert response.url == reverse("wagtailadmin_home")
    assert not FormDefinition.objects.filter(name="Intrus").exists()
