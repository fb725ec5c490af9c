from django.urls import path

from . import files, pwa

app_name = "themes"
urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("hors-ligne/", pwa.offline, name="offline"),
    path("theme/fichiers/<path:name>", files.theme_file, name="file"),
]
