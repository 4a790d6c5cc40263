"""Feeds shaped like the ones organisations really publish, dated from a given Monday."""

from datetime import UTC, datetime, time, timedelta

import icalendar


def _ical(lines):
    return "\r\n".join(lines).strip() + "\r\n"


def _d(day):
    return f"{day:%Y%m%d}"


def google(monday, title="Coffee morning", extra_event=True):
    """A Google Calendar export: VTIMEZONE, X-WR-*, a weekly series with BYDAY and an end, a
    one-off with a postcode in LOCATION, an all-day event with none."""
    tuesday = monday + timedelta(days=1)
    saturday = monday + timedelta(days=5)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:St Mary's events",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "X-LIC-LOCATION:Europe/London",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0000",
        "TZOFFSETTO:+0100",
        "TZNAME:BST",
        "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0000",
        "TZNAME:GMT",
        "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"DTSTART;TZID=Europe/London:{_d(tuesday)}T100000",
        f"DTEND;TZID=Europe/London:{_d(tuesday)}T113000",
        f"RRULE:FREQ=WEEKLY;WKST=MO;UNTIL={_d(tuesday + timedelta(weeks=20))}T235959Z;BYDAY=TU",
        "DTSTAMP:20261201T090000Z",
        "UID:7kukuqrfedlm2f9t0vr8c3nq4k@google.com",
        "CREATED:20260101T120000Z",
        "DESCRIPTION:Tea\\, coffee and cake for everyone. All welcome!",
        "LAST-MODIFIED:20261120T101500Z",
        "LOCATION:Church Hall\\, 1 Church Lane\\, Devizes SN10 1AB\\, UK",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        f"SUMMARY:{title}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    if extra_event:
        lines += [
            "BEGIN:VEVENT",
            f"DTSTART;TZID=Europe/London:{_d(saturday)}T140000",
            f"DTEND;TZID=Europe/London:{_d(saturday)}T170000",
            "DTSTAMP:20261201T090000Z",
            "UID:3p1d0c5l9j1v0n6t2h0r6p8q2s@google.com",
            "DESCRIPTION:Our summer fete on the green.",
            "LOCATION:The Green\\, Devizes\\, Wiltshire SN10 2AA",
            "STATUS:CONFIRMED",
            "SUMMARY:Summer fete",
            "END:VEVENT",
            "BEGIN:VEVENT",
            f"DTSTART;VALUE=DATE:{_d(saturday + timedelta(weeks=2))}",
            f"DTEND;VALUE=DATE:{_d(saturday + timedelta(weeks=2, days=2))}",
            "DTSTAMP:20261201T090000Z",
            "UID:0a9b8c7d6e5f@google.com",
            "LOCATION:the vicarage garden",
            "SUMMARY:Open gardens weekend",
            "END:VEVENT",
        ]
    return _ical([*lines, "END:VCALENDAR"])


def outlook(monday):
    """An Outlook export: Windows time-zone names, a monthly series on the second Tuesday, and
    a meeting set in Paris time."""
    first = monday + timedelta(days=1)
    while (first.day - 1) // 7 != 1:  # the second Tuesday of a month
        first += timedelta(weeks=1)
    return _ical(
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
            "BEGIN:VTIMEZONE",
            "TZID:GMT Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16011028T020000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:-0000",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010325T010000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "TZOFFSETFROM:-0000",
            "TZOFFSETTO:+0100",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            "BEGIN:VTIMEZONE",
            "TZID:Romance Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16011028T030000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010325T020000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "CLASS:PUBLIC",
            "CREATED:20260905T101010Z",
            "DESCRIPTION:Monthly meeting of the food bank volunteers.\\n",
            f'DTEND;TZID="GMT Standard Time":{_d(first)}T200000',
            "DTSTAMP:20261201T101010Z",
            f'DTSTART;TZID="GMT Standard Time":{_d(first)}T183000',
            "LOCATION:Devizes Town Hall (SN10 1BT)",
            "PRIORITY:5",
            f"RRULE:FREQ=MONTHLY;UNTIL={_d(first + timedelta(days=300))}T000000Z;"
            "INTERVAL=1;BYDAY=2TU;WKST=SU",
            "SEQUENCE:0",
            "SUMMARY;LANGUAGE=en-gb:Food bank volunteers",
            "TRANSP:OPAQUE",
            "UID:040000008200E00074C5B7101A82E00800000000B0F1A7C5E9A3DC01000000000000000"
            "010000000A1B2C3D4E5F60718293A4B5C6D7E8F90",
            "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
            "END:VEVENT",
            "BEGIN:VEVENT",
            f'DTSTART;TZID="Romance Standard Time":{_d(monday + timedelta(days=3))}T190000',
            f'DTEND;TZID="Romance Standard Time":{_d(monday + timedelta(days=3))}T200000',
            "DTSTAMP:20261201T101010Z",
            "SUMMARY:Call with our twin parish",
            "UID:040000008200E00074C5B7101A82E0080000000011111111",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )


