"""A theme's logos, favicon and font, served by Guichet itself from the file storage.

Served here rather than as plain media so they show wherever Guichet runs (no web server
rule to add, any storage backend), and only them: the storage also holds files that are not
public, so a name is served only if a theme points to it."""

import mimetypes

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .models import Theme

FILE_FIELDS = ("logo", "logo_small", "favicon", "font_file")
# An SVG opened on its own page runs nothing, whatever slipped past the upload checks.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@require_GET
@cache_control(public=True, max_age=86400)  # names change with each upload
def theme_file(request: HttpRequest, name: str) -> FileResponse:
    if not Theme.objects.filter(_referencing(name)).exists():
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    if content_type == "image/svg+xml":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


def _referencing(name: str) -> Q:
    query = Q()
    for field in FILE_FIELDS:
        query |= Q(**{field: name})
    return query
