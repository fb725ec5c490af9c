"""Form definitions (edited as drafts in Wagtail) and their frozen, published versions."""

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin

from casework.models.audited import audited_history

from .admin_panels import ImportedSchemaPanel
from .blocks import FormFieldsBlock


class FormDefinition(DraftStateMixin, RevisionMixin, PreviewableMixin, models.Model):
    """The questions of a procedure, as blocks. Publishing freezes a FormVersion."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    fields = StreamField(FormFieldsBlock(), verbose_name=_("questions"), blank=True)
    # A form imported from a raw JSON Schema (formschema import) keeps it here instead of
    # blocks; see importer.py. Null for forms built from blocks.
    source_schema = models.JSONField(_("schéma JSON importé"), null=True, blank=True)
    source_ui_schema = models.JSONField(_("schéma d'affichage importé"), null=True, blank=True)
    revisions = GenericRelation("wagtailcore.Revision", related_query_name="form_definition")

    panels = [
        FieldPanel("name"),
        ImportedSchemaPanel(heading=_("Schéma importé")),
        FieldPanel("fields"),
    ]

    class Meta:
        verbose_name = _("formulaire")
        verbose_name_plural = _("formulaires")

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> "FormVersion | None":
        latest = self.versions.order_by("-number").values_list("pk", flat=True).first()
        return None if latest is None else published_version(latest)

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "formbuilder/preview.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict[str, Any]:
        from .compiler import compile_definition
        from .rendering import form_class_for

        compiled = compile_definition(self)
        form_class = form_class_for(compiled.schema, compiled.ui_schema)
        return {"object": self, "form": form_class(), "schema": compiled.schema}


class FormVersion(models.Model):
    """An immutable snapshot: cases point here and render from it forever."""

    definition = models.ForeignKey(
        FormDefinition,
        verbose_name=_("formulaire"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("numéro"))
    schema = models.JSONField(_("schéma JSON"))
    ui_schema = models.JSONField(_("schéma d'affichage"))
    checksum = models.CharField(_("empreinte SHA-256"), max_length=64)
    # The editor's blocks as published (StreamField raw data), so a version can be restored.
    blocks = models.JSONField(_("blocs publiés"), default=list, blank=True)
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Versions are never changed (save() refuses): their history is who published which.
    history = audited_history()

    class Meta:
        verbose_name = _("version de formulaire")
        verbose_name_plural = _("versions de formulaire")
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "number"], name="unique_form_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Immutability is a storage guarantee, not a business rule: refuse any rewrite.
        if self.pk is not None and not kwargs.pop("_allow_rewrite", False):
            raise ValueError("A published form version is immutable.")
        super().save(*args, **kwargs)


_PUBLISHED: dict[int, FormVersion] = {}
_PUBLISHED_LIMIT = 256


def published_version(pk: int) -> FormVersion:
    """A published form version, read from the database once per process.

    Versions never change once published, and every step of every citizen needs one: its
    schema and UI schema are large JSON documents not worth decoding on each request. The
    editor's blocks serve only to restore a version and are loaded if ever asked for.
    """
    version = _PUBLISHED.get(pk)
    if version is None:
        version = FormVersion.objects.defer("blocks").get(pk=pk)
        if len(_PUBLISHED) >= _PUBLISHED_LIMIT:
            _PUBLISHED.clear()  # a bound on memory; reading again is only slower
        _PUBLISHED[pk] = version
    return version


def _forget_published(sender: Any, instance: FormVersion, **kwargs: Any) -> None:
    # A new row can only reuse a number after a rollback (tests): never serve the old one.
    _PUBLISHED.pop(instance.pk, None)


models.signals.post_save.connect(_forget_published, sender=FormVersion)
models.signals.post_delete.connect(_forget_published, sender=FormVersion)


def new_upload_token() -> str:
    return secrets.token_urlsafe(24)


def upload_path(instance: "Upload", filename: str) -> str:
    # Stored under the random token: the citizen's file name never touches the file system.
    return (
        f"televersements/{instance.created_at:%Y/%m}/{instance.token}.{filename.rsplit('.', 1)[-1]}"
    )


class Upload(models.Model):
    """A file a citizen sent with an answer, checked and cleaned before it was kept.

    Until a case claims it, only its owner (the browser session that sent it) may see it
    or reuse it; unclaimed uploads are deleted by a periodic task.
    """

    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_upload_token)
    owner = models.CharField(_("propriétaire"), max_length=64, db_index=True)
    file = models.FileField(_("fichier"), upload_to=upload_path)
    name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("taille en octets"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    claimed_at = models.DateTimeField(_("rattaché à un dossier le"), null=True, blank=True)
    # Metadata only: the file itself is not copied, and the token is the key to it.
    history = audited_history(excluded_fields=["file", "token"])

    class Meta:
        verbose_name = _("fichier reçu")
        verbose_name_plural = _("fichiers reçus")
        indexes = [models.Index(fields=["claimed_at", "created_at"])]

    def __str__(self) -> str:
        return self.name

    def descriptor(self) -> dict[str, Any]:
        """What an answer stores about the file."""
        return {
            "upload": self.token,
            "name": self.name,
            "size": self.size,
            "type": self.content_type,
        }


class Draft(models.Model):
    """An unfinished submission, kept on the server so it resumes on any device.

    `wizard_data` is the step-by-step data of the form wizard (what was typed, step by
    step); `answers` are the answers to the questions shown so far, checked step by step.
    """

    public_id = models.UUIDField(_("identifiant"), default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("démarche"), on_delete=models.CASCADE, related_name="+"
    )
    form_version = models.ForeignKey(
        FormVersion, verbose_name=_("version du formulaire"), on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    # Requests received at the counter, by phone, mail or e-mail are typed in by an agent:
    # the channel and the citizen's contact travel with the draft to the case.
    channel = models.CharField(_("canal"), max_length=20, default="web")
    contact = models.JSONField(_("coordonnées de l'usager"), default=dict, blank=True)
    wizard_data = models.JSONField(_("saisie par étape"), default=dict, blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    created_at = models.DateTimeField(_("commencé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("enregistré le"), auto_now=True)
    expires_at = models.DateTimeField(_("expire le"))
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    case_reference = models.CharField(_("dossier créé"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("brouillon")
        verbose_name_plural = _("brouillons")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.page_id} — {self.public_id}"

    @property
    def upload_owner(self) -> str:
        """Files sent with this draft belong to it, so they follow it to another device."""
        return f"draft:{self.public_id}"
