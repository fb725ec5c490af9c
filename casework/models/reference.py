from django.db import models


class ReferenceCounter(models.Model):
    """The last number given for a prefix and year (DEM-2026-000123)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
