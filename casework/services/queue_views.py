"""What a person does from the queue rather than from one case: keep a view of it under a
name, and give or move several cases at once.

An action on several cases is the same service as on one, case by case: one refusal (a
move the workflow forbids, someone else's write in between) leaves the others done."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Case, SavedQueueView
from ..selectors import can_change_case, cases_visible_to
from ..workflow import workflow_for
from .assignment import case_assign
from .cases import CaseActionRefused, case_transition

NAME_MAX_LENGTH = SavedQueueView._meta.get_field("name").max_length
QUERY_MAX_LENGTH = SavedQueueView._meta.get_field("query").max_length
# A page of the queue holds 50; more in one post is not a person ticking boxes.
BULK_MAX_CASES = 200


class QueueViewRefused(Exception):
    """A saved view that cannot be kept; the message is for the person."""


def queue_view_save(*, owner: AbstractBaseUser, name: str, query: str) -> SavedQueueView:
    """Keep the queue's query string under a name; a view of the same name is replaced."""
    name = " ".join(name.split())
    if not name:
        raise QueueViewRefused(_("Donnez un nom à la vue."))
    if len(name) > NAME_MAX_LENGTH:
        raise QueueViewRefused(
            _("Le nom de la vue fait au plus %(limit)d caractères.") % {"limit": NAME_MAX_LENGTH}
        )
    if len(query) > QUERY_MAX_LENGTH:
        raise QueueViewRefused(_("Ces filtres sont trop longs pour être enregistrés."))
    try:
        with transaction.atomic():
            view, _created = SavedQueueView.objects.update_or_create(
                owner=owner, name=name, defaults={"query": query}
            )
    except IntegrityError:  # the same name saved twice at once: the other one stands
        view = SavedQueueView.objects.get(owner=owner, name=name)
    return view


def queue_view_delete(*, owner: AbstractBaseUser, view_id: int) -> bool:
    """Delete one of the owner's views; False when they have none of that id."""
    deleted, _rows = SavedQueueView.objects.filter(owner=owner, pk=view_id).delete()
    return deleted > 0


@dataclass
class BulkOutcome:
    done: list[str] = field(default_factory=list)  # references
    refused: list[tuple[str, str]] = field(default_factory=list)  # (reference, reason)


def cases_bulk_assign(
    *, case_ids: Iterable[int], assignee: Any, actor: AbstractBaseUser
) -> BulkOutcome:
    """Put `assignee` (None: nobody) in charge of each case the actor may change."""
    return _each_case(
        case_ids,
        actor,
        lambda case: case_assign(
            case=case, assignee=assignee, actor=actor, expected_version=case.lock_version
        ),
    )


def cases_bulk_transition(
    *, case_ids: Iterable[int], to_status: str, reason: str, actor: AbstractBaseUser
) -> BulkOutcome:
    """Move each case the actor may change to `to_status`, as far as its workflow allows."""

    def move(case: Case) -> None:
        try:
            workflow_for(case).status(to_status)
        except KeyError:
            raise CaseActionRefused(
                _("Ce statut n'existe pas dans le circuit de ce dossier.")
            ) from None
        case_transition(
            case=case,
            to_status=to_status,
            actor=actor,
            reason=reason,
            expected_version=case.lock_version,
        )

    return _each_case(case_ids, actor, move)


def _each_case(
    case_ids: Iterable[int], actor: AbstractBaseUser, action: Callable[[Case], Any]
) -> BulkOutcome:
    # The posted ids are only a wish: a case the actor may not open is skipped without a
    # word (its reference would tell it exists), one they may open but not change is refused.
    ids = list(dict.fromkeys(case_ids))[:BULK_MAX_CASES]
    outcome = BulkOutcome()
    cases = (
        cases_visible_to(actor)
        .filter(pk__in=ids)
        .select_related("procedure", "department")
        .order_by("reference")
    )
    for case in cases:
        if not can_change_case(actor, case):
            outcome.refused.append((case.reference, _("Vous ne pouvez pas modifier ce dossier.")))
            continue
        try:
            action(case)
        except CaseActionRefused as refusal:
            outcome.refused.append((case.reference, str(refusal)))
        else:
            outcome.done.append(case.reference)
    return outcome
