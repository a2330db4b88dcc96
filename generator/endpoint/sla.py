"""SLA clocks: how much of a service's time a request has used, in working time.

Pure functions over a `Calendar` (working hours per weekday plus holidays). Times are
timezone-aware; the calendar converts them to the library's local time, because a
working day is a local thing (08:00 in Tanjung Lestari is 01:00 UTC).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

import yaml

HOLIDAY_DIR = Path(__file__).parent / "holidays"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Pause = tuple[dt.datetime, "dt.datetime | None"]


@dataclass(frozen=True)
class Calendar:
    """Working hours per weekday (0 = Monday) and the days the library is closed."""

    hours: dict[int, tuple[dt.time, dt.time]] = field(default_factory=lambda: {
        d: (dt.time(8), dt.time(16)) for d in range(5)})
    holidays: frozenset[dt.date] = frozenset()
    timezone: str = "Asia/Jakarta"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def day_seconds(self) -> float:
        """Length of a typical working day: what "one business day" of an SLA is worth."""
        spans = [_seconds(a, b) for a, b in self.hours.values()]
        return max(spans) if spans else 8 * 3600

    def working_span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        if day in self.holidays or day.weekday() not in self.hours:
            return None
        opens, closes = self.hours[day.weekday()]
        return (dt.datetime.combine(day, opens, self.zone), dt.datetime.combine(day, closes, self.zone))


def _seconds(a: dt.time, b: dt.time) -> float:
    return (dt.datetime.combine(dt.date.min, b) - dt.datetime.combine(dt.date.min, a)).total_seconds()


def load_holidays(directory: Path = HOLIDAY_DIR, *, collective_leave: bool = False,
                  prefix: str = "id-") -> frozenset[dt.date]:
    """Every holiday in the calendar files ``id-YYYY.yml`` of a folder."""
    days: set[dt.date] = set()
    for path in sorted(directory.glob(f"{prefix}*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        keys = ["holidays"] + (["collective_leave"] if collective_leave else [])
        for key in keys:
            for day in (data.get(key) or {}):
                days.add(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)))
    return frozenset(days)


def parse_hours(spec: str) -> dict[int, tuple[dt.time, dt.time]]:
    """``"mon-fri 08:00-16:00, sat 08:00-12:00"`` → working hours per weekday."""
    hours: dict[int, tuple[dt.time, dt.time]] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        days, _, span = part.partition(" ")
        first, _, last = days.partition("-")
        start, end = (WEEKDAYS.index(first), WEEKDAYS.index(last or first))
        opens, _, closes = span.strip().partition("-")
        for day in range(start, end + 1):
            hours[day] = (dt.time.fromisoformat(opens), dt.time.fromisoformat(closes))
    return hours


def working_seconds(cal: Calendar, start: dt.datetime, end: dt.datetime) -> float:
    """Working time between two instants (0 when end is before start)."""
    if end <= start:
        return 0.0
    zone = cal.zone
    start, end = start.astimezone(zone), end.astimezone(zone)
    total = 0.0
    day = start.date()
    while day <= end.date():
        span = cal.working_span(day)
        if span is not None:
            lo, hi = max(span[0], start), min(span[1], end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        day += dt.timedelta(days=1)
    return total


def add_working(cal: Calendar, start: dt.datetime, seconds: float) -> dt.datetime:
    """The instant at which `seconds` of working time after `start` have passed."""
    zone = cal.zone
    at = start.astimezone(zone)
    remaining = seconds
    day = at.date()
    for _ in range(3660):  # ten years of days: a bound, not a limit anyone reaches
        span = cal.working_span(day)
        if span is not None:
            lo = max(span[0], at)
            if span[1] > lo:
                available = (span[1] - lo).total_seconds()
                if remaining <= available:
                    return lo + dt.timedelta(seconds=remaining)
                remaining -= available
        day += dt.timedelta(days=1)
    raise ValueError("the calendar has no working time")


def _business(unit: str) -> bool:
    return unit.startswith("business_")


def budget_seconds(cal: Calendar, duration: dict) -> float:
    """An SLA duration ``{value, unit}`` in seconds (working seconds for business units)."""
    value, unit = duration["value"], duration.get("unit", "business_days")
    per = {"hours": 3600, "days": 86400, "business_hours": 3600, "business_days": cal.day_seconds}[unit]
    return value * per


def _clip(pauses: Iterable[Pause], start: dt.datetime, now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    spans = []
    for p_start, p_end in pauses:
        lo, hi = max(p_start, start), min(p_end or now, now)
        if hi > lo:
            spans.append((lo, hi))
    # Merge overlaps so that a doubly-recorded pause is not subtracted twice.
    spans.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def elapsed_seconds(cal: Calendar, start: dt.datetime, now: dt.datetime, unit: str,
                    pauses: Sequence[Pause] = ()) -> float:
    """Time counted against the SLA: working (or wall) time from start to now, minus pauses."""
    measure = (lambda a, b: working_seconds(cal, a, b)) if _business(unit) else \
        (lambda a, b: max(0.0, (b - a).total_seconds()))
    total = measure(start, now)
    for lo, hi in _clip(pauses, start, now):
        total -= measure(lo, hi)
    return max(0.0, total)


@dataclass(frozen=True)
class Clock:
    elapsed: float  # seconds counted so far
    budget: float  # seconds the SLA allows
    due: dt.datetime  # when the time runs out, if the clock runs from now on
    paused: bool

    @property
    def remaining(self) -> float:
        return self.budget - self.elapsed

    @property
    def overdue(self) -> bool:
        return self.elapsed > self.budget

    @property
    def fraction(self) -> float:
        return self.elapsed / self.budget if self.budget else 1.0


def clock(cal: Calendar, duration: dict, start: dt.datetime, now: dt.datetime,
          pauses: Sequence[Pause] = ()) -> Clock:
    """The SLA clock of a request created at `start`, looked at `now`."""
    unit = duration.get("unit", "business_days")
    used = elapsed_seconds(cal, start, now, unit, pauses)
    budget = budget_seconds(cal, duration)
    paused = any(p_end is None or p_end > now for p_start, p_end in pauses if p_start <= now)
    left = max(0.0, budget - used)
    if _business(unit):
        due = add_working(cal, now, left) if left else now
        if left == 0 and used > budget:
            due = now  # already late: "due" is in the past, shown as overdue
    else:
        due = now + dt.timedelta(seconds=left)
    return Clock(elapsed=used, budget=budget, due=due, paused=paused)


def business_days_text(cal: Calendar, seconds: float) -> str:
    """``"1 hari 2 jam"``: working seconds as working days and hours, in Indonesian."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, cal.day_seconds)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{int(days)} hari kerja")
    if hours:
        parts.append(f"{int(hours)} jam")
    if minutes and not days:
        parts.append(f"{int(minutes)} menit")
    return sign + (" ".join(parts) or "0 menit")
