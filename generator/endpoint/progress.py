"""Where a request stands against its service's standard: each step's deadline, and the
response and completion deadlines, with what is late.

Steps run one after another; each step's deadline is the end of its own time in the
standard counted from the previous step's deadline (so the last one falls on the
completion deadline when the standard adds up), on the library's business calendar and
shifted by the time the request waited on the reader. Pure functions over the history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from .sla import Calendar, Pause, _business, _clip, add_working, budget_seconds, working_seconds


def deadline(cal: Calendar, start: dt.datetime, duration: dict, pauses: Sequence[Pause],
             now: dt.datetime) -> dt.datetime:
    """When `duration` of SLA time after `start` runs out, pauses not counted.

    A pause still open is taken to end now: the deadline is then as if the clock ran again now.
    """
    unit = duration.get("unit", "business_days")
    seconds = budget_seconds(cal, duration)
    business = _business(unit)
    due = add_working(cal, start, seconds) if business else start + dt.timedelta(seconds=seconds)
    # Each pause that began before the deadline pushes it by its own (working) length; the
    # spans are merged and sorted, and the deadline only moves later, so one pass is enough.
    for lo, hi in _clip(pauses, start, now):
        if lo >= due:
            continue
        length = working_seconds(cal, lo, hi) if business else (hi - lo).total_seconds()
        if length > 0:
            due = add_working(cal, due, length) if business else due + dt.timedelta(seconds=length)
    return due


@dataclass(frozen=True)
class Step:
    index: int
    name: dict
    state: str  # done / current / todo
    due: dt.datetime | None
    started: dt.datetime | None
    finished: dt.datetime | None
    late: bool
    waiting_on_reader: bool


def step_times(row: dict[str, Any], history: Sequence[dict[str, Any]], count: int) -> list[
        tuple[dt.datetime | None, dt.datetime | None]]:
    """(started, finished) of each step, from the history's ``step`` entries (detail = new index)."""
    starts: list[dt.datetime | None] = [None] * count
    if count:
        starts[0] = row["created_at"]
    for entry in history:
        if entry["kind"] == "step" and str(entry.get("detail") or "").isdigit():
            index = int(entry["detail"])
            if 0 <= index < count:
                starts[index] = entry["at"]
    out: list[tuple[dt.datetime | None, dt.datetime | None]] = []
    for index in range(count):
        following = starts[index + 1] if index + 1 < count else None
        if row["status"] == "open":
            finished = following if index < row["step"] else None
        else:
            # A request closed early closes every step; a refused one, none after where it stopped.
            reached = row["status"] == "closed" or index <= row["step"]
            finished = (following or row["closed_at"]) if reached else None
        out.append((starts[index], finished))
    return out


def steps(cal: Calendar, form: dict[str, Any], row: dict[str, Any], history: Sequence[dict[str, Any]],
          pauses: Sequence[Pause], now: dt.datetime) -> list[Step]:
    defined = form.get("steps", [])
    times = step_times(row, history, len(defined))
    out: list[Step] = []
    previous = row["created_at"]
    closed = row["status"] == "closed"
    for index, spec in enumerate(defined):
        due = deadline(cal, previous, spec["time"], pauses, now) if spec.get("time") and previous else None
        if closed or index < row["step"] or (row["status"] == "refused" and index == row["step"]):
            state = "done"
        else:
            state = "current" if index == row["step"] and row["status"] == "open" else "todo"
        started, finished = times[index]
        moment = finished if state == "done" else now if state == "current" else None
        late = bool(due and moment and moment > due)
        out.append(Step(index=index, name=spec["name"], state=state, due=due, started=started,
                        finished=finished, late=late, waiting_on_reader=bool(spec.get("waiting_on_reader"))))
        previous = due or previous
    return out


def due_view(cal: Calendar, duration: dict | None, row: dict[str, Any], pauses: Sequence[Pause],
             met_at: dt.datetime | None, now: dt.datetime) -> dict[str, Any] | None:
    """A deadline from the creation: when it falls, when it was met (if it was), whether late."""
    if not duration:
        return None
    due = deadline(cal, row["created_at"], duration, pauses, now)
    moment = met_at or (now if row["status"] == "open" else None)
    return {"due": due, "met_at": met_at, "late": bool(moment and moment > due)}
