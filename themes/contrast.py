"""Colour contrast as WCAG 2.1 measures it (success criterion 1.4.3, level AA)."""

AA_TEXT = 4.5  # normal-size text against its background
AA_NON_TEXT = 3.0  # user-interface components such as a focus outline (1.4.11)


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """The relative luminance of a "#RRGGBB" colour, from 0 (black) to 1 (white)."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same colour) to 21 (black on white), whichever is lighter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def french_ratio(ratio: float) -> str:
    """4.478 -> "4,47:1", 3 -> "3:1": rounded down, so a refused pair never reads as
    reaching its minimum."""
    text = f"{int(ratio * 100) / 100:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + ":1"
