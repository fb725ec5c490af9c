"""The forms of the citizen space, with their checks and French messages."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.models import Case
from casework.tracking_codes import normalise_tracking_code
from formbuilder import identifiers
from formbuilder.rendering import AnswerBoundField

from .selectors import case_matching

# The login name of a citizen is their e-mail address, and usernames hold 150 characters.
EMAIL_MAX_LENGTH = 150
REQUIRED = _("Ce champ est obligatoire.")  # as in the procedure forms
EMAIL_INVALID = _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.")
PASSWORD_HELP = _(
    "Au moins 8 caractères. Évitez un mot de passe courant, uniquement des chiffres "
    "ou proche de votre nom ou de votre adresse e-mail."
)


class CitizenFormMixin:
    """Same look and screen-reader wiring as the procedure forms (formbuilder/field.html)."""

    bound_field_class = AnswerBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.is_mandatory = field.required
            field.error_messages["required"] = REQUIRED
            field.widget.attrs.setdefault("class", "g-input")
            if field.required:
                field.widget.attrs["aria-required"] = "true"
            # The browser's own bubbles would hide the French messages of the server.
            field.widget.attrs.pop("required", None)
        self.use_required_attribute = False


def _email_field(**kwargs: Any) -> forms.EmailField:
    return forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        # Worded as in the procedure forms (Django's own says "adresse de courriel").
        error_messages={"invalid": EMAIL_INVALID},
        **kwargs,
    )


def _name_field(label: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=150, widget=forms.TextInput(attrs={"autocomplete": autocomplete})
    )


def normalise_email(email: str) -> str:
    """One spelling per address: it is also the login name."""
    return email.strip().lower()


class RegistrationForm(CitizenFormMixin, forms.Form):
    email = _email_field(help_text=_("Vous y recevrez un lien pour activer votre compte."))
    first_name = _name_field(_("Prénom"), "given-name")
    last_name = _name_field(_("Nom"), "family-name")
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            # The validators compare the password with the person's name and address.
            candidate = get_user_model()(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CitizenLoginForm(CitizenFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Si vous venez de créer votre compte, "
            "ouvrez d'abord le lien d'activation reçu par e-mail."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Adresse e-mail")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.fields["password"].label = _("Mot de passe")

    def clean_username(self) -> str:
        # Citizens' login names are their lowercased address; staff names have no "@".
        username = self.cleaned_data.get("username", "")
        return normalise_email(username) if "@" in username else username


class CitizenPasswordResetForm(CitizenFormMixin, PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail de votre compte")


class CitizenSetPasswordForm(CitizenFormMixin, SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class ProfileForm(CitizenFormMixin, forms.Form):
    first_name = _name_field(_("Prénom"), "given-name")
    last_name = _name_field(_("Nom"), "family-name")
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        help_text=_("Par exemple 06 12 34 56 78."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    numero = forms.CharField(label=_("Numéro"), required=False, max_length=20)
    voie = forms.CharField(
        label=_("Voie (rue, avenue, lieu-dit…)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    complement = forms.CharField(
        label=_("Complément d'adresse"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    code_postal = forms.CharField(
        label=_("Code postal"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    ville = forms.CharField(
        label=_("Ville"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    ADDRESS_PARTS = ("numero", "voie", "complement", "code_postal", "ville")

    def clean_phone(self) -> str:
        typed = self.cleaned_data["phone"].strip()
        if not typed:
            return ""
        phone = identifiers.normalise_phone(typed)
        if phone is None:
            raise ValidationError(
                _("Saisissez un numéro de téléphone français, par exemple 06 12 34 56 78.")
            )
        return phone

    def clean_code_postal(self) -> str:
        typed = self.cleaned_data["code_postal"].strip()
        if not typed:
            return ""
        postcode = identifiers.normalise_postcode(typed)
        if postcode is None:
            raise ValidationError(_("Le code postal doit comporter 5 chiffres."))
        return postcode

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # An address is all or nothing: a partial one would prefill a form with a wrong one.
        if any(cleaned.get(part) for part in self.ADDRESS_PARTS):
            for part in ("voie", "code_postal", "ville"):
                if not cleaned.get(part) and part not in self.errors:
                    self.add_error(part, _("Indiquez la voie, le code postal et la ville."))
        return cleaned

    @property
    def address(self) -> dict[str, str]:
        return {part: self.cleaned_data.get(part, "").strip() for part in self.ADDRESS_PARTS}


class AttachCaseForm(CitizenFormMixin, forms.Form):
    """A case sent without an account, proven by its reference and its secret code."""

    reference = forms.CharField(
        label=_("Numéro de dossier"),
        max_length=32,
        help_text=_("Par exemple DEM-2026-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    tracking_code = forms.CharField(
        label=_("Code de suivi"),
        max_length=40,
        help_text=_("16 caractères, par exemple K7QF-2MXD-9TRA-HW3E."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    NO_MATCH = _(
        "Ce numéro de dossier et ce code de suivi ne correspondent à aucune demande. "
        "Vérifiez-les et réessayez."
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.case: Case | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        reference = cleaned.get("reference", "").strip().upper()
        code = normalise_tracking_code(cleaned.get("tracking_code", ""))
        if not reference or "tracking_code" in self.errors:
            return cleaned
        # One message for a wrong reference, a wrong code or both: nothing tells which
        # references exist.
        case = case_matching(reference=reference, tracking_code=code) if code else None
        if case is None:
            self.add_error("tracking_code", self.NO_MATCH)
        elif case.citizen_id == self.user.pk:
            self.add_error("reference", _("Cette demande est déjà dans votre espace."))
        elif case.citizen_id is not None:
            # Whoever holds the secret code may learn this much about their own case.
            self.add_error("reference", _("Cette demande est déjà rattachée à un autre compte."))
        else:
            self.case = case
        return cleaned


class WalletDocumentForm(CitizenFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Intitulé du document"),
        max_length=120,
        help_text=_("Par exemple : justificatif de domicile, pièce d'identité."),
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, JPEG, PNG ou WebP ; 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # After the mixin, which gives every field the generic "required" wording.
        self.fields["file"].error_messages["required"] = _("Choisissez le fichier à ajouter.")
