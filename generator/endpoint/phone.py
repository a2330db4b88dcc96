"""Indonesian mobile numbers: the forms a reader types, one form to store, and WhatsApp links.

Readers write a number as ``0812-3456-7890``, ``62812…``, ``+62 812…`` or ``812…``; the
library needs one form (E.164, ``+62812…``) to build a click-to-chat link. Google's
libphonenumber (the ``phonenumbers`` port) knows Indonesia's numbering plan, so a
landline or a foreign number is told apart from a mobile by data, not by a prefix list.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

REGION = "ID"
MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class NotAMobile(ValueError):
    """The text cannot be an Indonesian mobile number."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{text!r} is not an Indonesian mobile number")
        self.text = text


def normalise(text: str) -> str:
    """``+62…`` (E.164) for an Indonesian mobile number written in any usual way; NotAMobile otherwise."""
    raw = (text or "").strip()
    digits = re.sub(r"[\s().\-]", "", raw)
    # "62812…" without the plus is the country code typed bare, not a national number.
    if digits.startswith("62") and not digits.startswith("+"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, REGION)
    except NumberParseException:
        raise NotAMobile(raw) from None
    if (not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != REGION
            or phonenumbers.number_type(number) not in MOBILE_TYPES):
        raise NotAMobile(raw)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def mobile_or_none(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        return normalise(text)
    except NotAMobile:
        return None


def display(e164: str) -> str:
    """``+62 812-3456-7890``: the stored form, readable."""
    return phonenumbers.format_number(phonenumbers.parse(e164, REGION), PhoneNumberFormat.INTERNATIONAL)


def whatsapp_link(e164: str, message: str) -> str:
    """A click-to-chat link (``https://wa.me/62…?text=…``): the librarian's own WhatsApp sends it,
    so no third-party API sees the reader's data."""
    assert e164.startswith("+"), "normalise the number first"
    return f"https://wa.me/{e164[1:]}?text={quote(message, safe='')}"
