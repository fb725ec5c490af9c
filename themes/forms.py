"""The theme's admin form: each uploaded file is checked, and kept as checked."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .assets import FAVICON_MAX_BYTES, LOGO_MAX_BYTES, checked_font, checked_image


class ThemeForm(WagtailAdminModelForm):
    def clean_logo(self) -> Any:
        return self._image("logo", max_bytes=LOGO_MAX_BYTES, what=_("Le logo"))

    def clean_logo_small(self) -> Any:
        return self._image("logo_small", max_bytes=LOGO_MAX_BYTES, what=_("Le petit logo"))

    def clean_favicon(self) -> Any:
        return self._image("favicon", max_bytes=FAVICON_MAX_BYTES, what=_("L'icône d'onglet"))

    def clean_font_file(self) -> Any:
        value = self.cleaned_data.get("font_file")
        return checked_font(value) if isinstance(value, UploadedFile) else value

    def _image(self, name: str, *, max_bytes: int, what: str) -> Any:
        # Only a new upload is checked; an unchanged or cleared file is left as it is.
        value = self.cleaned_data.get(name)
        if isinstance(value, UploadedFile):
            return checked_image(value, max_bytes=max_bytes, what=str(what))
        return value