def overrides(monday):
    """A weekly series with EXDATEs, one date moved by RECURRENCE-ID and one cancelled."""
    wednesday = monday + timedelta(days=2)
    week = timedelta(weeks=1)
    return _ical(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Parish website//Events//EN",
            "BEGIN:VEVENT",
            "UID:youth-club@stmarys.example.org",
            "DTSTAMP:20261201T000000Z",
            f"DTSTART;TZID=Europe/London:{_d(wednesday)}T180000",
            f"DTEND;TZID=Europe/London:{_d(wednesday)}T200000",
            "RRULE:FREQ=WEEKLY;COUNT=12",
            f"EXDATE;TZID=Europe/London:{_d(wednesday + 2 * week)}T180000,"
            f"{_d(wednesday + 3 * week)}T180000",
            "SUMMARY:Youth club",
            "LOCATION:Scout hut SN10 3HR",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:youth-club@stmarys.example.org",
            "DTSTAMP:20261201T000000Z",
            f"RECURRENCE-ID;TZID=Europe/London:{_d(wednesday + 5 * week)}T180000",
            f"DTSTART;TZID=Europe/London:{_d(wednesday + 5 * week + timedelta(days=1))}T190000",
            f"DTEND;TZID=Europe/London:{_d(wednesday + 5 * week + timedelta(days=1))}T210000",
            "SUMMARY:Youth club (moved to Thursday)",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:youth-club@stmarys.example.org",
            "DTSTAMP:20261201T000000Z",
            f"RECURRENCE-ID;TZID=Europe/London:{_d(wednesday + 7 * week)}T180000",
            f"DTSTART;TZID=Europe/London:{_d(wednesday + 7 * week)}T180000",
            f"DTEND;TZID=Europe/London:{_d(wednesday + 7 * week)}T200000",
            "STATUS:CANCELLED",
            "SUMMARY:Youth club",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )


def floating(monday):
    """Floating times (no zone at all), as some small sites write them."""
    friday = monday + timedelta(days=4)
    return _ical(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Small site//EN",
            "BEGIN:VEVENT",
            "UID:quiz-night-1",
            "DTSTAMP:20261201T000000Z",
            f"DTSTART:{_d(friday)}T193000",
            f"DTEND:{_d(friday)}T220000",
            "RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=6",
            "SUMMARY:Quiz night",
            "LOCATION:The Bear\\, Market Place",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    )


def many(monday, count, renamed=0):
    """``count`` one-off events, one an hour; the first ``renamed`` with another title."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bulk//EN"]
    for n in range(count):
        day = monday + timedelta(days=1 + n // 8)
        hour = 9 + n % 8
        lines += [
            "BEGIN:VEVENT",
            f"UID:bulk-{n}@example.org",
            "DTSTAMP:20261201T000000Z",
            f"DTSTART;TZID=Europe/London:{_d(day)}T{hour:02d}0000",
            f"DTEND;TZID=Europe/London:{_d(day)}T{hour:02d}4500",
            f"SUMMARY:{'Renamed' if n < renamed else 'Drop-in'} session {n}",
            "LOCATION:Library\\, SN10 1BT",
            "END:VEVENT",
        ]
    return _ical([*lines, "END:VCALENDAR"])


def described(monday, description):
    """One event whose DESCRIPTION is ``description``, written by icalendar (escaped, and
    folded at 75 octets as calendar apps write long text)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Parish office//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", "long-description@stmarys.example.org")
    event.add("dtstamp", datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    event.add("dtstart", datetime.combine(monday + timedelta(days=2), time(14, 0)))
    event.add("summary", "Community lunch")
    event.add("location", "Church Hall, SN10 1AB")
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical().decode()
