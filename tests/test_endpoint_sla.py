"""SLA clocks across a weekend, a national holiday and a pause (generator/endpoint/sla.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from generator.endpoint.sla import (Calendar, add_working, business_days_text, clock, elapsed_seconds,
                                    load_holidays, parse_hours, working_seconds)

WIB = ZoneInfo("Asia/Jakarta")
H = 3600


def at(day: str, hour: float) -> dt.datetime:
    base = dt.datetime.fromisoformat(day).replace(tzinfo=WIB)
    return base + dt.timedelta(hours=hour)


@pytest.fixture
def cal() -> Calendar:
    return Calendar(holidays=load_holidays())


def test_holiday_files_hold_independence_day_and_new_year():
    days = load_holidays()
    assert dt.date(2026, 8, 17) in days and dt.date(2027, 1, 1) in days
    assert dt.date(2026, 3, 20) not in days  # cuti bersama only on request
    assert dt.date(2026, 3, 20) in load_holidays(collective_leave=True)


def test_parse_hours():
    hours = parse_hours("mon-fri 08:00-16:00, sat 08:00-12:00")
    assert hours[0] == (dt.time(8), dt.time(16)) and hours[5] == (dt.time(8), dt.time(12)) and 6 not in hours


def test_working_time_skips_weekend_and_holiday(cal):
    # Friday 14 Aug 2026 15:00 → Tuesday 18 Aug 10:00; Monday 17 Aug is Independence Day.
    assert working_seconds(cal, at("2026-08-14", 15), at("2026-08-18", 10)) == 3 * H


def test_working_time_outside_hours_is_zero(cal):
    assert working_seconds(cal, at("2026-08-15", 9), at("2026-08-16", 20)) == 0  # a weekend
    assert working_seconds(cal, at("2026-08-18", 17), at("2026-08-19", 7)) == 0  # a night
    assert working_seconds(cal, at("2026-08-18", 10), at("2026-08-18", 9)) == 0  # backwards


def test_times_in_utc_are_read_in_local_time(cal):
    start = at("2026-08-18", 8).astimezone(dt.timezone.utc)  # 01:00 UTC
    assert working_seconds(cal, start, start + dt.timedelta(hours=3)) == 3 * H


def test_add_working_jumps_over_weekend_and_holiday(cal):
    assert add_working(cal, at("2026-08-14", 15), 2 * H) == at("2026-08-18", 9)


def test_one_business_day_clock_across_weekend_holiday_and_pause(cal):
    one_day = {"value": 1, "unit": "business_days"}
    start = at("2026-08-14", 15)
    plain = clock(cal, one_day, start, at("2026-08-18", 10))
    assert plain.elapsed == 3 * H and plain.budget == 8 * H and not plain.overdue
    assert plain.due == at("2026-08-18", 15)
    pauses = [(at("2026-08-18", 8.5), at("2026-08-18", 9.5))]
    paused = clock(cal, one_day, start, at("2026-08-18", 10), pauses)
    assert paused.elapsed == 2 * H and paused.due == at("2026-08-18", 16) and not paused.paused
    late = clock(cal, one_day, start, at("2026-08-19", 9))
    assert late.overdue and late.elapsed == 10 * H


def test_open_pause_stops_the_clock(cal):
    start = at("2026-08-18", 8)
    running_pause = [(at("2026-08-18", 9), None)]
    c = clock(cal, {"value": 4, "unit": "business_hours"}, start, at("2026-08-20", 15), running_pause)
    assert c.elapsed == 1 * H and c.paused and not c.overdue


def test_overlapping_pauses_are_not_counted_twice(cal):
    start = at("2026-08-18", 8)
    pauses = [(at("2026-08-18", 9), at("2026-08-18", 11)), (at("2026-08-18", 10), at("2026-08-18", 12))]
    assert elapsed_seconds(cal, start, at("2026-08-18", 16), "business_hours", pauses) == 5 * H


def test_calendar_units_count_every_hour_but_not_pauses(cal):
    start = at("2026-08-14", 15)
    pauses = [(at("2026-08-15", 0), at("2026-08-16", 0))]
    c = clock(cal, {"value": 2, "unit": "days"}, start, at("2026-08-17", 15), pauses)
    assert c.elapsed == 48 * H and not c.overdue and c.remaining == 0


def test_text_of_working_time(cal):
    assert business_days_text(cal, 10 * H) == "1 hari kerja 2 jam"
    assert business_days_text(cal, 30 * 60) == "30 menit"
