"""A site's colour (Site.colour, a validated '#rrggbb') made safe to read (WCAG).

site.css draws the header in ``--red`` with white text, the navigation in ``--red-dark``, and
uses ``--red-dark`` for headings on the light page (``--paper``). A site may choose any colour:
it is darkened, keeping its hue, until white text on it and it as text on the page both reach
7:1 (AAA, as the rest of site.css), and ``--red-dark`` is a further shade of it. A dark colour
is kept as it is."""

from __future__ import annotations

from dataclasses import dataclass

WHITE = (255, 255, 255)
PAPER = (0xF6, 0xF3, 0xEE)  # site.css --paper
TARGET = 7.0
DARKER_STEP = 0.96  # each step keeps 96% of every channel (the hue is kept)
DARK_SHADE = 0.82  # --red-dark: this much of --red


def parse(colour: str) -> tuple[int, int, int]:
    """'#rrggbb' → (r, g, b); ValueError for anything else."""
    text = colour.strip()
    if len(text) != 7 or not text.startswith("#"):
        raise ValueError(colour)
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def hex_of(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _scaled(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    r, g, b = (int(v * factor) for v in rgb)
    return r, g, b


def readable(rgb: tuple[int, int, int], target: float = TARGET) -> tuple[int, int, int]:
    """The colour, darkened until white on it and it on the page reach ``target``."""
    current = rgb
    while min(contrast(current, WHITE), contrast(current, PAPER)) < target and current != (0, 0, 0):
        current = _scaled(current, DARKER_STEP)
    return current


@dataclass(frozen=True)
class Theme:
    main: str  # --red: the header, white text on it
    dark: str  # --red-dark: the navigation, headings on the page


def theme_of(colour: str) -> Theme:
    main = readable(parse(colour))
    return Theme(hex_of(main), hex_of(_scaled(main, DARK_SHADE)))


def css(theme: Theme) -> str:
    return f":root {{\n  --red: {theme.main};\n  --red-dark: {theme.dark};\n}}\n"
