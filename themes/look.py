"""The look of a site: the theme it wears, its town's name and its map, for a request (the
public pages), for a site (e-mails, PDF receipts) or for a page (a case's procedure).

Every public page and every acknowledgement e-mail needs its site's look, which changes a
few times in a town's life: each process remembers it per site for LOOK_MEMO_SECONDS and
forgets everything when a theme or a site's appearance is saved or deleted in this process
(another process sees the change within the minute), as cms/site_memo.py does for sites.
"""

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.models import Page, Site

from .models import SiteAppearance, Theme

DEFAULT_TOWN = "Guichet"
# Attribute a staff preview sets on a request to show a theme no site wears yet.
PREVIEW_ATTRIBUTE = "guichet_theme_preview"


def default_theme() -> Theme:
    return Theme(name="Guichet")


@dataclass(frozen=True)
class Look:
    theme: Theme = field(default_factory=default_theme)
    town_name: str = DEFAULT_TOWN
    map_config: dict[str, Any] = field(default_factory=dict)


LOOK_MEMO_SECONDS = 60.0

_memo: dict[int, tuple[float, Look]] = {}
_lock = threading.Lock()


def forget_looks(**kwargs: Any) -> None:
    with _lock:
        _memo.clear()


for _model in (SiteAppearance, Theme):
    post_save.connect(forget_looks, sender=_model, dispatch_uid=f"guichet-look-save-{_model}")
    post_delete.connect(forget_looks, sender=_model, dispatch_uid=f"guichet-look-del-{_model}")


def look_for_site(site: Site | None, *, theme: Theme | None = None) -> Look:
    """The site's look; `theme`, when given, stands in for the one the site wears."""
    if site is None:
        return Look(theme=theme or default_theme())
    if theme is not None:
        return _read_look(site, theme=theme)  # a preview: never remembered
    now = time.monotonic()
    remembered = _memo.get(site.pk)
    if remembered is None or remembered[0] < now:
        remembered = (now + LOOK_MEMO_SECONDS, _read_look(site, theme=None))
        with _lock:
            _memo[site.pk] = remembered
    return remembered[1]


def _read_look(site: Site, *, theme: Theme | None) -> Look:
    # The theme comes with the setting in one query; a site without one gets it created.
    appearance = SiteAppearance.objects.select_related("theme").filter(
        site=site
    ).first() or SiteAppearance.for_site(site)
    worn = theme or appearance.theme
    return Look(
        theme=worn or default_theme(),
        town_name=appearance.town_name,
        map_config=appearance.map_config(worn),
    )


def look_for_request(request: HttpRequest) -> Look:
    preview = getattr(request, PREVIEW_ATTRIBUTE, None)
    return look_for_site(Site.find_for_request(request), theme=preview)


def look_for_page(page: Page) -> Look:
    return look_for_site(page.get_site())
