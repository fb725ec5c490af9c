"""The case page of the back office, with whichever of its forms this person may use."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from formbuilder.display import displayed_answers

from ..consultation_forms import ConsultationRequestForm, DecisionForm, OpinionForm
from ..forms import MessageForm, NoteForm, TransitionForm
from ..handling_forms import AssignForm, OutsideTransferForm, TransferForm
from ..selectors import consultation_rows, documents_expected
from ..services.cases import CaseActionRefused
from ..services.movers import movers_of
from ..services.notes import can_write_note
from ..workflow import workflow_for


def render_case(
    request: HttpRequest,
    case: Any,
    *,
    status: int = 200,
    transition_form: TransitionForm | None = None,
    message_form: MessageForm | None = None,
    consultation_form: ConsultationRequestForm | None = None,
    opinion_forms: dict[int, OpinionForm] | None = None,
    decision_form: DecisionForm | None = None,
    assign_form: AssignForm | None = None,
    transfer_form: TransferForm | None = None,
    outside_form: OutsideTransferForm | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    version = case.form_version
    workflow = workflow_for(case)
    movers = movers_of(request.user, case)
    may_change = "agent" in movers
    current = workflow.status(case.status)
    consulting = workflow.with_meaning("consultation")
    awaiting = workflow.with_meaning("awaiting_decision")
    may_consult = (
        may_change
        and consulting is not None
        and (
            case.status == consulting.slug or workflow.allows(case.status, consulting.slug, movers)
        )
    )
    rows = consultation_rows(case, request.user, timezone.now())
    open_for_opinions = current.meaning in ("consultation", "blocked")
    opinion_forms = opinion_forms or {}
    context = {
        "case": case,
        "status": current,
        "answers": displayed_answers(version.schema, version.ui_schema, case.answers),
        "transition_form": (transition_form or TransitionForm.for_case(case, movers=movers))
        if may_change
        else None,
        "message_form": (message_form or MessageForm()) if may_change else None,
        "conversation": case.messages.select_related("author"),
        "documents_expected": documents_expected(case),
        "consultations": [
            (
                row,
                opinion_forms.get(row.consultation.pk)
                or OpinionForm(
                    initial={
                        "opinion": row.consultation.opinion,
                        "comment": row.consultation.comment,
                    }
                )
                if row.may_answer and open_for_opinions
                else None,
            )
            for row in rows
        ],
        "late_count": sum(1 for row in rows if row.days_late),
        # A blocked case says why at the top, not only in the opinions table below.
        "blocking": [
            row.consultation
            for row in rows
            if current.meaning == "blocked" and row.consultation.opinion == "unfavourable"
        ],
        "consultation_form": (consultation_form or ConsultationRequestForm.for_case(case))
        if may_consult
        else None,
        "decision_form": (
            decision_form or DecisionForm(initial={"expected_version": case.lock_version})
        )
        if awaiting is not None and case.status == awaiting.slug and "elected" in movers
        else None,
        "today": timezone.localdate(),
        "notes": case.notes.select_related("author"),
        "note_form": (note_form or NoteForm()) if can_write_note(request.user, case) else None,
        **_handling_forms(case, workflow, movers, assign_form, transfer_form, outside_form),
    }
    return render(request, "casework/backoffice/case.html", context, status=status)


def _handling_forms(
    case: Any,
    workflow: Any,
    movers: set[str],
    assign_form: AssignForm | None,
    transfer_form: TransferForm | None,
    outside_form: OutsideTransferForm | None,
) -> dict[str, Any]:
    """Who handles the case: open cases only, and only for the handling department."""
    if "agent" not in movers or case.decided_at is not None:
        return {}
    outside = workflow.with_meaning("outside")
    may_send_outside = outside is not None and workflow.allows(case.status, outside.slug, movers)
    return {
        "assign_form": assign_form or AssignForm.for_case(case),
        "transfer_form": transfer_form or TransferForm.for_case(case),
        "outside_form": (outside_form or OutsideTransferForm.for_case(case))
        if may_send_outside
        else None,
    }


def act_on_case(
    request: HttpRequest,
    case: Any,
    form: Any,
    action: Callable[[dict[str, Any]], object],
    *,
    done: str,
    shown_as: str,
    shown_value: Any = None,
    then: str = "backoffice:case",
) -> HttpResponse:
    """Every form on the case page ends the same way: the service acts on valid data and
    the page comes back with a message, or the form comes back at its place with its error
    (a refusal from the service included) and everything the person typed."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except CaseActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done)
            if then != "backoffice:case":
                return redirect(then)
            return redirect(then, reference=case.reference)
    return render_case(request, case, status=400, **{shown_as: shown_value or form})
