from typing import Any

from django import template

from ..scope import statistics_scope

register = template.Library()


@register.filter
def may_see_statistics(user: Any) -> bool:
    """For the back office's menu: whether the statistics page would open for this person."""
    return statistics_scope(user) is not None
