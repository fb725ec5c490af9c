"""What a citizen enters once about themselves, to be prefilled in every procedure."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.models.audited import audited_history


class CitizenProfile(models.Model):
    """The citizen's contact details; names and e-mail stay on the user account itself.

    The address is kept in the same parts as the address question of the forms, so that
    prefilling copies it as it is.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="citizen_profile",
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)  # E.164
    numero = models.CharField(_("numéro"), max_length=20, blank=True)
    voie = models.CharField(_("voie"), max_length=200, blank=True)
    complement = models.CharField(_("complément d'adresse"), max_length=200, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, blank=True)
    ville = models.CharField(_("ville"), max_length=100, blank=True)
    email_verified_at = models.DateTimeField(_("adresse e-mail vérifiée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    # Who changed the contact details, when and through which channel, like every business
    # model; the account's password is on the user model, whose history never keeps it.
    history = audited_history()

    class Meta:
        verbose_name = _("profil d'usager")
        verbose_name_plural = _("profils d'usagers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def address(self) -> dict[str, str]:
        """The address as an address question stores it: only the parts filled in."""
        parts = {
            "numero": self.numero,
            "voie": self.voie,
            "complement": self.complement,
            "code_postal": self.code_postal,
            "ville": self.ville,
        }
        return {key: value for key, value in parts.items() if value}


class WalletDocument(models.Model):
    """A document a citizen keeps in their account ("porte-documents") to attach it to any
    procedure without sending it again. The file itself is an Upload owned by the wallet."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="wallet_documents",
    )
    title = models.CharField(_("intitulé"), max_length=120)
    upload = models.OneToOneField(
        "formbuilder.Upload",
        verbose_name=_("fichier"),
        on_delete=models.PROTECT,
        related_name="wallet_document",
    )
    created_at = models.DateTimeField(_("ajouté le"), default=timezone.now)

    history = audited_history()

    class Meta:
        verbose_name = _("document du porte-documents")
        verbose_name_plural = _("documents du porte-documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
