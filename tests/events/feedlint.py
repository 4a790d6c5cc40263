"""The project's own iCalendar lint: what the parsers accept without checking.

``lint(body)`` returns a list of problems (empty when the text is fine). It reads the raw bytes
itself rather than trusting a parser's idea of them, and checks the Europe/London VTIMEZONE by
evaluating its rules independently of icalendar and comparing with ``zoneinfo``.
"""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule

MAX_OCTETS = 75
DURATION = re.compile(r"^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$")
DATE = re.compile(r"^\d{8}$")
DATE_TIME = re.compile(r"^\d{8}T\d{6}Z?$")
TIME_PROPERTIES = {"DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "DUE", "RDATE"}
YEARS = range(1996, 2038)


def physical_lines(body):
    """The lines as sent, with the problems of their endings and lengths."""
    problems = []
    if not body.endswith(b"\r\n"):
        problems.append("the text does not end with CRLF")
    lines = body.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a bare CR or LF instead of CRLF")
        if len(line) > MAX_OCTETS:
            problems.append(f"line {number}: {len(line)} octets, more than {MAX_OCTETS}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number}: folded inside a UTF-8 sequence (or not UTF-8)")
    return lines, problems


def content_lines(lines):
    """Unfolded (name, params, value) triples."""
    unfolded = []
    for line in lines:
        text = line.decode("utf-8", errors="replace")
        if text[:1] in (" ", "\t") and unfolded:
            unfolded[-1] += text[1:]
        else:
            unfolded.append(text)
    return [split_line(text) for text in unfolded]


def split_line(text):
    """NAME;PARAM=VALUE;PARAM="quoted:value":value, respecting quotes."""
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = text[:index], text[index + 1 :]
            break
    else:
        return text.upper(), {}, ""
    name, *raw_params = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    params = {}
    for raw in raw_params:
        key, _, param_value = raw.partition("=")
        params[key.upper()] = param_value.strip('"')
    return name.upper(), params, value


def components(triples):
    """Nested components as dicts: {"name", "props": [(name, params, value)], "children"}."""
    root = {"name": "", "props": [], "children": []}
    stack = [root]
    for name, params, value in triples:
        if name == "BEGIN":
            child = {"name": value.upper(), "props": [], "children": []}
            stack[-1]["children"].append(child)
            stack.append(child)
        elif name == "END":
            stack.pop()
        else:
            stack[-1]["props"].append((name, params, value))
    return root["children"]


def prop(component, name):
    return [(params, value) for n, params, value in component["props"] if n == name]


def first(component, name):
    found = prop(component, name)
    return found[0] if found else (None, None)


def parse_moment(params, value, zones):
    """A date, or an aware datetime, for a DTSTART-like value (None when floating)."""
    if params.get("VALUE") == "DATE" or DATE.match(value):
        return datetime.strptime(value, "%Y%m%d").date()
    moment = datetime.strptime(value.rstrip("Z"), "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        return moment.replace(tzinfo=UTC)
    if "TZID" in params:
        return moment.replace(tzinfo=zones.get(params["TZID"], ZoneInfo(params["TZID"])))
    return None


# --- the VTIMEZONE, evaluated from its own rules ---------------------------------------------


def parse_offset(text):
    sign = -1 if text.startswith("-") else 1
    hours, minutes = int(text[1:3]), int(text[3:5])
    return sign * timedelta(hours=hours, minutes=minutes)


def onsets(vtimezone, years):
    """(UTC instant, offset after it) for every onset of every STANDARD/DAYLIGHT part."""
    found = []
    for part in vtimezone["children"]:
        _, start = first(part, "DTSTART")
        _, offset_from = first(part, "TZOFFSETFROM")
        _, offset_to = first(part, "TZOFFSETTO")
        start = datetime.strptime(start, "%Y%m%dT%H%M%S")
        before, after = parse_offset(offset_from), parse_offset(offset_to)
        local_onsets = {start}
        for _, rule in prop(part, "RRULE"):
            local_onsets.update(
                rrule.rrulestr(rule, dtstart=start).between(
                    datetime(years.start - 1, 1, 1), datetime(years.stop, 1, 1)
                )
            )
        for _, dates in prop(part, "RDATE"):
            local_onsets.update(datetime.strptime(d, "%Y%m%dT%H%M%S") for d in dates.split(","))
        found += [((onset - before).replace(tzinfo=UTC), after) for onset in local_onsets]
    return sorted(found)


def zoneinfo_transitions(zone, years):
    """Every UTC hour at which ``zone``'s offset changes, found by scanning (no rules used)."""
    transitions = []
    moment = datetime(years.start, 1, 1, tzinfo=UTC)
    end = datetime(years.stop, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + timedelta(days=1)
        if following.astimezone(zone).utcoffset() != offset:
            hour = moment
            while hour.astimezone(zone).utcoffset() == offset:
                hour += timedelta(hours=1)
            transitions.append(hour)
            offset = hour.astimezone(zone).utcoffset()
        moment = following
    return transitions


def vtimezone_problems(vtimezone, years=YEARS):
    """Where the VTIMEZONE's rules and zoneinfo disagree, hour by hour around each change."""
    _, tzid = first(vtimezone, "TZID")
    zone = ZoneInfo(tzid)
    rules = onsets(vtimezone, years)
    if not rules:
        return [f"VTIMEZONE {tzid}: no STANDARD or DAYLIGHT part"]

    def offset_at(instant):
        offset = None
        for onset, after in rules:
            if onset > instant:
                break
            offset = after
        return offset

    problems = []
    for transition in zoneinfo_transitions(zone, years):
        for hours in range(-3, 4):
            instant = transition + timedelta(hours=hours)
            expected = instant.astimezone(zone).utcoffset()
            if offset_at(instant) != expected:
                problems.append(
                    f"VTIMEZONE {tzid}: at {instant:%Y-%m-%d %H:%M} UTC it gives "
                    f"{offset_at(instant)}, zoneinfo {expected}"
                )
    return problems


# --- the whole file -------------------------------------------------------------------------


def lint(body, feed=True):
    """Every problem found in an iCalendar body. ``feed`` asks for the subscription hints."""
    lines, problems = physical_lines(body)
    tree = components(content_lines(lines))
    calendars = [c for c in tree if c["name"] == "VCALENDAR"]
    if len(calendars) != 1:
        return [*problems, f"{len(calendars)} VCALENDARs instead of one"]
    calendar = calendars[0]
    if feed:
        refresh = prop(calendar, "REFRESH-INTERVAL")
        if not refresh or refresh[0][0].get("VALUE") != "DURATION":
            problems.append("REFRESH-INTERVAL missing or without VALUE=DURATION")
        elif not DURATION.match(refresh[0][1]):
            problems.append(f"REFRESH-INTERVAL {refresh[0][1]!r} is not a duration")
        ttl = prop(calendar, "X-PUBLISHED-TTL")
        if not ttl or not DURATION.match(ttl[0][1]):
            problems.append(f"X-PUBLISHED-TTL {ttl!r} is not a duration")
    zones, defined = {}, set()
    for vtimezone in (c for c in calendar["children"] if c["name"] == "VTIMEZONE"):
        _, tzid = first(vtimezone, "TZID")
        defined.add(tzid)
        zones[tzid] = ZoneInfo(tzid)
        problems += vtimezone_problems(vtimezone)
    events = [c for c in calendar["children"] if c["name"] == "VEVENT"]
    masters = {}
    seen = set()
    for event in events:
        _, uid = first(event, "UID")
        recurrence_id = first(event, "RECURRENCE-ID")
        pair = (uid, recurrence_id[1])
        if pair in seen:
            problems.append(f"{uid}: UID and RECURRENCE-ID {recurrence_id[1]} twice")
        seen.add(pair)
        if recurrence_id[1] is None:
            masters[uid] = event
        if prop(event, "ATTENDEE"):
            problems.append(f"{uid}: has an ATTENDEE")
        for name, params, value in event["props"]:
            if name in TIME_PROPERTIES:
                if "TZID" in params and params["TZID"] not in defined:
                    problems.append(f"{uid}: {name} uses TZID {params['TZID']} with no VTIMEZONE")
                for item in value.split(","):
                    if parse_moment(params, item, zones) is None:
                        problems.append(f"{uid}: {name} {item} is a floating time")
        start = parse_moment(*first(event, "DTSTART"), zones)
        end_params, end_value = first(event, "DTEND")
        if end_value is not None and start is not None:
            end = parse_moment(end_params, end_value, zones)
            if end is not None and type(end) is type(start) and end <= start:
                problems.append(f"{uid}: DTEND {end_value} is not after DTSTART")
    for uid, master in masters.items():
        problems += _series_problems(uid, master, events, zones)
    return problems


def _series_problems(uid, master, events, zones):
    problems = []
    start_params, start_value = first(master, "DTSTART")
    start = parse_moment(start_params, start_value, zones)
    rules = prop(master, "RRULE")
    overrides = [e for e in events if first(e, "UID")[1] == uid and first(e, "RECURRENCE-ID")[1]]
    if not rules:
        if overrides:
            problems.append(f"{uid}: RECURRENCE-ID on an event that does not repeat")
        return problems
    rule_text = rules[0][1]
    until = re.search(r"UNTIL=([0-9TZ]+)", rule_text)
    if until:
        if isinstance(start, datetime) and "TZID" in start_params and not until[1].endswith("Z"):
            problems.append(f"{uid}: UNTIL {until[1]} is not UTC though DTSTART has a TZID")
        if isinstance(start, date) and not isinstance(start, datetime) and not DATE.match(until[1]):
            problems.append(f"{uid}: UNTIL {until[1]} is not a date though DTSTART is")
    try:
        if isinstance(start, datetime):
            expansion = set(rrule.rrulestr(rule_text, dtstart=start))
        else:
            first_day = datetime.combine(start, datetime.min.time())
            text = re.sub(r"UNTIL=(\d{8})\b", r"UNTIL=\1T235959", rule_text)
            expansion = {moment.date() for moment in rrule.rrulestr(text, dtstart=first_day)}
    except ValueError as error:
        return [*problems, f"{uid}: RRULE {rule_text} cannot be expanded: {error}"]
    references = [("EXDATE", p, v) for p, v in prop(master, "EXDATE")]
    references += [("RECURRENCE-ID", *first(o, "RECURRENCE-ID")) for o in overrides]
    for name, params, value in references:
        for item in value.split(","):
            moment = parse_moment(params, item, zones)
            if moment not in expansion:
                problems.append(f"{uid}: {name} {item} is not a date of the series")
    return problems
