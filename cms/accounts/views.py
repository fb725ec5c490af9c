"""The citizen space: register, sign in, profile and dashboard. Writes go through services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from casework.services.cases import CaseActionRefused
from casework.services.citizens import case_attach_citizen
from formbuilder.file_checks import FileRefused
from formbuilder.identifiers import format_phone

from .forms import (
    AttachCaseForm,
    CitizenLoginForm,
    CitizenPasswordResetForm,
    CitizenSetPasswordForm,
    ProfileForm,
    RegistrationForm,
    WalletDocumentForm,
)
from .models import CitizenProfile, WalletDocument
from .selectors import citizen_dashboard
from .services import account_register, account_verify, profile_update
from .wallet import wallet_document_add, wallet_document_remove

LOGIN_URL = reverse_lazy("accounts:login")
# Only attempts count: reading the page again is no attack on a password.
ATTEMPTS = {"key": "ip", "rate": "10/m", "method": "POST", "block": True}


def _limited(group: str, view: Any) -> Any:
    # An explicit group: every class-based view's as_view() has the same qualified name.
    return ratelimit(group=f"accounts.{group}", **ATTEMPTS)(view)


@ratelimit(group="accounts.register", **ATTEMPTS)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_register(
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["password1"],
        )
        # The same page whether the address was new or known: no account enumeration.
        return redirect("accounts:register-done")
    return render(
        request,
        "cms/accounts/register.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "cms/accounts/register_done.html")


def verify(request: HttpRequest, token: str) -> HttpResponse:
    user = account_verify(token=token)
    if user is None:
        return render(request, "cms/accounts/verify_invalid.html", status=410)
    messages.success(request, _("Votre adresse e-mail est vérifiée : vous pouvez vous connecter."))
    return redirect("accounts:login")


login = _limited(
    "login",
    auth_views.LoginView.as_view(
        template_name="cms/accounts/login.html",
        authentication_form=CitizenLoginForm,
        redirect_authenticated_user=True,
        next_page="accounts:dashboard",
    ),
)

logout = auth_views.LogoutView.as_view(next_page="/")

password_reset = _limited(
    "password-reset",
    auth_views.PasswordResetView.as_view(
        template_name="cms/accounts/password_reset_form.html",
        form_class=CitizenPasswordResetForm,
        email_template_name="cms/accounts/emails/password_reset_email.txt",
        subject_template_name="cms/accounts/emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password-reset-done"),
    ),
)

password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="cms/accounts/password_reset_done.html"
)

password_reset_confirm = _limited(
    "password-reset-confirm",
    auth_views.PasswordResetConfirmView.as_view(
        template_name="cms/accounts/password_reset_confirm.html",
        form_class=CitizenSetPasswordForm,
        success_url=reverse_lazy("accounts:password-reset-complete"),
    ),
)

password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="cms/accounts/password_reset_complete.html"
)


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    current = CitizenProfile.objects.filter(user=user).first() or CitizenProfile(user=user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": _shown_phone(current.phone),
        **{part: getattr(current, part) for part in ProfileForm.ADDRESS_PARTS},
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile_update(
            user=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            phone=form.cleaned_data["phone"],
            address=form.address,
        )
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:dashboard")
    return render(
        request,
        "cms/accounts/profile.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
@ratelimit(group="accounts.attach", key="user", rate="10/m", method="POST", block=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = AttachCaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case_attach_citizen(case=form.case, user=request.user)
        except CaseActionRefused as refusal:
            form.add_error("reference", str(refusal))  # attached elsewhere in the meantime
        else:
            messages.success(
                request,
                _("La demande %(reference)s est ajoutée à votre espace.")
                % {"reference": form.case.reference},
            )
            return redirect("accounts:dashboard")
    profile = CitizenProfile.objects.filter(user=request.user).first()
    return render(
        request,
        "cms/accounts/dashboard.html",
        {
            "dashboard": citizen_dashboard(request.user),
            "attach_form": form,
            "profile_incomplete": profile is None or not (profile.phone or profile.voie),
        },
        status=400 if form.is_bound else 200,
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
@ratelimit(group="accounts.wallet", key="user", rate="30/m", method="POST", block=True)
def wallet(request: HttpRequest) -> HttpResponse:
    form = WalletDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = wallet_document_add(
                user=request.user,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
            )
        except FileRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(
                request,
                _("« %(title)s » est dans votre porte-documents.") % {"title": document.title},
            )
            return redirect("accounts:wallet")
    documents = WalletDocument.objects.filter(user=request.user).select_related("upload")
    return render(
        request,
        "cms/accounts/wallet.html",
        {"form": form, "documents": documents},
        status=400 if form.errors else 200,
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["POST"])
def wallet_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(WalletDocument, pk=pk, user=request.user)
    wallet_document_remove(document=document)
    messages.success(
        request, _("« %(title)s » est retiré de votre porte-documents.") % {"title": document.title}
    )
    return redirect("accounts:wallet")


def _shown_phone(phone: str) -> str:
    return format_phone(phone) if phone else ""
