"""Internal notes on a case: written by the people working on it, read by them and by
auditors, never shown to the citizen."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ..history import Via, stamp
from ..models import Case, Department, InternalNote
from .cases import CaseActionRefused


def can_write_note(user: Any, case: Case) -> bool:
    """Whoever works on the case: its department, the departments consulted, the elected
    officials; auditors read notes but write nothing."""
    return user.is_active and user.has_perm("casework.view_case", case)


@transaction.atomic
def note_add(*, case: Case, author: Any, body: str, via: str = Via.BACK_OFFICE) -> InternalNote:
    if not can_write_note(author, case):
        raise CaseActionRefused(_("Vous ne pouvez pas annoter ce dossier."))
    if not body.strip():
        raise CaseActionRefused(_("Écrivez la note."))
    department = _writing_for(author, case)
    note = InternalNote(
        case=case,
        author=author,
        department_name=department.name if department else "",
        body=body.strip(),
    )
    stamp(note, actor=author, reason=_("Note interne"), channel=via)
    note.save()
    return note


def _writing_for(author: Any, case: Case) -> Department | None:
    """The department the author speaks for on this case: the handling one, else the one
    consulted, else any of theirs (elected officials belong to none)."""
    theirs = Department.objects.filter(group__user=author)
    return (
        theirs.filter(pk=case.department_id).first()
        or theirs.filter(consultations__case=case).first()
        or theirs.order_by("name").first()
    )
