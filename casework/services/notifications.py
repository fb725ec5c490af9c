"""The outbox: notifications are written with the change and delivered after commit."""

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.site_memo import site_by_id
from themes.look import Look, look_for_site

from ..models import Case, Notification

logger = logging.getLogger("guichet.notifications")

# Many mail clients (Gmail, Outlook) show no SVG and some no WebP: the e-mail header only
# shows a logo they all draw; the town's name is there anyway.
EMAIL_LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg")


def notification_queue(
    *,
    case: Case | None,
    kind: str,
    recipient: str,
    subject: str,
    context: dict[str, Any],
    site: Site | None = None,
) -> Notification | None:
    """Render the e-mail `casework/emails/<kind>.{txt,html}` and send it after commit.

    Every e-mail wears the look of the site the case's procedure lives on."""
    if not recipient:
        return None
    site = case_site(case) if case is not None else site
    context = {
        **context,
        **email_appearance(look_for_site(site), public_base_url(site)),
        "case": case,
        "subject": subject,
    }
    notification = Notification.objects.create(
        case=case,
        kind=kind,
        recipient=recipient,
        subject=subject,
        body_text=render_to_string(f"casework/emails/{kind}.txt", context),
        body_html=render_to_string(f"casework/emails/{kind}.html", context),
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def notification_copy(notification: Notification, *, recipient: str) -> Notification:
    """The same e-mail to another person, without rendering it again: for bodies that
    name no recipient (a department's digest and its managers' copies)."""
    copy = Notification.objects.create(
        case=notification.case,
        kind=notification.kind,
        recipient=recipient,
        subject=notification.subject,
        body_text=notification.body_text,
        body_html=notification.body_html,
    )
    transaction.on_commit(lambda: _enqueue(copy.pk))
    return copy


def case_site(case: Case) -> Site | None:
    """The Wagtail site the case's procedure is published on (None when on none)."""
    procedure = case.procedure
    # Asked twice per submission (the acknowledgement, then its tracking link), a query
    # each time; a page object lives for one request or task, and its site with it.
    if not hasattr(procedure, "_guichet_case_site"):
        url_parts = procedure.get_url_parts()
        procedure._guichet_case_site = None if url_parts is None else site_by_id(url_parts[0])
    return procedure._guichet_case_site


def public_base_url(site: Site | None) -> str:
    """Where the links of an e-mail start, without the final slash.

    Each town is served on its own host name, so a case of another town's site links to
    that site; the default site keeps the configured public address, which knows the real
    scheme and host where its Site row may still say localhost:80."""
    if site is not None and not site.is_default_site:
        return site.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def email_appearance(look: Look, base_url: str) -> dict[str, Any]:
    """What the e-mail layout (casework/emails/_layout.html, _signature.txt) reads."""
    theme = look.theme
    legal = [
        (_("Mentions légales"), theme.legal_notice_url),
        (_("Données personnelles"), theme.personal_data_url),
        (theme.get_accessibility_status_display(), theme.accessibility_url),
    ]
    return {
        "look": look,
        "email_logo_url": _email_logo_url(look, base_url),
        "email_legal_links": [(label, _absolute(url, base_url)) for label, url in legal if url],
    }


def _email_logo_url(look: Look, base_url: str) -> str:
    logo = look.theme.logo
    if not logo or not logo.name.lower().endswith(EMAIL_LOGO_EXTENSIONS):
        return ""
    return _absolute(look.theme.logo_url, base_url)


def _absolute(url: str, base_url: str) -> str:
    """An e-mail is read far from the site: "/page/" becomes the site's full address."""
    return base_url + url if url.startswith("/") and not url.startswith("//") else url


def _enqueue(notification_id: int) -> None:
    from ..tasks import deliver_notification

    try:
        deliver_notification.delay(notification_id)
    except Exception:  # noqa: BLE001  (broker down: the periodic sweep delivers it later)
        logger.warning("Notification %s left for the sweep", notification_id, exc_info=True)
