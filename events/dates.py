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


def readable_date(day, precision):
    """A date as a reader says it, in the interface's language, showing only what is known:
    "9 May 2025", "May 2025", "2025"."""
    from django.utils.formats import date_format

    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year}"
    if precision == DatePrecision.MONTH:
        return date_format(day, "F Y")
    return date_format(day, "j F Y")


def readable_period(record):
    """A record's period (an event's or a tie's) in words, its precision shown honestly:
    "May 2025"; "7–10 May 2025"; "7–10 May 2025, exact day unknown" when it happened on one
    day between the two; "since January 2020 (ongoing)". ``format_date`` is the ISO form."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    start, end = record.start_date, record.end_date
    if start is None:
        return _("dates unknown")
    start_text = readable_date(start, record.start_precision)
    if getattr(record, "ongoing", False):
        return _("since %(start)s (ongoing)") % {"start": start_text}
    if end is None:
        return start_text
    end_precision = record.end_precision or record.start_precision
    both_days = record.start_precision == end_precision == DatePrecision.DAY
    if both_days and (start.year, start.month) == (end.year, end.month):
        text = _("%(first)s–%(last)s") % {"first": start.day, "last": date_format(end, "j F Y")}
    else:
        text = _("%(start)s – %(end)s") % {"start": start_text, "end": readable_date(end, end_precision)}
    if record.date_uncertain:
        unknown = _("exact day unknown") if both_days else _("exact date unknown")
        text = _("%(period)s, %(unknown)s") % {"period": text, "unknown": unknown}
    return text
