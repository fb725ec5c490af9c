"""A base for questions answered with files (attachments, photos).

Files are checked and kept as soon as they arrive (formbuilder/uploads.py), so a mistake
elsewhere in the form never makes anyone send them again: the page lists the files kept,
each with a "remove" box, and the answer stores their descriptors.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..file_checks import FileRefused, human_size
from .registry import FieldKind

TOKEN = {"type": "string", "minLength": 20, "maxLength": 64}


def files_schema(types: list[str], max_bytes: int, max_count: int) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "upload": TOKEN,
                "name": {"type": "string", "maxLength": 255},
                "size": {"type": "integer", "minimum": 1, "maximum": max_bytes},
                "type": {"enum": types},
            },
            "required": ["upload", "name", "size", "type"],
            "additionalProperties": False,
        },
        "maxItems": max_count,
    }


@dataclass(frozen=True)
class FileLibrary:
    """Files a person keeps elsewhere and may reuse as answers (a citizen's document
    wallet): who owns them, and the name each is shown under, by upload token."""

    owner: str
    labels: dict[str, str] = dataclass_field(default_factory=dict)


class FilesWidget(forms.Widget):
    template_name = "formbuilder/widgets/files.html"
    needs_multipart_form = True
    owner = ""
    library: FileLibrary | None = None
    allowed: tuple[str, ...] = ()
    max_bytes = 0

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, list]:
        listed = data.getlist if hasattr(data, "getlist") else lambda key: []
        return {
            "new": files.getlist(name) if files else [],
            "kept": listed(f"{name}-kept"),
            "remove": listed(f"{name}-remove"),
            "library": listed(f"{name}-library"),
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from ..models import Upload

        context = super().get_context(name, None, attrs)
        if isinstance(value, dict):
            tokens = [t for t in value.get("kept", []) if t not in value.get("remove", [])]
        else:
            tokens = [item.get("upload") for item in value or [] if isinstance(item, dict)]
        uploads = {u.token: u for u in Upload.objects.filter(token__in=tokens, owner=self.owner)}
        context["widget"]["kept"] = [
            {
                "token": token,
                "name": uploads[token].name,
                "size": human_size(uploads[token].size),
                "url": reverse("formbuilder:upload", args=[token]),
                "is_image": uploads[token].content_type.startswith("image/"),
            }
            for token in tokens
            if token in uploads
        ]
        context["widget"]["library"] = self._library_offer()
        return context

    def _library_offer(self) -> list[dict[str, str]]:
        """The person's own documents this question accepts, to tick instead of sending."""
        from ..models import Upload

        if self.library is None or not self.library.labels:
            return []
        fitting = Upload.objects.filter(
            owner=self.library.owner,
            token__in=list(self.library.labels),
            content_type__in=self.allowed,
            size__lte=self.max_bytes,
        ).order_by("-created_at")
        return [
            {
                "token": upload.token,
                "label": self.library.labels[upload.token],
                "name": upload.name,
                "size": human_size(upload.size),
            }
            for upload in fitting
        ]


class FilesField(forms.Field):
    """Keeps the checked files at once and answers with their descriptors."""

    widget = FilesWidget

    def __init__(self, *, allowed: tuple[str, ...], max_bytes: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.allowed, self.max_bytes = allowed, max_bytes
        self.widget.allowed, self.widget.max_bytes = allowed, max_bytes
        self.owner = ""
        self.library: FileLibrary | None = None
        self.kept_tokens: list[str] | None = None

    def clean(self, value: Any) -> list[dict[str, Any]]:
        from ..models import Upload
        from ..uploads import upload_store

        if not isinstance(value, dict):
            value = {"new": [], "kept": [], "remove": [], "library": []}
        wanted = [t for t in value["kept"] if t not in value["remove"]]
        owned = {u.token: u for u in Upload.objects.filter(token__in=wanted, owner=self.owner)}
        kept = [owned[token] for token in wanted if token in owned]
        refusals = self._copy_from_library(value.get("library", []), kept)
        for uploaded in value["new"]:
            try:
                kept.append(
                    upload_store(
                        uploaded=uploaded,
                        owner=self.owner,
                        allowed=self.allowed,
                        max_bytes=self.max_bytes,
                    )
                )
            except FileRefused as refusal:
                refusals.append(f"{uploaded.name} : {refusal}")
        self.kept_tokens = [upload.token for upload in kept]
        if refusals:
            raise ValidationError(refusals)
        return [upload.descriptor() for upload in kept]

    def _copy_from_library(self, tokens: list[str], kept: list[Any]) -> list[str]:
        """Ticked documents of the person's library join the answer as copies."""
        from ..models import Upload
        from ..uploads import upload_copy

        if self.library is None or not tokens:
            return []
        labels = self.library.labels
        chosen = [token for token in dict.fromkeys(tokens) if token in labels]
        sources = Upload.objects.filter(owner=self.library.owner, token__in=chosen)
        refusals = []
        for source in sources:
            try:
                kept.append(
                    upload_copy(
                        source=source,
                        owner=self.owner,
                        allowed=self.allowed,
                        max_bytes=self.max_bytes,
                    )
                )
            except FileRefused as refusal:
                refusals.append(f"{labels[source.token]} : {refusal}")
        return refusals

    def refresh_data(self, name: str, data: QueryDict) -> QueryDict:
        """The posted data as it should be shown again: the kept files, none removed."""
        if self.kept_tokens is None:
            return data
        data = data.copy()
        data.setlist(f"{name}-kept", self.kept_tokens)
        data.setlist(f"{name}-remove", [])
        data.setlist(f"{name}-library", [])  # copied once: now among the kept files
        return data


def show_kept_files(form: forms.Form) -> None:
    """After cleaning, let the page list the files kept rather than the ones just sent, so a
    mistake elsewhere never means sending them again. Any form with files fields calls it."""
    if not form.is_bound:
        return
    for name, field in form.fields.items():
        if isinstance(field, FilesField):
            form.data = field.refresh_data(form.add_prefix(name), form.data)


class FilesKind(FieldKind):
    """Shared behaviour of the attachment and photo kinds."""

    is_file = True
    messages = {
        "required": gettext_lazy("Joignez au moins un fichier."),
        "maxItems": gettext_lazy("Joignez au plus {limit} fichiers."),
        "maximum": gettext_lazy("Un des fichiers dépasse la taille permise."),
    }

    def form_field(self, *, prop: dict[str, Any], ui: dict[str, Any]) -> forms.Field:
        item = prop.get("items", {}).get("properties", {})
        allowed = tuple(item.get("type", {}).get("enum", []))
        max_bytes = int(item.get("size", {}).get("maximum", 10 * 1024 * 1024))
        field = FilesField(allowed=allowed, max_bytes=max_bytes)
        field.widget.attrs["accept"] = ",".join(allowed)
        return field

    def to_answer(self, cleaned: Any) -> Any:
        return list(cleaned) or None if isinstance(cleaned, list) else None

    def display(self, value: Any, prop: dict[str, Any]) -> str:
        return ", ".join(item.get("name", "?") for item in value or [] if isinstance(item, dict))

    def limits_help(self, types_label: str, max_bytes: int, max_count: int) -> str:
        return _(
            "Formats acceptés : %(types)s. %(size)s au plus par fichier, %(count)d au plus."
        ) % {
            "types": types_label,
            "size": human_size(max_bytes),
            "count": max_count,
        }

    def matches_schema(self, prop: dict[str, Any]) -> bool:
        items = prop.get("items")
        return (
            prop.get("type") == "array"
            and isinstance(items, dict)
            and set(items.get("properties", {})) == {"upload", "name", "size", "type"}
        )
