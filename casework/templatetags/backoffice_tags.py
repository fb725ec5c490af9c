"""What the back office's navigation offers each person."""

from typing import Any

from django import template

from ..views.access import is_back_office_user

register = template.Library()


@register.filter
def handles_cases(user: Any) -> bool:
    """Department members, auditors and elected officials see the cases; someone who only
    reads the statistics (the director general) does not get links that would refuse them."""
    return bool(user.is_authenticated) and is_back_office_user(user)
