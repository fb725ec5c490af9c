"""Retention and the GDPR: redacting closed cases once their procedure's period is over,
purging the access log, and exporting a citizen's data on request (right of access)."""
