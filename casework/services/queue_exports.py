"""Exports of a queue view, as CSV or Excel, written by a worker: a large view takes longer
than a request may, so the person asks, watches the progress and downloads the file."""

import csv
import io
import logging
import secrets
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from ..models import Case, QueueExport
from ..queue_filters import queue_for
from ..workflow import workflow_for

logger = logging.getLogger(__name__)

COLUMNS = [
    "Numéro de dossier",
    "Démarche",
    "Service",
    "Statut",
    "Canal",
    "Déposé le",
    "Date limite",
    "Agent chargé",
    "Nom de l'usager",
    "E-mail de l'usager",
]
# A spreadsheet runs a cell that starts with one of these as a formula: a citizen's name
# such as "=HYPERLINK(...)" must stay text (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_EVERY = 500
CONTENT_TYPES = {
    QueueExport.Format.CSV: "text/csv; charset=utf-8",
    QueueExport.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def queue_export_request(*, owner: AbstractBaseUser, query: str, format: str) -> QueueExport:
    """Record the request and hand it to a worker once it is committed."""
    export = QueueExport.objects.create(owner=owner, query=query, format=format)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from ..tasks import run_queue_export

    run_queue_export.delay(export_id)


def queue_export_run(*, export_id: int) -> QueueExport | None:
    """Write the export's file. Running it again once it is done or failed does nothing; a
    worker lost half-way is replaced by the next delivery, which starts over."""
    claimed = QueueExport.objects.filter(
        pk=export_id, status__in=[QueueExport.Status.PENDING, QueueExport.Status.RUNNING]
    ).update(status=QueueExport.Status.RUNNING, rows_done=0)
    export = QueueExport.objects.select_related("owner").filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    try:
        _write(export)
    except Exception:
        logger.exception("Queue export %s failed", export_id)
        QueueExport.objects.filter(pk=export_id).update(
            status=QueueExport.Status.FAILED,
            error="L'export n'a pas pu être écrit. Réessayez ou prévenez l'administrateur.",
            finished_at=timezone.now(),
        )
    export.refresh_from_db()
    return export


def _write(export: QueueExport) -> None:
    # The owner's rights as they are now, not when they asked: a case closed to them since
    # is not exported.
    cases = queue_for(export.owner, QueryDict(export.query)).cases
    total = cases.count()
    QueueExport.objects.filter(pk=export.pk).update(rows_total=total)
    rows = _progressing(export.pk, (case_row(case) for case in cases.iterator(chunk_size=1000)))
    with tempfile.TemporaryFile() as handle:
        if export.format == QueueExport.Format.XLSX:
            _write_xlsx(handle, rows)
        else:
            _write_csv(handle, rows)
        handle.seek(0)
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        name = f"dossiers-{stamp}-{secrets.token_urlsafe(9)}.{export.format}"
        export.file.save(name, File(handle), save=False)
    QueueExport.objects.filter(pk=export.pk).update(
        file=export.file.name,
        status=QueueExport.Status.DONE,
        rows_done=total,
        finished_at=timezone.now(),
    )


def _progressing(export_id: int, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            QueueExport.objects.filter(pk=export_id).update(rows_done=done)


def case_row(case: Case) -> list[Any]:
    """One case as the export's columns; dates stay dates for the spreadsheet to format."""
    try:
        status = workflow_for(case).status(case.status).label
    except KeyError:
        status = case.status
    assignee = case.assignee
    return [
        case.reference,
        case.procedure.title,
        case.department.name,
        status,
        case.get_channel_display(),
        timezone.localtime(case.submitted_at).replace(tzinfo=None),
        case.deadline,
        (assignee.get_full_name() or assignee.get_username()) if assignee else "",
        case.citizen_name,
        case.citizen_email,
    ]


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run is prefixed with an apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _write_csv(handle: Any, rows: Iterator[list[Any]]) -> None:
    # Excel in French reads ";" as the separator and needs the BOM to read UTF-8.
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(_as_text(value)) for value in row])
    text.flush()
    text.detach()  # the file stays open for the storage to read


def _write_xlsx(handle: Any, rows: Iterator[list[Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dossiers")
    sheet.append(COLUMNS)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=safe_cell(value))
            if isinstance(value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(handle)


def export_filename(export: QueueExport) -> str:
    """The name the person's browser saves the file under."""
    return f"dossiers-{timezone.localtime(export.created_at):%Y-%m-%d-%H%M}.{export.format}"
