"""Small formatting helpers shared by the command modules (sizes, dates, paths)."""

from __future__ import annotations

from datetime import UTC, datetime

from drive_adapters.inventory import display_path

__all__ = ["date", "display_path", "size"]


def size(n: int) -> str:
    """Bytes as a short human size: 1.2 MB."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover


def date(timestamp: float | None) -> str:
    """A timestamp as a date (UTC), or a dash."""
    if timestamp is None:
        return "–"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
