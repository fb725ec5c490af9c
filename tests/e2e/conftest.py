"""Real-browser fixtures: Playwright driving Debian's chromium, axe-core on every page."""

import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("GUICHET_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
MAP_TILE = re.compile(r"/\d+/\d+/\d+\.png$")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous and safe. Only while a browser is open.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not CHROMIUM.exists():
        if os.environ.get("GUICHET_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but GUICHET_REQUIRE_BROWSER is set")
        pytest.skip("needs Debian's chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _blank_tile() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (226, 232, 220)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def new_page(browser, live_server):
    """A page in a fresh browser context that never reaches the internet: map tiles get a
    blank local tile, and any other outside request is refused and reported."""
    contexts, escaped = [], []
    tile = _blank_tile()
    # The live server answers on both names of this machine: the two demo towns are told
    # apart by host name (tests/e2e/test_themes.py).
    netloc = urlsplit(live_server.url).netloc
    local = {netloc, netloc.replace("localhost", "127.0.0.1")}

    def keep_local(route):
        url = urlsplit(route.request.url)
        if url.netloc in local or url.scheme == "data":
            route.continue_()
        elif MAP_TILE.search(url.path):
            route.fulfill(status=200, content_type="image/png", body=tile)
        else:
            escaped.append(route.request.url)
            route.abort()

    def open_page(viewport=PHONE, **options):
        context = browser.new_context(
            viewport=viewport, locale="fr-FR", base_url=live_server.url, **options
        )
        context.route("**/*", keep_local)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not escaped, f"requests left the machine: {escaped}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page) -> None:
    """No serious or critical axe-core (WCAG 2.1 A/AA) violation on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    serious = [
        f"{violation['id']} ({violation['impact']}): {[n['target'] for n in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: {serious}"
