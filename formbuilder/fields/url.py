"""Web addresses (http and https only), stored with their scheme."""

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from ._formatted_text import FormattedTextKind
from .registry import BaseFieldBlock, register

FORMAT = "uri"
MAX_LENGTH = 2000  # what every browser and mail client still handles
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# "mailto:", "tel:", "javascript:"... are schemes of their own, left for the check to refuse;
# "exemple.fr:8080" is a host and a port.
_OTHER_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])")
# A host name label: letters (accented ones too: mairie-évry.fr), digits, inner hyphens.
_LABEL = re.compile(r"(?!-)[^\W_](?:[^\W_]|-){0,62}(?<!-)")


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host.rstrip(".").split(".")
    # A bare name ("intranet") is no public address; the top-level domain is never numeric.
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def is_web_address(value: Any) -> bool:
    """Whether a value is an absolute http(s) address (True for non-strings: not ours)."""
    if not isinstance(value, str):
        return True
    if not value or len(value) > MAX_LENGTH or any(char.isspace() for char in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- raises ValueError on a port that is not a number
    except ValueError:
        return False
    # Credentials before the host ("https://www.mairie.fr@autre.site") only serve to mislead.
    if parts.scheme not in ("http", "https") or parts.username is not None:
        return False
    return bool(parts.hostname) and _is_host(parts.hostname)


def normalise_web_address(text: str) -> str:
    """People type "www.exemple.fr": the missing scheme becomes https://."""
    text = text.strip()
    if not text:
        return text
    if not _SCHEME.match(text):
        if _OTHER_SCHEME.match(text):
            return text
        return "https://" + text.removeprefix("//")
    scheme, rest = text.split("://", 1)
    return f"{scheme.lower()}://{rest}"


class UrlBlock(BaseFieldBlock):
    class Meta:
        label = _("Adresse web")
        icon = "link"
        group = _("Texte")


@register
class Url(FormattedTextKind):
    name = "url"
    block_class = UrlBlock
    menu_order = 15
    messages = {
        "format": _(
            "Saisissez une adresse web valide, par exemple www.exemple.fr ou "
            "https://www.exemple.fr (seules les adresses http et https sont acceptées)."
        ),
        "maxLength": _("L'adresse web ne peut pas dépasser {limit} caractères."),
    }
    format_name = FORMAT
    max_length = MAX_LENGTH
    placeholder = "https://www.exemple.fr"
    # A text input, not type="url": browsers would refuse "www.exemple.fr" before the
    # server could add the scheme.
    widget_attrs = {"inputmode": "url", "autocomplete": "url", "autocapitalize": "none"}
    check = staticmethod(is_web_address)
    normalise = staticmethod(normalise_web_address)
