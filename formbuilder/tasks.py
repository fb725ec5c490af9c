from celery import shared_task

from .uploads import uploads_purge_unclaimed


@shared_task
def purge_unclaimed_uploads() -> int:
    """Periodic: files of forms never submitted do not stay on our disks."""
    return uploads_purge_unclaimed()
