"""Dates known to a day, a month or a year, and the interval of days they cover."""

import calendar
import datetime

from events.choices import DatePrecision


def floor_to_precision(day, precision):
    """The first day that ``day`` can stand for at ``precision`` (2023-09-17, month → 2023-09-01)."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def ceil_to_precision(day, precision):
    """The last day that ``day`` can stand for at ``precision`` (2023-09-01, month → 2023-09-30)."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def covered_interval(start, start_precision, end=None, end_precision=None):
    """The first and last day a period may cover; ``None`` where the period is open."""
    if start is None and end is None:
        return None, None
    lo = floor_to_precision(start, start_precision) if start else None
    if end is not None:
        hi = ceil_to_precision(end, end_precision or start_precision)
    else:
        hi = ceil_to_precision(start, start_precision)
    return lo, hi


def format_date(day, precision):
    """ISO text that shows only what is known: 2025-05-09, 2023-09 or 2025."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# Where the covered interval of an ongoing event (a deployment with no known end) stops: the
# last day an editor can enter (events.models.records.LATEST_YEAR). Date filters treat it as
# running to today (EventQuerySet.overlapping).
ONGOING_END = datetime.date(2100, 12, 31)
