"""Django setup for benchmark scripts run as `python -m benchmarks.<name>`."""

import os
import statistics
import time
from collections.abc import Callable

import django


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    # Measured as a server runs: without DEBUG's template and SQL bookkeeping.
    os.environ.setdefault("DEBUG", "false")
    django.setup()


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of each of `repeat` calls."""
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        durations.append(time.perf_counter() - start)
    return durations


def median_ms(durations: list[float]) -> float:
    return statistics.median(durations) * 1000
