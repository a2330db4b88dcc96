"""Bounds on what one client can make the endpoint hold: request bodies and per-client counters.

Every body is cut off at a limit before it is read whole (a 1 GB login form is refused after
the first chunk past the limit, not after it has filled the memory), and the rate limiter
keeps a bounded number of clients, forgetting the least recently seen first, so that a
crowd of addresses neither grows the process nor slows each request.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Awaitable, Callable, Iterable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RateLimiter:
    """At most `limit` events per key in any `window` seconds (a sliding window), for at most
    `max_keys` keys at once.

    Keys are kept in the order they were last used: each call drops the keys whose window
    has passed from the front (each key is dropped once, so the work is constant on average),
    and past `max_keys` the least recently used key is forgotten — a client that came back
    after a crowd of others starts afresh, which errs towards letting a reader through."""

    def __init__(self, limit: int, window: float = 60.0, *, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.max_keys, self.clock = limit, window, max_keys, clock
        self.seen: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        """Count one event for ``key``; False when it is over the limit (and then not counted)."""
        if self.limit <= 0:
            return True
        now = self.clock()
        self._forget(now)
        times = self.seen.get(key)
        if times is None:
            times = self.seen[key] = deque()
            if len(self.seen) > self.max_keys:
                self.seen.popitem(last=False)
        else:
            self.seen.move_to_end(key)
            while times and times[0] <= now - self.window:
                times.popleft()
        if len(times) >= self.limit:
            return False
        times.append(now)
        return True

    def blocked(self, key: str) -> bool:
        """Whether ``key`` is over its limit now, without counting an event."""
        times = self.seen.get(key)
        if not times or self.limit <= 0:
            return False
        now = self.clock()
        return sum(1 for t in times if t > now - self.window) >= self.limit

    def _forget(self, now: float) -> None:
        # The front holds the least recently used keys; a key whose last event is older
        # than the window has nothing left to count.
        while self.seen:
            key, times = next(iter(self.seen.items()))
            if times and times[-1] > now - self.window:
                break
            del self.seen[key]

    def __len__(self) -> int:
        return len(self.seen)


async def read_bounded(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is larger than `limit` (stops reading at the limit)."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > limit):
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class BodyLimit:
    """ASGI middleware: a request body larger than its path's limit gets 413 without being read.

    ``limits`` maps a path prefix to its own limit (the longest matching prefix wins), for the
    few routes that take files; every other route has ``default``."""

    def __init__(self, app: ASGIApp, *, default: int, limits: Iterable[tuple[str, int]] = (),
                 refusal: Callable[[Request, int], Response] | None = None) -> None:
        self.app = app
        self.default = default
        self.limits = sorted(limits, key=lambda entry: -len(entry[0]))
        # The answer to a body too large (a page for a person, JSON for a script); default JSON.
        self.refusal = refusal

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.limits if path.startswith(prefix)), self.default)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        refused = False

        async def bounded() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise BodyTooLarge(limit)
            return message

        try:
            await self.app(scope, bounded, _guard(send, lambda: refused))
        except BodyTooLarge:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        if self.refusal is None:
            await _too_large(send, limit)
            return
        response = self.refusal(Request(scope), limit)
        response.headers["Connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than {limit} bytes")


def _guard(send: Send, refused: Callable[[], bool]) -> Callable[[Message], Awaitable[None]]:
    async def guarded(message: Message) -> None:
        if not refused():
            await send(message)
    return guarded


async def _too_large(send: Send, limit: int) -> None:
    body = (f'{{"message": "the request body is larger than {limit} bytes; '
            f'isian terlalu besar (paling banyak {limit} bita)"}}').encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
