from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from casework.urls import backoffice_patterns, tracking_patterns

from . import procedure_routing

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("bureau/", include(backoffice_patterns)),
    path("suivi/", include(tracking_patterns)),
    path("compte/", include("cms.accounts.urls")),
    path("", include("formbuilder.urls")),
    path("", include("themes.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's front-end patterns, its page pattern last and served through the one-query
# route of procedure pages (procedure_routing.py).
*wagtail_utilities, wagtail_pages = wagtail_urls.urlpatterns
urlpatterns += [
    *wagtail_utilities,
    re_path(wagtail_urls.serve_pattern, procedure_routing.serve, name=wagtail_pages.name),
]
