from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JournalEntry(models.Model):
    """One line of the audit journal: every historical row, every access to personal data
    and every Wagtail log entry, in the order written.

    The journal is what auditors browse and what the tamper-evidence chain covers. It copies
    what an auditor filters on (actor, department, procedure, case, kind of object and of
    event) so that a timeline over tens of millions of rows reads one table through one
    index. The full state stays in the history table the entry points to.

    Rows are never changed: foreign keys are kept without database constraints, so that
    deleting a person or a case later never rewrites the journal.
    """

    class Event(models.TextChoices):
        CREATED = "created", _("Création")
        CHANGED = "changed", _("Modification")
        DELETED = "deleted", _("Suppression")
        CASE_OPENED = "case_opened", _("Dossier consulté")
        FILE_DOWNLOADED = "file_downloaded", _("Pièce jointe téléchargée")
        EXPORT_REQUESTED = "export_requested", _("Export de liste demandé")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export de liste téléchargé")
        PROFILE_VIEWED = "profile_viewed", _("Profil d'usager consulté")
        AUDIT_EXPORTED = "audit_exported", _("Export du journal d'audit")
        PAGE_LOGGED = "page_logged", _("Action sur une page du site")
        REDACTED = "redacted", _("Données personnelles effacées (conservation)")
        PURGED = "purged", _("Journal des accès purgé (conservation)")
        GDPR_EXPORTED = "gdpr_exported", _("Données d'un usager exportées (droit d'accès)")

    at = models.DateTimeField(_("le"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # The actor's name at the time, or the named system actor (a periodic task, a command):
    # the journal still says who after the account is gone.
    actor_label = models.CharField(_("auteur"), max_length=200, blank=True)
    channel = models.CharField(_("canal"), max_length=20, blank=True)
    event = models.CharField(_("événement"), max_length=30, choices=Event.choices)
    # "app_label.model" of the object concerned, its primary key and its name at the time.
    object_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    object_label = models.CharField(_("objet"), max_length=300, blank=True)
    # The historical row this entry stands for, in the history table of `object_type`.
    history_id = models.BigIntegerField(_("ligne d'historique"), null=True, blank=True)
    case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    case_reference = models.CharField(_("numéro de dossier"), max_length=32, blank=True)
    department = models.ForeignKey(
        "casework.Department",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "cms.ProcedurePage",
        verbose_name=_("démarche"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    # What exactly was seen or done: a file's name, an export's filters.
    detail = models.TextField(_("détail"), blank=True)
    address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    # SHA-256 of the entry's own fields and of the historical row it stands for: changing
    # either afterwards breaks the chain that `manage.py audit verify` recomputes.
    digest = models.CharField(_("empreinte"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-id"]
        # The timeline pages by id (the order written), newest first, within each filter.
        indexes = [
            models.Index(fields=["at"], name="journal_at"),
            models.Index(fields=["actor", "-id"], name="journal_by_actor"),
            # A person's page counts what they did by kind of event from this index alone:
            # the busiest agent has hundreds of thousands of entries.
            models.Index(fields=["actor", "event"], name="journal_by_actor_event"),
            models.Index(fields=["case", "-id"], name="journal_by_case"),
            models.Index(fields=["department", "-id"], name="journal_by_department"),
            models.Index(fields=["procedure", "-id"], name="journal_by_procedure"),
            models.Index(fields=["object_type", "object_id", "-id"], name="journal_by_object"),
            models.Index(fields=["event", "-id"], name="journal_by_event"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} — {self.object_label or self.object_type}"


class JournalSeal(models.Model):
    """The tamper-evidence chain: one link per journal entry, in the order entries were
    committed, each holding the SHA-256 of the previous link, the entry's id and its digest
    (`casework.audit_chain.chain_hash`).

    Links are written when the entry's transaction commits (on PostgreSQL by a deferred
    trigger, so the chain's lock is held only for the commit itself), hence in their own
    table rather than as a column that would have to be filled in afterwards.
    """

    seq = models.BigIntegerField(_("rang"), primary_key=True)
    entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("entrée"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="seal",
    )
    previous_hash = models.CharField(_("empreinte précédente"), max_length=64)
    hash = models.CharField(_("empreinte"), max_length=64)

    class Meta:
        verbose_name = _("maillon de la chaîne d'audit")
        verbose_name_plural = _("chaîne d'audit")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"


class JournalDailyDigest(models.Model):
    """The chain's head, written down once a day: a copy kept apart (printed, mailed,
    timestamped) proves that the chain up to `seq` has not been rewritten since."""

    day = models.DateField(_("jour"), unique=True)
    seq = models.BigIntegerField(_("rang du dernier maillon"))
    head_hash = models.CharField(_("empreinte du dernier maillon"), max_length=64)
    # Links sealed since the previous digest.
    entries = models.PositiveIntegerField(_("entrées du jour"))
    written_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    class Meta:
        verbose_name = _("empreinte quotidienne du journal d'audit")
        verbose_name_plural = _("empreintes quotidiennes du journal d'audit")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.head_hash[:12]}"
