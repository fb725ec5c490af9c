"""Back office: asking departments for their opinion, giving it, and the elected
official's decision. Each view checks the object: the case, then the role on it."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..consultation_forms import ConsultationRequestForm, DecisionForm, OpinionForm
from ..models import Consultation
from ..services.consultations import consultation_request, opinion_give
from ..services.decisions import decision_take
from ..services.movers import movers_of
from .access import back_office, changeable_case, visible_case
from .case_page import act_on_case


@require_POST
@back_office
def request_opinions(request: HttpRequest, reference: str) -> HttpResponse:
    case = changeable_case(request, reference)
    form = ConsultationRequestForm.for_case(case, data=request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: consultation_request(
            case=case,
            departments=list(data["departments"]),
            actor=request.user,
            expected_version=data["expected_version"],
        ),
        done=_("L'avis des services a été demandé."),
        shown_as="consultation_form",
    )


@require_POST
@back_office
def give_opinion(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    case = visible_case(request, reference)
    consultation = get_object_or_404(Consultation, pk=pk, case=case)
    if not request.user.groups.filter(pk=consultation.department.group_id).exists():
        raise PermissionDenied
    form = OpinionForm(request.POST, request.FILES)
    return act_on_case(
        request,
        case,
        form,
        lambda data: opinion_give(
            consultation=consultation,
            actor=request.user,
            opinion=data["opinion"],
            comment=data["comment"],
            attachment=data["attachment"],
        ),
        done=_("L'avis du service a été enregistré."),
        shown_as="opinion_forms",
        shown_value={consultation.pk: form},
    )


@require_GET
@back_office
def opinion_attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    case = visible_case(request, reference)
    consultation = get_object_or_404(Consultation, pk=pk, case=case)
    if not consultation.attachment:
        raise Http404
    response = FileResponse(consultation.attachment.open("rb"), as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@back_office
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    case = visible_case(request, reference)
    if "elected" not in movers_of(request.user, case):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    return act_on_case(
        request,
        case,
        form,
        lambda data: decision_take(
            case=case,
            actor=request.user,
            outcome=data["outcome"],
            reason=data["reason"],
            expected_version=data["expected_version"],
        ),
        done=_("La décision a été enregistrée et envoyée à l'usager."),
        shown_as="decision_form",
    )
