"""An iCalendar feed read with icalendar, as the hub's event fields: one series per UID.

* Times: a time with a zone (a VTIMEZONE, an Olson name or a Windows one such as "GMT Standard
  Time", which icalendar maps) is turned into Europe/London wall-clock time, as the hub keeps
  it; a floating time is taken as London time; a date alone is an all-day event.
* Repeats: the rules the hub can show (every week, every two weeks, the same weekday of every
  month) become its repeat fields; EXDATEs become "not happening that day" and overrides by
  RECURRENCE-ID become date changes (moved, or cancelled), as :mod:`events.recurrence` keeps
  them. A series with no end, or longer than the hub's limit, is kept for the next
  ``MAX_SERIES_YEARS`` years from its first date not more than a month ago. Any other rule is
  skipped, with the reason.
* Text: a DESCRIPTION longer than the event's summary allows is kept whole in its body
  (paragraphs and line breaks too), and the summary is cut at a word.
* Place: a UK postcode in ``LOCATION`` (checked by :mod:`hub.geocoder`, the one postcode
  parser), else the organisation's own postcode, and the event is flagged for its editors.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import icalendar
from django.utils.html import escape

from events import recurrence
from events.choices import DateChange, Repeat, Status
from events.models import EventPage
from hub import geocoder

SUMMARY_LENGTH = EventPage._meta.get_field("summary").max_length
HISTORY_DAYS = 31  # a series' first date is kept no more than this long ago
_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ALLOWED_RULE_PARTS = {"FREQ", "INTERVAL", "BYDAY", "UNTIL", "COUNT", "WKST"}


class NotACalendar(ValueError):
    """The feed is not an iCalendar file."""


@dataclass
class Series:
    uid: str
    fields: dict
    date_changes: list = field(default_factory=list)
    needs_location_check: bool = False

    @property
    def fingerprint(self):
        text = json.dumps([self.fields, self.date_changes], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Parsed:
    series: list
    skipped: list  # (what, why)


def _text(component, name):
    value = component.get(name)
    return " ".join(str(value).split()) if value is not None else ""


def _local(value):
    """(date, time or None) in Europe/London of a DTSTART-like value."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(recurrence.LONDON)
        return value.date(), value.time().replace(tzinfo=None)
    return value, None


def find_postcode(text):
    """The first full UK postcode the geocoder knows in ``text``, or ""."""
    words = [word for word in re.split(r"[\s,;()]+", text.upper()) if word]
    candidates = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + words
    for candidate in candidates:
        try:
            postcode = geocoder.normalise_postcode(candidate)
            if geocoder.is_full_postcode(postcode):
                geocoder.geocode_postcode(postcode)
                return postcode
        except (geocoder.PostcodeError, geocoder.GeocoderUnavailable):
            continue
    return ""


def _place(location, fallback_postcode):
    """(venue_name, address, postcode, needs_check) from a LOCATION text."""
    postcode = find_postcode(location) if location else ""
    if not postcode:
        venue, _, rest = location.partition(",")
        return venue.strip()[:200], rest.strip(), fallback_postcode, True
    outward, inward = postcode.split()
    without = re.sub(rf"\b{outward}\s*{inward}\b", "", location, flags=re.IGNORECASE)
    parts = [part.strip() for part in without.split(",") if part.strip()]
    return (parts[0][:200] if parts else ""), ", ".join(parts[1:]), postcode, False


def _description(value):
    """(summary, body) of a DESCRIPTION: the whole text in the summary when it fits; else
    the summary cut at a word, with an ellipsis, and the whole text, its paragraphs and line
    breaks kept, as the body's paragraphs."""
    if value is None:
        return "", []
    paragraphs = [
        [" ".join(line.split()) for line in part.splitlines() if line.strip()]
        for part in re.split(r"\n\s*\n", str(value).replace("\r\n", "\n"))
    ]
    paragraphs = [lines for lines in paragraphs if lines]
    whole = " ".join(line for lines in paragraphs for line in lines)
    if len(whole) <= SUMMARY_LENGTH:
        return whole, []
    room = SUMMARY_LENGTH - 1  # for the ellipsis
    space = whole.rfind(" ", 0, room + 1)
    summary = whole[:space] if space > 0 else whole[:room]
    body = [
        {"type": "paragraph", "value": f"<p>{'<br/>'.join(map(escape, lines))}</p>"}
        for lines in paragraphs
    ]
    return summary.rstrip(" ,;:.-") + "…", body


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _repeat(rule, start):
    """(repeat, until, count) for an RRULE, or raise ValueError with what the hub cannot show."""
    parts = {key.upper(): value for key, value in rule.items()}
    unknown = set(parts) - _ALLOWED_RULE_PARTS
    if unknown:
        raise ValueError(f"a repeat rule the hub cannot show ({', '.join(sorted(unknown))})")
    freq = str(parts["FREQ"][0]).upper()
    interval = int(parts.get("INTERVAL", [1])[0])
    days = [str(day).upper() for day in parts.get("BYDAY", [])]
    code = _WEEKDAY_CODES[start.weekday()]
    if freq == "WEEKLY" and interval in (1, 2) and days in ([], [code]):
        repeat = Repeat.WEEKLY if interval == 1 else Repeat.FORTNIGHTLY
    elif (
        freq == "MONTHLY" and interval == 1 and days == [f"{recurrence.week_of_month(start)}{code}"]
    ):
        repeat = Repeat.MONTHLY
    else:
        raise ValueError(f"a repeat rule the hub cannot show (FREQ={freq}, BYDAY={days or '-'})")
    until = parts.get("UNTIL", [None])[0]
    if until is not None:
        until = _local(until)[0]
    count = int(parts["COUNT"][0]) if "COUNT" in parts else None
    return repeat, until, count


