"""Who handles a case: the agent in charge, a transfer to another department or out of
the town. Only the handling department's members may use these forms."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..handling_forms import AssignForm, OutsideTransferForm, TransferForm
from ..services.assignment import case_assign
from ..services.transfers import case_transfer, case_transfer_outside
from .access import back_office, changeable_case
from .case_page import act_on_case


@require_POST
@back_office
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = AssignForm.for_case(case, data=request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: case_assign(
            case=case,
            assignee=data["assignee"],
            actor=request.user,
            expected_version=data["expected_version"],
        ),
        done=_("L'attribution du dossier a été enregistrée."),
        shown_as="assign_form",
    )


@require_POST
@back_office
def transfer(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = TransferForm.for_case(case, data=request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: case_transfer(
            case=case,
            department=data["department"],
            actor=request.user,
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        done=_("Le dossier a été transféré."),
        shown_as="transfer_form",
        # Once transferred, this person may no longer see the case: back to the queue.
        then="backoffice:queue",
    )


@require_POST
@back_office
def transfer_outside(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = OutsideTransferForm.for_case(case, data=request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: case_transfer_outside(
            case=case,
            body=data["body"],
            actor=request.user,
            reason=data["reason"],
            message=data["message"],
            expected_version=data["expected_version"],
        ),
        done=_("Le dossier a été transmis et l'usager prévenu."),
        shown_as="outside_form",
    )
