"""Optional citizen accounts: registration with e-mail verification, profile, dashboard."""
