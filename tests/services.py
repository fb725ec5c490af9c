"""Tests that need the real services skip without them, unless CI says they are required."""

import os

import pytest
from django.conf import settings


def require_redis() -> None:
    if settings.REDIS_URL:
        return
    if os.environ.get("GUICHET_REQUIRE_SERVICES"):
        pytest.fail("REDIS_URL is not set but GUICHET_REQUIRE_SERVICES is")
    pytest.skip("needs Redis: set REDIS_URL (the CI run does)")
