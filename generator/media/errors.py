"""Errors of media processing: one per bad file, and the failure that lists them all."""

from __future__ import annotations

from ..exceptions import PustakaError


class MediaError(PustakaError):
    """One media file could not be processed; names the file and why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __reduce__(self):  # travels back from worker processes intact
        return (MediaError, (self.path, self.reason))


class MediaFailed(PustakaError):
    """One or more media files could not be processed and --keep-going was not given."""

    def __init__(self, errors: list[MediaError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.path)
        count = len(self.errors)
        noun = "media file" if count == 1 else "media files"
        lines = "\n".join(str(e) for e in self.errors)
        super().__init__(f"{count} {noun} could not be processed (pustaka build --keep-going "
                         f"builds the site without them):\n{lines}")
