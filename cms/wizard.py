"""The citizen fills a procedure step by step: django-formtools' wizard over a server draft.

Each form step of the published form version is a wizard step, followed by a summary.
The wizard's storage is the Draft row (formbuilder.models.Draft), so what was typed is
saved at every step and resumes on any device from a signed link. Steps whose condition
does not hold are skipped; each step is checked against the JSON Schema with the answers
of the other steps in view; the final send turns the draft into exactly one case.
"""

from collections import OrderedDict
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView, WizardView

from casework.history import Via
from casework.models import Channel
from casework.services.cases import case_submit
from formbuilder.compiler import canonical_json
from formbuilder.conditions import holds
from formbuilder.display import displayed_answers
from formbuilder.drafts import (
    draft_mark_sent,
    draft_save,
    resume_token,
)
from formbuilder.models import Draft
from formbuilder.rendering import step_fields, version_form_class
from formbuilder.validation import visible_answers

from .accounts.prefill import prefill_answers
from .accounts.wallet import wallet_library
from .nearby_reports import nearby_for_answers
from .procedure_access import ONCE_ONLY, already_submitted
from .receipts import contact_email, remember_receipt
from .resume import send_resume_link

SUMMARY_STEP = "recapitulatif"
DONE_STEP = "envoi"


class DraftStorage(BaseStorage):
    """formtools storage kept in the draft row instead of the session."""

    def __init__(self, prefix: str, request: HttpRequest | None = None, file_storage: Any = None):
        super().__init__(prefix, request, file_storage)
        self.draft: Draft = request.guichet_draft
        self.data = self.draft.wizard_data or {}
        if not self.data:
            self.init_data()
        self._saved = canonical_json([self.data, self.draft.answers])

    # Files never pass through the wizard's storage: the form keeps them as uploads at once.
    def set_step_files(self, step: str, files: Any) -> None:
        return None

    def get_step_files(self, step: str) -> None:
        return None

    def update_response(self, response: HttpResponse) -> None:
        # Reading a step changes nothing: only a change is written (and renews the draft).
        # A draft not kept yet is kept by the first request that sends answers.
        unchanged = canonical_json([self.data, self.draft.answers]) == self._saved
        unsent = self.draft.pk is None and self.request.method != "POST"
        if self.draft.submitted_at is None and not unchanged and not unsent:
            draft_save(draft=self.draft, wizard_data=self.data, answers=self.draft.answers)


class AlreadySent(Exception):
    """The draft was sent by another request in the meantime (double click, replay)."""


class SummaryForm(forms.Form):
    """The last step: nothing to answer, the person reads everything and sends it."""


def step_name(index: int) -> str:
    return f"etape-{index + 1}"


