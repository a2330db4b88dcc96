"""Ticket numbers people can read aloud, and the unguessable tokens that guard status."""

from __future__ import annotations

import hmac
import re
import secrets

PREFIX = "PST"
TICKET_RE = re.compile(r"PST-(\d{4})-(\d{6,})")


def ticket_number(year: int, sequence: int) -> str:
    """``PST-2026-000123``: the year and a counter that starts again every year."""
    assert sequence > 0, "ticket sequences start at 1"
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def is_ticket(text: str) -> bool:
    return bool(TICKET_RE.fullmatch(text or ""))


def new_token() -> str:
    """128+ bits from the OS: the ticket number is guessable, the token is not."""
    return secrets.token_urlsafe(24)


def same_token(given: str | None, stored: str) -> bool:
    return hmac.compare_digest((given or "").encode(), stored.encode())
