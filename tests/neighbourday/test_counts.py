"""The stored counts per district and in total always equal a direct count of the confirmed,
visible registrations, whatever sequence of confirmations, cancellations, hides, edits and
attendance figures came before (property-based, with hypothesis)."""

import datetime
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Site

from neighbourday import counts, registration
from neighbourday.choices import People, Status
from neighbourday.models import AreaCount, Gathering

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 6, 21)
POSTCODES = ["SN10 1AB", "SN10 1AE", "SN1 1LF", "BS1 5TR"]

steps = st.lists(
    st.tuples(
        st.sampled_from(["confirm", "cancel", "hide", "unhide", "edit", "came"]),
        st.integers(min_value=0, max_value=4),  # which gathering
        st.sampled_from(POSTCODES),
        st.sampled_from(People.values),
        st.booleans(),
        st.integers(min_value=1, max_value=300),
    ),
    max_size=25,
)


def _apply(step, gatherings, site):
    action, which, postcode, people, open_to_everyone, came = step
    gathering = Gathering.objects.get(pk=gatherings[which])
    if action == "confirm":
        registration.confirm(gathering, site)
    elif action == "cancel" and gathering.status == Status.CONFIRMED:
        registration.cancel(gathering, site, notify=False)
    elif action == "hide":
        registration.hide(gathering, "test", site, notify=False)
    elif action == "unhide":
        registration.unhide(gathering, site)
    elif action == "edit" and gathering.status == Status.CONFIRMED:
        gathering.postcode, gathering.people = postcode, people
        gathering.open_to_everyone = open_to_everyone
        registration.update(gathering, site)
    elif action == "came" and gathering.status == Status.CONFIRMED:
        registration.record_attendance(gathering, came, "")


def _stored():
    return {
        row.district: {name: getattr(row, name) for name in counts.FIGURES}
        for row in AreaCount.objects.filter(year=DAY.year)
        if any(getattr(row, name) for name in counts.FIGURES)
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_stored_counts_equal_a_direct_count(tree, steps):
    Gathering.objects.all().delete()
    AreaCount.objects.all().delete()
    site = Site.objects.get(is_default_site=True)
    gatherings = [
        Gathering.objects.create(
            kind="park",
            date=DAY,
            start_time=datetime.time(12),
            end_time=datetime.time(14),
            street=f"Street {number}",
            postcode=POSTCODES[number % len(POSTCODES)],
            people=People.values[number % len(People.values)],
            open_to_everyone=number % 2 == 0,
            organiser_name="Test",
            organiser_email=f"t{number}@example.org",
        ).pk
        for number in range(5)
    ]
    # The event pages are another test's business; the counts are this one's.
    with mock.patch("neighbourday.pages.sync"):
        for step in steps:
            _apply(step, gatherings, site)
    assert _stored() == counts.direct(DAY.year)
    total = counts.totals(DAY.year)
    direct = counts.direct(DAY.year).values()
    for name in counts.FIGURES:
        assert total[name] == sum(row[name] for row in direct)
    assert total["gatherings"] == Gathering.objects.counted().count()


def test_reading_the_totals_does_not_count_registrations(tree, django_assert_num_queries):
    """The overview reads the stored rows: the same few queries however many gatherings."""
    with django_assert_num_queries(1):
        counts.totals(DAY.year)
