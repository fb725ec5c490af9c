"""Agents type in requests received at the counter, by phone, mail or e-mail, with the same
forms as citizens: the channel and the citizen's contact are kept with the draft and case."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from cms.models import ProcedurePage
from formbuilder.drafts import draft_start
from formbuilder.owners import remember_draft

from ..models import Channel, Department
from .access import back_office

AGENT_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


class OnBehalfForm(forms.Form):
    procedure = forms.ModelChoiceField(
        label=_("Démarche"),
        queryset=ProcedurePage.objects.live().order_by("title"),
        empty_label=_("— Choisissez —"),
        error_messages={"required": _("Choisissez la démarche.")},
    )
    channel = forms.ChoiceField(
        label=_("Demande reçue"),
        choices=AGENT_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez comment la demande a été reçue.")},
    )
    name = forms.CharField(label=_("Nom et prénom de l'usager"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail de l'usager"),
        required=False,
        help_text=_("L'accusé de réception y sera envoyé."),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide.")},
    )
    phone = forms.CharField(label=_("Téléphone de l'usager"), max_length=30, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Indiquez le nom de l'usager.")


@back_office
def on_behalf(request: HttpRequest) -> HttpResponse:
    if not Department.objects.filter(group__user=request.user).exists():
        raise PermissionDenied  # auditors read; only department members enter requests
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = form.cleaned_data["procedure"].specific
        version = page.current_form_version
        if version is None:
            form.add_error("procedure", _("Cette démarche n'a pas encore de formulaire publié."))
        else:
            draft = draft_start(
                page=page,
                form_version=version,
                user=request.user,
                channel=form.cleaned_data["channel"],
                contact={key: form.cleaned_data[key] for key in ("name", "email", "phone")},
            )
            remember_draft(request, str(draft.public_id))
            return redirect(page.get_url(request) + page.reverse_subpage("wizard-entry"))
    return render(
        request,
        "casework/backoffice/on_behalf.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
