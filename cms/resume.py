"""The e-mail that brings a saved draft back: a signed link, valid as long as the draft."""

from formbuilder.tasks import deliver_resume_link


def send_resume_link(email: str, procedure_title: str, link: str) -> None:
    deliver_resume_link.delay(email, procedure_title, link)
