"""Case references: one counter per prefix and year, without gaps or duplicates."""

import pytest
from django.db import transaction
from django.utils import timezone

from casework.services.references import reference_next


def test_references_follow_each_other_per_prefix_and_a_rollback_gives_the_number_back(db):
    year = timezone.localdate().year
    assert reference_next(prefix="DEM") == f"DEM-{year}-000001"
    assert reference_next(prefix="DEM") == f"DEM-{year}-000002"
    assert reference_next(prefix="TER") == f"TER-{year}-000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert reference_next(prefix="DEM") == f"DEM-{year}-000003"
        raise RuntimeError("the case could not be saved")
    assert reference_next(prefix="DEM") == f"DEM-{year}-000003"
