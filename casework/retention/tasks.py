"""The daily retention task (CELERY_BEAT_SCHEDULE "retention-sweep")."""

from celery import shared_task

from ..services.retention import retention_sweep


@shared_task
def retention_sweep_task() -> dict[str, int]:
    """Redact expired cases and purge the old access log. Idempotent: what is done is
    recorded, so a second run, or a retry, does nothing more."""
    report = retention_sweep()
    return {
        "anonymised": report.anonymised,
        "deleted": report.deleted,
        "failed": len(report.failed),
        "access_events": report.access_events,
    }
