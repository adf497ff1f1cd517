"""A QR code as a PNG: the conference's check-in link, printed or projected at the hall."""

from __future__ import annotations

import io

import segno

__all__ = ["qr_png"]

# large enough to be scanned from a few metres when projected, and printed on A4 without blur
SCALE = 12
BORDER = 4


def qr_png(text: str) -> bytes:
    """The PNG of a QR code holding `text`, with the high error correction a printed code needs."""
    buffer = io.BytesIO()
    segno.make(text, error="h", micro=False).save(buffer, kind="png", scale=SCALE, border=BORDER)
    return buffer.getvalue()
