"""Who may submit a procedure, and when: every door checks it, crafted requests included."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.models import Case
from casework.views.access import is_back_office_user

ONCE_ONLY = gettext_lazy(
    "Vous avez déjà fait cette démarche : elle ne peut être faite qu'une fois."
)


def refusal(page: Any, user: Any) -> str | None:
    """Why this person may not submit this procedure now, in plain French; None if they may."""
    from .models import ProcedureAccess  # the page models import this module

    now = timezone.now()
    if page.opens_at and now < page.opens_at:
        return _("Cette démarche ouvrira le %(date)s.") % {"date": _when(page.opens_at)}
    if page.closes_at and now >= page.closes_at:
        return _(
            "Cette démarche est fermée depuis le %(date)s : elle ne reçoit plus de demandes."
        ) % {"date": _when(page.closes_at)}
    if page.access == ProcedureAccess.INTERNAL and not (
        user.is_authenticated and is_back_office_user(user)
    ):
        return _("Cette démarche est réservée aux agents de la commune.")
    if page.access == ProcedureAccess.ACCOUNT and not user.is_authenticated:
        return _("Connectez-vous à votre compte pour faire cette démarche.")
    return None


def already_submitted(page: Any, user: Any, email: str) -> bool:
    """For once-only procedures: this account, or this e-mail, has already sent one."""
    if not page.once_per_citizen:
        return False
    cases = Case.objects.filter(procedure=page)
    if user.is_authenticated and cases.filter(citizen=user).exists():
        return True
    return bool(email) and cases.filter(citizen_email__iexact=email).exists()


def _when(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y à H:i")
