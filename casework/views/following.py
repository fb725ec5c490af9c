"""Following a report someone else filed, and stopping, without an account."""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from ..services.cases import CaseActionRefused
from ..services.followers import (
    case_follow,
    case_from_follow_token,
    case_unfollow,
    follower_from_unfollow_token,
)
from ..workflow import workflow_for


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Vous recevrez un e-mail à chaque changement de statut."),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=lambda group, request: settings.GUICHET_TRACKING_RATE, block=True)
def follow(request: HttpRequest, token: str) -> HttpResponse:
    report = case_from_follow_token(token)
    if report is None:
        return render(request, "casework/following/link_invalid.html", status=410)
    status = workflow_for(report).status(report.status)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_follow(case=report, email=form.cleaned_data["email"], citizen=request.user)
        except CaseActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return render(
                request,
                "casework/following/followed.html",
                {"report": report, "status": status, "email": form.cleaned_data["email"]},
            )
    return render(
        request,
        "casework/following/follow.html",
        {"report": report, "status": status, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    follower = follower_from_unfollow_token(token)
    if follower is None:
        # Already stopped, or a forged link: either way nothing is followed any more.
        return render(request, "casework/following/unfollowed.html")
    if request.method == "POST":
        case_unfollow(follower=follower)
        return render(request, "casework/following/unfollowed.html")
    return render(request, "casework/following/unfollow.html", {"follower": follower})
