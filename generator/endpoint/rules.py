"""Form rules beyond one field: WhatsApp numbers and "fill in at least one of these".

Both come from the service's form definition (``whatsapp: true`` on a phone field,
``one_of`` groups on the form), so the endpoint and the page apply the same rule: the
page from the attributes the build writes (rules.js), the endpoint here.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..site.forms import one_of_message
from .phone import NotAMobile, normalise

NOT_A_MOBILE = ("bukan nomor ponsel Indonesia (contoh: 0812 3456 7890 atau +62 812 3456 7890)",
                "is not an Indonesian mobile number (e.g. 0812 3456 7890 or +62 812 3456 7890)")


def apply(form: Mapping[str, Any], clean: dict[str, Any], errors: dict[str, str], *, lang: str) -> None:
    """Check the rules on values that passed their own field's checks; adds to `errors`."""
    for field in form["fields"]:
        name = field["name"]
        if field.get("whatsapp") and name in clean and name not in errors:
            try:
                clean[name] = normalise(str(clean[name]))  # stored as +62…, ready for a wa.me link
            except NotAMobile:
                del clean[name]
                errors[name] = NOT_A_MOBILE[1 if lang == "en" else 0]
    for group in form.get("one_of") or []:
        names = group["fields"]
        if any(n in clean for n in names) or any(n in errors for n in names):
            continue  # one is given, or the reader already has a message beside a field
        message = one_of_message(form, group, lang)
        for name in names:
            errors[name] = message
