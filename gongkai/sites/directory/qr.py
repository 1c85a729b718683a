"""The 蒙速办 QR code of a service page, drawn on the server as inline SVG (segno; no network,
no JavaScript, no image request). The SVG holds only the encoded link's modules: no text of the
service, so it is safe to mark safe."""

from __future__ import annotations

import segno


def svg(url: str, scale: int = 4) -> str:
    """``url`` as an inline SVG QR code (error correction M), or "" for no link."""
    if not url:
        return ""
    return str(segno.make(url, error="m").svg_inline(scale=scale))
