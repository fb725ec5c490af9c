"""A citizen sees the files they just sent (thumbnails), and no one else's."""

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from ..models import Upload
from ..owners import upload_owners


@require_GET
def upload(request: HttpRequest, token: str) -> FileResponse:
    found = Upload.objects.filter(token=token, owner__in=upload_owners(request)).first()
    if found is None:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=not found.content_type.startswith("image/"),
        filename=found.name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