def _series_fields(master, fields, today):
    """Fill the repeat fields of ``fields``; the first date may move up to a month ago."""
    rule = master.get("RRULE")
    if rule is None:
        return
    if isinstance(rule, list):
        raise ValueError("more than one repeat rule")
    repeat, until, count = _repeat(rule, fields["start_date"])
    start = fields["start_date"]
    earliest = today - timedelta(days=HISTORY_DAYS)
    if start < earliest:
        dates = recurrence.series_dates(repeat, start, until, count)
        later = [day for day in dates if day >= earliest]
        if not later:
            raise ValueError("a series that ended more than a month ago")
        if count:
            count -= dates.index(later[0])
        shift = later[0] - start
        start = later[0]
        if fields.get("end_date"):
            fields["end_date"] += shift
    limit = _add_years(start, recurrence.MAX_SERIES_YEARS)
    if count:
        count = min(count, 100)
    elif until is None or until > limit:
        until = limit
    fields.update(start_date=start, repeat=repeat, repeat_until=until, repeat_count=count)


def _dates(prop):
    values = prop if isinstance(prop, list) else [prop]
    return [_local(item.dt)[0] for value in values for item in value.dts]


def _date_changes(master, overrides, fields):
    days = set(
        recurrence.series_dates(
            fields.get("repeat", ""),
            fields["start_date"],
            fields.get("repeat_until"),
            fields.get("repeat_count"),
        )
    )
    changes = {}
    if master.get("EXDATE") is not None:
        for day in _dates(master["EXDATE"]):
            changes[day] = {"original_date": day, "change": DateChange.SKIPPED}
    for override in overrides:
        day, _ = _local(override["RECURRENCE-ID"].dt)
        if _text(override, "STATUS").upper() == "CANCELLED":
            changes[day] = {"original_date": day, "change": DateChange.CANCELLED}
            continue
        new_day, new_start = _local(override["DTSTART"].dt)
        new_end = None
        if override.get("DTEND") is not None and new_start is not None:
            new_end = _local(override["DTEND"].dt)[1]
        if (new_day, new_start) == (day, fields["start_time"]) and new_end == fields["end_time"]:
            continue
        changes[day] = {
            "original_date": day,
            "change": DateChange.MOVED,
            "new_date": new_day if new_day != day else None,
            "new_start_time": new_start if new_start != fields["start_time"] else None,
            "new_end_time": new_end if new_end != fields["end_time"] else None,
        }
    return [changes[day] for day in sorted(changes) if day in days]


def _fields(master, fallback_postcode, category):
    start_day, start_time = _local(master["DTSTART"].dt)
    end_day = end_time = None
    if master.get("DTEND") is not None:
        end_value = master["DTEND"].dt
    elif master.get("DURATION") is not None:
        end_value = master["DTSTART"].dt + master["DURATION"].dt
    else:
        end_value = None
    if end_value is not None:
        end_day, end_time = _local(end_value)
        if start_time is None:  # DTEND of an all-day event is the day after
            end_day = end_day - timedelta(days=1) if isinstance(end_day, date) else None
            end_time = None
        elif end_time is not None and end_day == start_day and end_time <= start_time:
            end_time = None
    title = _text(master, "SUMMARY")[:255] or "Untitled event"
    summary, body = _description(master.get("DESCRIPTION"))
    venue, address, postcode, needs_check = _place(_text(master, "LOCATION"), fallback_postcode)
    fields = {
        "title": title,
        "summary": summary or title,
        "body": body,
        "start_date": start_day,
        "start_time": start_time,
        "end_date": end_day if end_day and end_day > start_day else None,
        "end_time": end_time,
        "repeat": "",
        "repeat_until": None,
        "repeat_count": None,
        "venue_name": venue,
        "address": address,
        "postcode": postcode,
        "category": category,
        "status": Status.CANCELLED
        if _text(master, "STATUS").upper() == "CANCELLED"
        else Status.SCHEDULED,
    }
    return fields, needs_check


def parse(body, fallback_postcode, category, today, max_events):
    """The series of a feed, and what was skipped and why."""
    try:
        calendar = icalendar.Calendar.from_ical(body)
    except (ValueError, IndexError, KeyError) as error:
        raise NotACalendar("The address did not give an iCalendar feed.") from error
    if calendar.name != "VCALENDAR":
        raise NotACalendar("The address did not give an iCalendar feed.")
    by_uid, skipped = {}, []
    for component in calendar.walk("VEVENT"):
        uid = _text(component, "UID")
        if not uid:
            skipped.append((_text(component, "SUMMARY") or "An event", "it has no UID"))
            continue
        by_uid.setdefault(uid, []).append(component)
    series = []
    for uid, components in by_uid.items():
        masters = [c for c in components if c.get("RECURRENCE-ID") is None]
        overrides = [c for c in components if c.get("RECURRENCE-ID") is not None]
        if not masters:
            skipped.append((uid, "it only changes dates of a series that is not in the feed"))
            continue
        master = masters[0]
        what = _text(master, "SUMMARY") or uid
        if len(series) >= max_events:
            skipped.append((what, f"the feed has more than {max_events} events"))
            continue
        try:
            if master.get("DTSTART") is None:
                raise ValueError("it has no start")
            fields, needs_check = _fields(master, fallback_postcode, category)
            _series_fields(master, fields, today)
            if not fields["repeat"] and fields["start_date"] < today - timedelta(HISTORY_DAYS):
                continue  # long past: nothing to import
            changes = _date_changes(master, overrides, fields) if fields["repeat"] else []
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            skipped.append((what, str(error)))
            continue
        series.append(Series(uid[:500], fields, changes, needs_check))
    return Parsed(series, skipped)
