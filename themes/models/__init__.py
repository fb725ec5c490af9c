from .site_appearance import SiteAppearance
from .theme import AccessibilityStatus, Theme

__all__ = ["AccessibilityStatus", "SiteAppearance", "Theme"]
