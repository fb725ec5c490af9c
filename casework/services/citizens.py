"""Writes that tie cases to citizens' accounts."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case
from .cases import CaseActionRefused


@transaction.atomic
def case_attach_citizen(*, case: Case, user: AbstractBaseUser) -> Case:
    """Put a case sent without an account into this person's space.

    The caller has checked that the person holds the case's reference and tracking code;
    this refuses a case that already belongs to an account, so nobody takes one over.
    """
    if not user.is_authenticated or not user.is_active:
        raise CaseActionRefused(_("Connectez-vous pour ajouter une demande à votre espace."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.citizen_id is not None:
        raise CaseActionRefused(_("Cette demande est déjà rattachée à un compte."))
    locked.citizen = user
    stamp(
        locked,
        actor=user,
        reason=_("Demande rattachée au compte de l'usager"),
        channel=Via.CITIZEN_SITE,
    )
    # lock_version stays: an agent's status change in progress is not made stale by this.
    locked.save(update_fields=["citizen", "updated_at"])
    return locked
