"""A site for the application flow: organisations A and B with the people of the
permission matrix (tests.partners.conftest), a need of A's for one volunteer next week, and
two volunteers: Priya (who applies) and Tom."""

import datetime

import pytest

from needs.factories import NeedFactory
from tests.partners.conftest import build_partner_site
from volunteering.factories import VolunteerFactory

# A Saturday a week or two ahead: the volunteers (VolunteerFactory) are free on Saturday
# mornings, so they fit the needs (9:30 to 12:00 in Devizes).
TODAY = datetime.date.today()
SATURDAY = TODAY + datetime.timedelta(days=7 + (5 - TODAY.weekday()) % 7)


def build_flow_site(tree):
    site = build_partner_site(tree)
    site.need = NeedFactory(
        organisation=site.org_a,
        title="Lunch club helpers",
        people_needed=1,
        starts_on=SATURDAY,
    )
    site.need_b = NeedFactory(
        organisation=site.org_b, title="Minibus drivers", people_needed=2, starts_on=SATURDAY
    )
    site.priya = VolunteerFactory(
        display_name="Priya", postcode="SN10 3BN", user__email="priya@example.org", driving=True
    )
    site.tom = VolunteerFactory(
        display_name="Tom", postcode="SN10 2AT", user__email="tom@example.org"
    )
    return site


@pytest.fixture(name="flow_site")
def flow_site_fixture(tree):
    return build_flow_site(tree)


def addresses(outbox):
    return [address for message in outbox for address in message.to]


def in_the_past(need, days=1):
    """Move a need's date into the past (as time passing would)."""
    day = datetime.date.today() - datetime.timedelta(days=days)
    type(need).objects.filter(pk=need.pk).update(starts_on=day, last_day=day)
    need.refresh_from_db()


@pytest.fixture(name="mail_at_once")
def mail_at_once_fixture(monkeypatch):
    """E-mail is queued when the transaction commits, which a test's never does: queue it
    at once instead (the immediate task backend then sends it to the outbox)."""
    from hub import mail

    monkeypatch.setattr(
        mail, "enqueue", lambda message: mail.deliver.enqueue(mail.as_data(message))
    )
