"""Reads of the incident categories a citizen may choose, as the form offers them."""

from typing import Any

from .models import IncidentCategory


def selectable_categories() -> list[IncidentCategory]:
    """Active categories a report can be filed under: the sub-categories of a category
    that has active ones, the category itself otherwise."""
    active = list(IncidentCategory.objects.filter(active=True).select_related("parent"))
    active_ids = {category.pk for category in active}
    with_children = {c.parent_id for c in active if c.parent_id in active_ids}
    return [
        category
        for category in active
        if (category.parent_id is None and category.pk not in with_children)
        or category.parent_id in active_ids
    ]


def category_choices() -> list[tuple[Any, Any]]:
    """Choices for a drop-down: sub-categories grouped under their category."""
    groups: dict[int, tuple[IncidentCategory, list[tuple[str, str]]]] = {}
    order: list[tuple[tuple[int, str], Any]] = []
    for category in selectable_categories():
        if category.parent_id is None:
            order.append(((category.position, category.name), (category.slug, category.name)))
            continue
        parent = category.parent
        if parent.pk not in groups:
            groups[parent.pk] = (parent, [])
            order.append(((parent.position, parent.name), parent.pk))
        groups[parent.pk][1].append(((category.position, category.name), category))
    choices: list[tuple[Any, Any]] = []
    for _key, entry in sorted(order, key=lambda item: item[0]):
        if isinstance(entry, tuple):
            choices.append(entry)
        else:
            parent, children = groups[entry]
            children.sort(key=lambda item: item[0])
            choices.append((parent.name, [(c.slug, c.name) for _k, c in children]))
    return choices


def is_selectable(slug: str) -> bool:
    return any(category.slug == slug for category in selectable_categories())


def category_label(slug: str) -> str:
    category = IncidentCategory.objects.select_related("parent").filter(slug=slug).first()
    return str(category) if category else slug
