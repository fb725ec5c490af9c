"""{% theme_include "themes/includes/header.html" %}: the theme's own copy of a template when
it has one (themes/<slug>/templates/...), the base template otherwise.

A city's override is edited outside the code review that protects the base templates, so a
broken one must not take the site down: any error reading, compiling or rendering it is
logged and the base template is used instead."""

import functools
import logging
from pathlib import Path

from django import template
from django.conf import settings
from django.template import Context, Template
from django.template.base import Origin
from django.utils.safestring import SafeString

register = template.Library()
logger = logging.getLogger("guichet.themes")

_compiled: dict[Path, tuple[float, Template]] = {}


def override_path(slug: str, template_name: str) -> Path | None:
    """Where a theme's copy of `template_name` would live, if it stays inside its folder."""
    return _override_path(settings.GUICHET_THEME_TEMPLATES_DIR, slug, template_name)


# Every page asks for three or four includes, each resolving two paths on the disk (a
# system call per part of each path): the answer depends on these three strings only.
@functools.lru_cache(maxsize=256)
def _override_path(directory: str, slug: str, template_name: str) -> Path | None:
    folder = (Path(directory) / slug / "templates").resolve()
    candidate = (folder / template_name).resolve()
    return candidate if candidate.is_relative_to(folder) else None


def _override(path: Path, template_name: str, context: Context) -> Template | None:
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None  # no override: the usual case
    remembered = _compiled.get(path)
    if remembered is not None and remembered[0] == modified:
        return remembered[1]
    source = path.read_text(encoding="utf-8")
    compiled = Template(
        source, origin=Origin(str(path), template_name), engine=context.template.engine
    )
    _compiled[path] = (modified, compiled)
    return compiled


@register.simple_tag(takes_context=True)
def theme_include(context: Context, template_name: str) -> SafeString:
    theme = context.get("theme")
    slug = getattr(theme, "slug", None)
    path = override_path(slug, template_name) if slug else None
    if path is not None:
        try:
            override = _override(path, template_name, context)
            if override is not None:
                with context.push():
                    return override.render(context)
        except Exception:  # noqa: BLE001  (any error: log it and show the base template)
            logger.exception("Gabarit %s du thème « %s » inutilisable", path, slug)
    base = context.template.engine.get_template(template_name)
    with context.push():
        return base.render(context)
