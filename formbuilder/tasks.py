from celery import shared_task
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from casework.history import acting_as_system

from .drafts import drafts_purge_expired
from .uploads import uploads_purge_unclaimed


@shared_task
def purge_unclaimed_uploads() -> int:
    """Periodic: files of forms never submitted do not stay on our disks."""
    with acting_as_system(_("Tâche automatique : purge des fichiers non rattachés")):
        return uploads_purge_unclaimed()


@shared_task
def purge_expired_drafts() -> int:
    """Periodic: drafts left longer than their lifetime are deleted with their files."""
    with acting_as_system(_("Tâche automatique : purge des brouillons expirés")):
        return drafts_purge_expired()


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def deliver_resume_link(email: str, procedure_title: str, link: str) -> None:
    """The e-mail that brings a saved draft back, on this device or another."""
    send_mail(
        subject=_("Reprendre votre demande « %(title)s »") % {"title": procedure_title},
        message=_(
            "Bonjour,\n\nVotre demande « %(title)s » est enregistrée. Pour la reprendre, "
            "sur cet appareil ou un autre, ouvrez ce lien :\n\n%(link)s\n\n"
            "Ce lien est personnel : ne le transmettez pas."
        )
        % {"title": procedure_title, "link": link},
        from_email=None,
        recipient_list=[email],
    )
