"""Celery tasks of the statistics; idempotent like every task here."""

from celery import shared_task


@shared_task
def statistics_refresh() -> dict[str, int]:
    """The periodic copy of changed cases and consultations into the facts."""
    from .services import case_facts_refresh, default_report_warm

    done = case_facts_refresh()
    # The page most people open first (every department, the last twelve months) is
    # computed now, not by whoever opens it next.
    default_report_warm()
    return {"cases": done.cases, "consultations": done.consultations}
