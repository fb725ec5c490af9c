"""Exports of a queue view: CSV for French Excel, XLSX, formulas kept as text, the owner's
rights only, and the file for its owner only."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from casework.models import QueueExport
from casework.services.queue_exports import COLUMNS, queue_export_run, safe_cell
from tests.casework.queue_helpers import birth_case, login, terrace_case


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """Ask for an export as the signed-in person; the worker runs it (eagerly) at commit."""

    def ask(format: str, query: str = "") -> QueueExport:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("backoffice:queue-export-start"), {"format": format, "query": query}
            )
        assert response.status_code == 302
        assert response["Location"] == reverse("backoffice:queue-exports")
        return QueueExport.objects.latest("pk")

    return ask


def _download(client, export: QueueExport):
    response = client.get(reverse("backoffice:queue-export-download", args=[export.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


def test_a_csv_export_opens_in_french_excel(client, staff, demo_password, export):
    case = terrace_case(citizen_name="Café de la Place", channel="counter")
    birth_case()  # État civil's: not Voirie's to export
    login(client, staff["agent"], demo_password)
    done = export("csv", "tab=tous")
    assert (done.status, done.rows_done, done.rows_total) == ("done", 1, 1)
    assert done.finished_at is not None
    content, response = _download(client, done)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert response["Content-Disposition"].startswith('attachment; filename="dossiers-')
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    assert rows[1][:6] == [
        case.reference,
        "Demander une autorisation de terrasse",
        "Voirie et espace public",
        "Reçue",
        "Accueil physique",
        timezone.localtime(case.submitted_at).strftime("%d/%m/%Y %H:%M"),
    ]
    assert rows[1][6] == case.deadline.strftime("%d/%m/%Y")
    assert rows[1][8:] == ["Café de la Place", "cafe@exemple.fr"]
    assert len(rows) == 2


def test_an_excel_export_opens_with_its_columns(client, staff, demo_password, export):
    case = terrace_case(assignee=staff["manager"])
    login(client, staff["agent"], demo_password)
    done = export("xlsx")
    content, _response = _download(client, done)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert rows[1][0] == case.reference and rows[1][7] == "Sophie Mercier"
    assert rows[1][6].date() == case.deadline  # a real date, which Excel can sort


def test_formulas_in_answers_stay_text(client, staff, demo_password, export):
    terrace_case(citizen_name='=HYPERLINK("http://pirate.example","clic")', citizen_email="")
    terrace_case(citizen_name="+33 1 99", citizen_email="@moi")
    login(client, staff["agent"], demo_password)
    content, _ = _download(client, export("csv"))
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+33 1 99" in text and "'@moi" in text
    assert ";=HYPERLINK" not in text
    workbook = load_workbook(io.BytesIO(_download(client, export("xlsx"))[0]))
    names = [row[8] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert set(names) == {'\'=HYPERLINK("http://pirate.example","clic")', "'+33 1 99"}
    assert safe_cell("-1") == "'-1" and safe_cell(3) == 3 and safe_cell("Marie") == "Marie"


def test_an_export_follows_the_views_filters(client, staff, demo_password, export):
    phone = terrace_case(channel="phone")
    terrace_case(channel="web")
    login(client, staff["agent"], demo_password)
    content, _ = _download(client, export("csv", "channel=phone&after=xyz"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == [phone.reference]
    assert QueueExport.objects.get().query == "channel=phone"


def test_the_auditor_exports_what_they_may_read(client, people, demo_password, export):
    cases = {terrace_case().reference, birth_case().reference}
    login(client, people["auditor"], demo_password)
    content, _ = _download(client, export("csv"))
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert {row[0] for row in rows[1:]} == cases


def test_another_department_exports_none_of_ours(client, staff, demo_password, export):
    terrace_case()
    login(client, staff["other"], demo_password)
    done = export("csv", "tab=tous")
    assert done.rows_total == 0


def test_an_export_is_downloaded_by_its_owner_only(client, staff, demo_password, export):
    terrace_case()
    login(client, staff["agent"], demo_password)
    done = export("csv")
    login(client, staff["manager"], demo_password)
    url = reverse("backoffice:queue-export-download", args=[done.pk])
    assert client.get(url).status_code == 404
    assert "Télécharger" not in client.get(reverse("backoffice:queue-exports")).content.decode()


def test_the_exports_page_refreshes_while_one_runs(client, staff, demo_password):
    running = QueueExport.objects.create(
        owner=staff["agent"], format="csv", status="running", rows_done=500, rows_total=2000
    )
    login(client, staff["agent"], demo_password)
    html = client.get(reverse("backoffice:queue-exports")).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "500 sur 2000 lignes" in html and 'value="25"' in html
    not_ready = reverse("backoffice:queue-export-download", args=[running.pk])
    assert client.get(not_ready).status_code == 404
    QueueExport.objects.filter(pk=running.pk).update(status="failed", error="Échec")
    html = client.get(reverse("backoffice:queue-exports")).content.decode()
    assert "http-equiv" not in html and "Échec" in html


def test_running_an_export_again_does_nothing(staff, client, demo_password, export):
    terrace_case()
    login(client, staff["agent"], demo_password)
    done = export("csv")
    assert queue_export_run(export_id=done.pk).file.name == done.file.name


def test_an_unknown_format_is_refused(client, staff, demo_password):
    login(client, staff["agent"], demo_password)
    response = client.post(reverse("backoffice:queue-export-start"), {"format": "pdf"})
    assert response.status_code == 302 and not QueueExport.objects.exists()


ANONYMOUS_URLS = [
    ("get", "backoffice:queue", []),
    ("get", "backoffice:queue-exports", []),
    ("get", "backoffice:queue-export-download", [1]),
    ("post", "backoffice:queue-export-start", []),
    ("post", "backoffice:queue-view-save", []),
    ("post", "backoffice:queue-view-delete", [1]),
    ("post", "backoffice:queue-bulk", []),
]


@pytest.mark.parametrize(("method", "name", "args"), ANONYMOUS_URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize("role", ["agent", "manager", "elected", "other", "auditor"])
def test_every_queue_url_is_open_to_back_office_roles_and_closed_to_others(
    client, staff, people, demo_password, role
):
    user = people["auditor"] if role == "auditor" else staff[role]
    for method, name, args in ANONYMOUS_URLS:
        login(client, user, demo_password)
        response = getattr(client, method)(reverse(name, args=args))
        if name == "backoffice:queue-bulk" and role in ("elected", "auditor"):
            # They read the queue; grouped actions on cases are not theirs.
            assert response.status_code == 403, name
        else:
            # 404 for someone else's (or no) export or view, a redirect after a post: no 403.
            assert response.status_code in (200, 302, 404), name
        login(client, people["communication"], demo_password)
        assert getattr(client, method)(reverse(name, args=args)).status_code == 403, name
