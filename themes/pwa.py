"""Installable on a phone: a web app manifest in the site's colours, a service worker that
caches the static assets and shows an offline page, never caching anyone's answers."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .look import look_for_request

CACHE_VERSION = "guichet-v1"


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    look = look_for_request(request)
    tokens = look.theme.css_tokens()
    data = {
        "name": look.town_name,
        "short_name": look.town_name[:12],
        "lang": "fr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": tokens["--g-background"],
        "theme_color": tokens["--g-primary"],
        "icons": [
            {"src": static("themes/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("themes/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("themes/logo.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "themes/pwa/sw.js",
        {
            "version": CACHE_VERSION,
            "offline_url": "/hors-ligne/",
            "assets": [static("themes/guichet.css"), static("themes/logo.svg")],
        },
        content_type="text/javascript",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "themes/pwa/offline.html")