class ProcedureWizard(NamedUrlWizardView):
    storage_name = "cms.wizard.DraftStorage"
    template_name = "cms/wizard_step.html"
    page: Any = None

    @classmethod
    def for_page(cls, page: Any) -> Any:
        return cls.as_view(
            form_list=[SummaryForm],  # replaced per request by get_form_list()
            url_name="unused",
            done_step_name=DONE_STEP,
            page=page,
        )

    # --- Steps ---------------------------------------------------------------------

    @property
    def draft(self) -> Draft:
        return self.request.guichet_draft

    @property
    def version(self) -> Any:
        return self.draft.form_version

    def get_prefix(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return "guichet"

    def get_form_list(self) -> OrderedDict:
        """The steps shown, given the answers so far (formtools drops the cache on change)."""
        signature = canonical_json(self.draft.answers)
        if getattr(self, "_cache_signature", None) == signature:
            return self._resolved_form_list.copy()
        ui = self.version.ui_schema
        answers = self.draft.answers
        steps: OrderedDict = OrderedDict()
        for index, step in enumerate(ui.get("steps") or [{"items": []}]):
            names = step_fields(ui, index)
            if names and holds(step.get("visible_when"), answers):
                steps[step_name(index)] = version_form_class(self.version, fields=names)
        steps[SUMMARY_STEP] = SummaryForm
        self._resolved_form_list, self._cache_signature = steps, signature
        return steps.copy()

    def ui_index(self, step: str) -> int:
        return int(step.removeprefix("etape-")) - 1

    def get_step_url(self, step: str) -> str:
        return self.page.get_url(self.request) + self.page.reverse_subpage(
            "wizard", kwargs={"step": step}
        )

    def get_form_prefix(self, step: str | None = None, form: Any = None) -> None:
        return None  # one form per page: plain field names, as everywhere else

    def get_form_kwargs(self, step: str | None = None) -> dict[str, Any]:
        if step == SUMMARY_STEP:
            return {}
        kwargs = {
            "owner": self.draft.upload_owner,
            "context_answers": self.draft.answers,
            "schema_key": self.version.checksum,
        }
        if self.draft.channel == Channel.WEB:  # an agent typing for someone gets no profile
            version = self.version
            kwargs["answers"] = prefill_answers(
                self.request.user, version.schema, version.ui_schema
            )
            kwargs["library"] = wallet_library(self.request.user)
        return kwargs

    def get_form_step_files(self, form: Any) -> dict:
        return {}

    def process_step(self, form: Any) -> Any:
        if hasattr(form, "visible_answers"):
            # The answers of this step join the others; any made hidden by them go.
            self.draft.answers = form.visible_answers()
        return form.data

    # --- Requests ------------------------------------------------------------------

    def get(self, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.storage.current_step is None:
            # formtools reads "the current step's data" under the stored step name, which a
            # new draft does not have yet: name the first step so typed data is found again.
            self.storage.current_step = self.steps.first
        return super().get(*args, **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        step = self.steps.current
        if "guichet_autosave" in self.request.POST:
            # The page's script saves what is being typed, unchecked and without files;
            # checking happens when the person moves on.
            if step != SUMMARY_STEP and self.request.POST.get("guichet-current_step") == step:
                self.storage.set_step_data(step, self.request.POST.copy())
            return HttpResponse(status=204)
        typed: dict[str, Any] = {}
        if "guichet_save" in self.request.POST or "wizard_goto_step" in self.request.POST:
            # Going back or leaving keeps what was typed on this page, checked or not.
            if step != SUMMARY_STEP:
                form = self.get_form(data=self.request.POST, files=self.request.FILES)
                form.is_valid()  # keeps the files sent, so leaving loses nothing
                self.storage.set_step_data(step, form.data)
                typed = form.answers() if hasattr(form, "answers") else {}
        if "guichet_save" in self.request.POST:
            return self.render_saved(typed)
        return super().post(*args, **kwargs)

    def render_saved(self, typed: dict[str, Any]) -> HttpResponse:
        link = self.request.build_absolute_uri(
            self.page.get_url(self.request)
            + self.page.reverse_subpage("resume", args=[resume_token(self.draft)])
        )
        schema, ui = self.version.schema, self.version.ui_schema
        email = contact_email(schema, ui, {**self.draft.answers, **typed})
        try:
            validate_email(email)
        except ValidationError:
            email = ""  # a half-typed address gets no mail; the link is on screen anyway
        if email:
            transaction.on_commit(lambda: send_resume_link(email, self.page.title, link))
        return TemplateResponse(
            self.request,
            "cms/draft_saved.html",
            {"page": self.page, "self": self.page, "link": link, "email": email},
        )

    def get_context_data(self, form: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=form, **kwargs)
        question_steps = [name for name in self.get_form_list() if name != SUMMARY_STEP]
        ui_steps = self.version.ui_schema.get("steps") or []
        context.update(
            page=self.page,
            self=self.page,
            step_titles=[
                ui_steps[self.ui_index(name)].get("title") or self.page.title
                for name in question_steps
            ],
            is_summary=self.steps.current == SUMMARY_STEP,
            on_behalf=self.draft.contact if self.draft.channel != Channel.WEB else None,
            channel_label=Channel(self.draft.channel).label,
            step_number=self.steps.step1,
            step_count=self.steps.count,
        )
        if self.steps.current == SUMMARY_STEP:
            context["summary"] = self._summary(question_steps, ui_steps)
            if self.page.is_report:
                context["nearby"] = nearby_for_answers(self.version.ui_schema, self.draft.answers)
        else:
            index = self.ui_index(self.steps.current)
            context["step_title"] = ui_steps[index].get("title") if ui_steps else ""
            context["items"] = form.layout(steps=[index])
        return context

    def _summary(self, question_steps: list[str], ui_steps: list[dict]) -> list[dict[str, Any]]:
        version = self.version
        answers = visible_answers(version.ui_schema, self.draft.answers)
        rows = displayed_answers(version.schema, version.ui_schema, answers)
        sections = []
        for name in question_steps:
            index = self.ui_index(name)
            names = set(step_fields(version.ui_schema, index))
            sections.append(
                {
                    "step": name,
                    "title": ui_steps[index].get("title") or self.page.title,
                    "answers": [row for row in rows if row.name in names],
                }
            )
        return sections

    def render_done(self, form: Any, **kwargs: Any) -> HttpResponse:
        # Sending the summary creates the case in the same request: formtools would first
        # redirect to the done step's URL, one more round trip on a phone for nothing.
        return WizardView.render_done(self, form, **kwargs)

    def done(self, form_list: Any, **kwargs: Any) -> HttpResponse:
        version, draft = self.version, self.draft
        # The answers of the steps just checked again, not whatever the draft last held.
        checked: dict[str, Any] = {}
        for form in form_list:
            if hasattr(form, "answers"):
                checked.update(form.answers())
        answers = visible_answers(version.ui_schema, checked)
        contact = draft.contact or {}
        email = contact_email(version.schema, version.ui_schema, answers) or contact.get(
            "email", ""
        )
        on_behalf = draft.channel != Channel.WEB
        if not on_behalf and already_submitted(self.page, self.request.user, email):
            return TemplateResponse(
                self.request,
                "cms/procedure_refused.html",
                {"page": self.page, "self": self.page, "message": ONCE_ONLY},
                status=403,
            )
        confirmation = self.page.get_url(self.request) + self.page.reverse_subpage("confirmation")
        try:
            with transaction.atomic():
                submitted = case_submit(
                    procedure=self.page,
                    form_version=version,
                    answers=answers,
                    citizen_email=email,
                    citizen_name=contact.get("name", ""),
                    citizen_phone=contact.get("phone", ""),
                    channel=draft.channel,
                    actor=self.request.user,
                    via=Via.CITIZEN_SITE if draft.channel == Channel.WEB else Via.BACK_OFFICE,
                )
                if not draft_mark_sent(draft=draft, reference=submitted.case.reference):
                    raise AlreadySent
        except AlreadySent:
            return redirect(confirmation)  # this send's case is undone; the first one stands
        remember_receipt(self.request, self.page, submitted)
        return redirect(confirmation)
