"""Files: checked by content, cleaned, kept across mistakes, seen only by those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casework.models import Case
from cms.models import ProcedureIndexPage, ProcedurePage
from formbuilder.file_checks import PDF, FileRefused, check_file
from formbuilder.models import FormDefinition, Upload
from tests.citizen import Citizen
from tests.formbuilder.forms import question

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_a_pdf_is_recognised_by_its_content():
    assert check_file(PDF_BYTES, allowed=(PDF,), max_bytes=10_000).content_type == PDF


def test_a_file_is_judged_by_its_bytes_not_its_name():
    with pytest.raises(FileRefused, match="type de fichier n'est pas accepté"):
        check_file(b"MZ\x90\x00 this is a program", allowed=(PDF,), max_bytes=10_000)


def test_a_file_over_the_limit_is_refused_before_it_is_kept():
    with pytest.raises(FileRefused, match="la limite est 1 ko"):
        check_file(PDF_BYTES * 40, allowed=(PDF,), max_bytes=1024)


def test_photos_lose_their_exif_and_gps_metadata():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the phone's photo has them
    checked = check_file(original, allowed=("image/jpeg",), max_bytes=10**6)
    cleaned = Image.open(io.BytesIO(checked.content))
    assert not cleaned.getexif()
    assert b"PhoneMaker" not in checked.content


def test_decompression_bombs_are_refused():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # 81 megapixels, tiny file
    with pytest.raises(FileRefused, match="trop grande"):
        check_file(buffer.getvalue(), allowed=("image/png",), max_bytes=10**6)


def test_a_broken_image_is_refused():
    with pytest.raises(FileRefused, match="illisible"):
        check_file(jpeg_with_gps()[:200], allowed=("image/jpeg",), max_bytes=10**6)


@pytest.fixture
def permit_page(demo_city):
    definition = FormDefinition(
        name="Occupation du domaine public",
        fields=[
            question("short_text", "nom", max_length=100),
            question("attachment", "plan", families=["pdf"], max_size_mb=1, max_count=2),
            question("photo", "photos", required=False, max_count=4, max_size_mb=5),
        ],
    )
    definition.save()
    definition.save_revision().publish()
    index = ProcedureIndexPage.objects.get(slug="demarches")
    page = ProcedurePage(
        title="Occuper le domaine public",
        slug="domaine-public",
        form=definition,
        department=ProcedurePage.objects.get(slug="acte-de-naissance").department,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_files_sent_with_a_mistake_are_kept_and_need_not_be_sent_again(
    client, permit_page, people, demo_password
):
    plan = SimpleUploadedFile("plan terrasse.pdf", PDF_BYTES, content_type="application/pdf")
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps(), content_type="image/jpeg")
    citizen = Citizen(client, permit_page)
    citizen.start()
    response = citizen.fill("etape-1", {"nom": "", "plan": plan, "photos": photo})
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 0
    assert "plan_terrasse.pdf" in html and "IMG_0001.jpg" in html
    tokens = list(Upload.objects.order_by("pk").values_list("token", flat=True))
    assert len(tokens) == 2
    assert f'name="plan-kept" value="{tokens[0]}"' in html

    response = citizen.fill(
        "etape-1", {"nom": "Café de la Place", "plan-kept": tokens[0], "photos-kept": tokens[1]}
    )
    assert response.status_code == 302
    summary = client.get(citizen.url("recapitulatif")).content.decode()
    assert "plan_terrasse.pdf" in summary
    citizen.send()
    case = Case.objects.get()
    assert case.answers["plan"] == [
        {"upload": tokens[0], "name": "plan_terrasse.pdf", "size": len(PDF_BYTES), "type": PDF}
    ]
    assert case.answers["photos"][0]["type"] == "image/jpeg"
    assert Upload.objects.filter(claimed_at__isnull=False).count() == 2

    client.logout()
    client.login(username="paul.etatcivil", password=demo_password)
    page = client.get(f"/bureau/dossiers/{case.reference}/").content.decode()
    assert "plan_terrasse.pdf" in page
    download = client.get(f"/bureau/dossiers/{case.reference}/fichiers/{tokens[0]}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]


def test_a_refused_file_is_named_in_the_error_and_the_rest_is_kept(client, permit_page):
    fake = SimpleUploadedFile("plan.pdf", b"just text, not a pdf", content_type="application/pdf")
    citizen = Citizen(client, permit_page)
    citizen.start()
    response = citizen.fill("etape-1", {"nom": "Café", "plan": fake})
    html = response.content.decode()
    assert response.status_code == 200
    assert "plan.pdf : Ce type de fichier n&#x27;est pas accepté ici." in html
    assert 'value="Café"' in html
    assert Upload.objects.count() == 0


def test_removing_a_kept_file_drops_it_from_the_answer(client, permit_page):
    plan = SimpleUploadedFile("plan.pdf", PDF_BYTES)
    citizen = Citizen(client, permit_page)
    citizen.start()
    citizen.fill("etape-1", {"nom": "", "plan": plan})
    token = Upload.objects.get().token
    response = citizen.fill("etape-1", {"nom": "Café", "plan-kept": token, "plan-remove": token})
    assert response.status_code == 200
    assert "Joignez au moins un fichier." in response.content.decode()


def test_another_browser_can_neither_see_nor_reuse_someone_elses_upload(
    client, permit_page, django_user_model
):
    owner = Citizen(client, permit_page)
    owner.start()
    owner.fill("etape-1", {"nom": "", "plan": SimpleUploadedFile("plan.pdf", PDF_BYTES)})
    token = Upload.objects.get().token
    assert client.get(f"/televersements/{token}/").status_code == 200
    client.cookies.clear()
    assert client.get(f"/televersements/{token}/").status_code == 404
    stranger = Citizen(client, permit_page)
    stranger.start()
    response = stranger.fill("etape-1", {"nom": "Intrus", "plan-kept": token})
    assert response.status_code == 200  # the stranger's "kept" token is simply not theirs
    assert "Joignez au moins un fichier." in response.content.decode()
    assert Case.objects.count() == 0


def test_only_files_of_the_case_are_served_to_its_department(
    client, permit_page, people, demo_password
):
    Citizen(client, permit_page).submit(
        {"nom": "Café", "plan": SimpleUploadedFile("plan.pdf", PDF_BYTES)}
    )
    case = Case.objects.get()
    token = case.answers["plan"][0]["upload"]
    other = Upload.objects.create(owner="x", name="autre.pdf", content_type=PDF, size=1, sha256="0")
    client.cookies.clear()
    client.login(username="nadia.voirie", password=demo_password)
    assert client.get(f"/bureau/dossiers/{case.reference}/fichiers/{token}/").status_code == 404
    client.login(username="paul.etatcivil", password=demo_password)
    assert (
        client.get(f"/bureau/dossiers/{case.reference}/fichiers/{other.token}/").status_code == 404
    )
    client.login(username="alain.audit", password=demo_password)
    assert client.get(f"/bureau/dossiers/{case.reference}/fichiers/{token}/").status_code == 200
    # The download is in the access log; the refused attempts are not downloads.
    from casework.models import AccessEvent

    (event,) = AccessEvent.objects.filter(kind="file_downloaded")
    assert (event.actor.username, event.case, event.detail) == ("alain.audit", case, "plan.pdf")
