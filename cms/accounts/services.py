"""Writes on citizen accounts: register, verify the address, keep the profile."""

import base64
import binascii
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy

from casework.history import Via, stamp

from .models import CitizenProfile

SALT = "guichet.accounts.verify"
VERIFICATION_MAX_AGE = timedelta(days=3)


@transaction.atomic
def account_register(*, email: str, first_name: str, last_name: str, password: str) -> None:
    """Open an inactive account and send its activation link; say nothing about the address.

    An address already known gets an e-mail telling so instead, and the person sees the
    same page either way, so the form tells no one which addresses have an account.
    """
    user_model = get_user_model()
    known = user_model.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    existing = known.select_related("citizen_profile").first()
    if existing is not None and _awaiting_verification(existing):
        # A registration nobody confirmed yet: the newest one wins, and the links sent
        # before die with the password they were signed against.
        existing.first_name, existing.last_name = first_name, last_name
        existing.set_password(password)
        existing.save(update_fields=["first_name", "last_name", "password"])
        _send_after_commit(existing.email, "verify", {"link": verification_link(existing)})
        return
    if existing is not None:
        make_password(password)  # as slow as a new account: timing tells nothing either
        _send_after_commit(existing.email, "already_registered", _account_links())
        return
    try:
        with transaction.atomic():
            user = user_model(
                username=email,
                email=email,
                first_name=first_name,
                last_name=last_name,
                is_active=False,
            )
            user.set_password(password)
            user.save()
            profile = CitizenProfile(user=user)
            stamp(profile, actor=None, reason="Création du compte", channel=Via.CITIZEN_SITE)
            profile.save()
    except IntegrityError:
        return  # the same address registered at the same instant: that one sends the link
    _send_after_commit(email, "verify", {"link": verification_link(user)})


def verification_token(user: Any) -> str:
    """A signed token naming the account, valid for three days.

    It carries a digest of the password hash, so registering again with the same address
    (a new password) makes older links useless.
    """
    signed = signing.dumps({"u": user.pk, "p": _password_digest(user)}, salt=SALT)
    # Kept to [A-Za-z0-9_-] so that the link survives any URL pattern and mail client.
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def verification_link(user: Any) -> str:
    path = reverse("accounts:verify", kwargs={"token": verification_token(user)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@transaction.atomic
def account_verify(*, token: str) -> Any | None:
    """Activate the account a verification link names; None if tampered, expired or stale.

    Opening the link again once the account is active does no harm and returns the user.
    """
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        payload = signing.loads(signed, salt=SALT, max_age=VERIFICATION_MAX_AGE)
        user_id, digest = payload["u"], payload["p"]
    except (signing.BadSignature, binascii.Error, ValueError, TypeError, KeyError):
        return None
    user = (
        get_user_model()
        # Lock the user row only: PostgreSQL cannot lock the optional side of the join.
        .objects.select_for_update(of=("self",))
        .filter(pk=user_id)
        .select_related("citizen_profile")
        .first()
    )
    if user is None or not constant_time_compare(digest, _password_digest(user)):
        return None
    profile = getattr(user, "citizen_profile", None)
    if profile is None:
        return None  # not a citizen account: an administrator decides on those
    if profile.email_verified_at is not None:
        return user  # already done; an account an administrator closed stays closed
    profile.email_verified_at = timezone.now()
    stamp(profile, actor=user, reason="Adresse e-mail vérifiée", channel=Via.CITIZEN_SITE)
    profile.save(update_fields=["email_verified_at", "updated_at"])
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def profile_update(
    *,
    user: Any,
    first_name: str,
    last_name: str,
    phone: str,
    address: dict[str, str],
) -> CitizenProfile:
    """Keep the person's names and contact details, entered once for every procedure.

    `phone` is in E.164 (or empty); `address` has the parts numero, voie, complement,
    code_postal and ville, as the address question stores them.
    """
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    profile = CitizenProfile.objects.filter(user=user).first() or CitizenProfile(user=user)
    profile.phone = phone
    for part in ("numero", "voie", "complement", "code_postal", "ville"):
        setattr(profile, part, (address.get(part) or "").strip())
    stamp(profile, actor=user, reason="Profil modifié par l'usager", channel=Via.CITIZEN_SITE)
    profile.save()
    return profile


def _awaiting_verification(user: Any) -> bool:
    profile = getattr(user, "citizen_profile", None)
    # Only an account never verified: one an administrator deactivated must stay so.
    return not user.is_active and profile is not None and profile.email_verified_at is None


def _password_digest(user: Any) -> str:
    return salted_hmac(SALT, user.password).hexdigest()[:20]


def _account_links() -> dict[str, str]:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {
        "login_link": base + reverse("accounts:login"),
        "reset_link": base + reverse("accounts:password-reset"),
    }


SUBJECTS = {
    "verify": gettext_lazy("Activez votre compte"),
    "already_registered": gettext_lazy("Vous avez déjà un compte"),
}


def _send_after_commit(email: str, kind: str, context: dict[str, Any]) -> None:
    """The e-mail `cms/accounts/emails/<kind>.txt`, sent once the account is saved.

    robust=True: a mail server down logs an error instead of breaking the page; the
    person can register again to get a new link.
    """
    subject = str(SUBJECTS[kind])
    body = render_to_string(f"cms/accounts/emails/{kind}.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [email]),
        robust=True,
    )
