"""Whose word the endpoint takes for a client's address and scheme.

Behind a reverse proxy (nginx, Caddy) every request comes from the proxy; the proxy names
the reader in ``X-Forwarded-For`` and the scheme in ``X-Forwarded-Proto``. Anyone can send
those headers, so they count only from the proxies the library names: from anywhere else
(the machine itself included) the connection's own address is the client, and the rate
limits and login throttles hold per reader.
"""

from __future__ import annotations

from typing import Any, Iterable


def uvicorn_options(trusted_proxies: Iterable[str] = ()) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config`` that trust only ``trusted_proxies``
    (addresses or networks, e.g. ``10.0.0.5`` or ``10.0.0.0/24``)."""
    trusted = [address.strip() for address in trusted_proxies if address.strip()]
    # uvicorn's own default trusts 127.0.0.1, so that any program on the machine could
    # claim to be any reader: with no proxy named, the headers are not read at all.
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": ",".join(trusted) if trusted else "",
            "server_header": False}
