from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from formbuilder.fields._files import FilesField, show_kept_files
from formbuilder.file_checks import FAMILIES

from .models import Case
from .workflow import workflow_for


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Nouveau statut"), error_messages={"required": _("Choisissez le nouveau statut.")}
    )
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Indiquez le motif du changement de statut.")},
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def for_case(
        cls, case: Case, data: Any = None, movers: set[str] | None = None
    ) -> "TransitionForm":
        """The moves this person may make by hand: never the system's, nor decisions or
        transfers out of the town, which have their own forms."""
        form = cls(data=data, initial={"expected_version": case.lock_version})
        hands = (movers or set()) - {"system", "elected"}
        next_statuses = [
            status
            for status in workflow_for(case).next_statuses(case.status, hands)
            if status.meaning != "outside"  # its own form asks for the body and the message
        ]
        form.fields["to_status"].choices = [("", _("— Choisissez —"))] * bool(next_statuses) + [
            (status.slug, status.label) for status in next_statuses
        ]
        return form


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message à l'usager"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Écrivez le message.")},
    )
    asks_for_documents = forms.BooleanField(
        label=_("Demander des documents à l'usager"), required=False
    )


class ReplyForm(forms.Form):
    """The citizen's answer on the tracking page: a message, documents, or both."""

    body = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    files = FilesField(
        allowed=FAMILIES["pdf"] + FAMILIES["image"] + FAMILIES["office"],
        max_bytes=10 * 1024 * 1024,
        required=False,
        label=_("Documents"),
        help_text=_("PDF, images ou documents bureautiques, 10 Mo au plus chacun."),
    )

    def __init__(self, *args: Any, owner: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].owner = self.fields["files"].widget.owner = owner

    def full_clean(self) -> None:
        super().full_clean()
        show_kept_files(self)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note interne (jamais montrée à l'usager)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Écrivez la note.")},
    )
