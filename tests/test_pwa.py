"""Installable on a phone: manifest, service worker, offline page."""

import json

from django.conf import settings
from django.contrib.staticfiles import finders


def test_the_manifest_names_the_town_in_its_colours(client, demo_city):
    response = client.get("/manifest.webmanifest")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert data["name"] == "Mairie de Val-Fleuri"
    assert data["theme_color"] == "#0b6e4f" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_the_service_worker_caches_assets_and_never_answers(client, demo_city):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "/hors-ligne/" in body and "/static/themes/guichet.css" in body
    assert 'request.method !== "GET"' in body  # posted answers always go to the server


def test_pages_link_the_manifest_and_register_the_worker(client, demo_city):
    html = client.get("/").content.decode()
    assert 'rel="manifest"' in html and "serviceWorker" in html
    assert client.get("/hors-ligne/").status_code == 200
