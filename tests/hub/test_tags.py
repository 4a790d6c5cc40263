import datetime
from zoneinfo import ZoneInfo

import pytest

from hub.templatetags.hub_tags import clock


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.time(10, 0), "10am"),
        (datetime.time(14, 30), "2:30pm"),
        (datetime.time(0, 5), "12:05am"),
        (datetime.time(12, 0), "12pm"),
        (datetime.datetime(2027, 7, 1, 9, 0, tzinfo=datetime.UTC), "10am"),
        (datetime.datetime(2027, 1, 1, 9, 0, tzinfo=ZoneInfo("Europe/London")), "9am"),
        (None, ""),
    ],
)
def test_clock(value, expected):
    assert clock(value) == expected


def test_every_template_says_distances_with_the_miles_filter():
    """Distances say "under 0.1 miles": no template rounds one itself ("0.0 miles")."""
    import re
    from pathlib import Path

    from django.conf import settings

    rounding = re.compile(r"floatformat[^}]*\}\}\s*miles")
    found = [
        str(path)
        for folder in settings.TEMPLATES[0]["DIRS"]
        for path in Path(folder).rglob("*.html")
        if rounding.search(path.read_text())
    ]
    assert found == []
