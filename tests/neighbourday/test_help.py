"""Help nearby: exactly the available offers whose area reaches the gathering and whose dates
include its day; and the council's road-closure lead time, with a warning when it is late."""

import datetime
import math

import pytest

from hub import geocoder
from hub.locations import distance_miles
from neighbourday import help
from neighbourday.models import CouncilGuidance, Gathering
from partners.choices import OfferStatus
from partners.factories import OfferFactory, OrganisationPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 6, 21)
HERE = "SN10 1AB"  # Devizes
SWINDON = "SN1 1LF"
BATH = "BA1 1LZ"


def miles(postcode):
    return distance_miles(geocoder.geocode_postcode(HERE), *geocoder.geocode_postcode(postcode))


def just_short(postcode):
    return max(1, math.floor(miles(postcode)) - 1)


def just_enough(postcode):
    return math.ceil(miles(postcode)) + 1


# (name, postcode, reach in miles (a number, or a function of the postcode), from, until,
#  status, suggested?)
OFFERS = [
    ("tables next door", HERE, 1, None, None, OfferStatus.AVAILABLE, True),
    (
        "gazebo from Swindon, reaching",
        SWINDON,
        just_enough,
        None,
        None,
        OfferStatus.AVAILABLE,
        True,
    ),
    ("urn from Swindon, too far", SWINDON, just_short, None, None, OfferStatus.AVAILABLE, False),
    ("hall in Bath, too far", BATH, just_short, None, None, OfferStatus.AVAILABLE, False),
    ("food in Bath, reaching", BATH, just_enough, None, None, OfferStatus.AVAILABLE, True),
    ("chairs until the day", HERE, 3, None, DAY, OfferStatus.AVAILABLE, True),
    (
        "chairs ending the day before",
        HERE,
        3,
        None,
        DAY - datetime.timedelta(1),
        OfferStatus.AVAILABLE,
        False,
    ),
    ("bunting from the day", HERE, 3, DAY, None, OfferStatus.AVAILABLE, True),
    (
        "bunting from the day after",
        HERE,
        3,
        DAY + datetime.timedelta(1),
        None,
        OfferStatus.AVAILABLE,
        False,
    ),
    (
        "volunteers around it",
        HERE,
        3,
        DAY - datetime.timedelta(9),
        DAY + datetime.timedelta(9),
        OfferStatus.AVAILABLE,
        True,
    ),
    ("withdrawn", HERE, 3, None, None, OfferStatus.WITHDRAWN, False),
    ("promised elsewhere", HERE, 3, None, None, OfferStatus.COMMITTED, False),
]


def test_the_offers_suggested_are_exactly_those_that_reach_and_overlap(tree):
    for name, postcode, reach, start, end, status, _ in OFFERS:
        OfferFactory(
            organisation=tree.organisation,
            title=name,
            postcode=postcode,
            radius_miles=reach(postcode) if callable(reach) else reach,
            available_from=start,
            available_until=end,
            status=status,
        )
    draft = OrganisationPageFactory(parent=tree.partners, title="Not yet published", live=False)
    OfferFactory(organisation=draft, title="from a draft organisation", postcode=HERE)
    gathering = Gathering(
        kind="park", date=DAY, street="Long Street", postcode=HERE, people="up-to-20"
    )
    gathering.locate()
    offers = help.offers_for(gathering, tree.site)
    assert sorted(offer.title for offer in offers) == sorted(
        name for name, *_, wanted in OFFERS if wanted
    )
    distances = [offer.miles for offer in offers]
    assert distances == sorted(distances)  # nearest first


def test_no_offers_at_all(tree):
    gathering = Gathering(kind="park", date=DAY, street="A", postcode=HERE, people="up-to-20")
    gathering.locate()
    assert help.offers_for(gathering, tree.site) == []


@pytest.mark.parametrize(
    ("rows", "today", "weeks", "council", "too_late"),
    [
        ([], DAY - datetime.timedelta(weeks=7), 6, "your council", False),
        ([], DAY - datetime.timedelta(weeks=5), 6, "your council", True),
        ([("SN", 4)], DAY - datetime.timedelta(weeks=5), 4, "Council SN", False),
        ([("SN", 4), ("SN10", 8)], DAY - datetime.timedelta(weeks=7), 8, "Council SN10", True),
        ([("BA", 2)], DAY - datetime.timedelta(weeks=7), 6, "your council", False),
    ],
)
def test_road_closure_guidance(db, rows, today, weeks, council, too_late):
    for postcode, lead in rows:
        CouncilGuidance.objects.create(
            postcode=postcode.lower(), council=f"Council {postcode}", lead_time_weeks=lead
        )
    gathering = Gathering(kind="road-closed", date=DAY, postcode=HERE, district="SN10", area="SN")
    guidance = help.road_closure(gathering, today=today)
    assert (guidance.weeks, guidance.council, guidance.too_late) == (weeks, council, too_late)
    assert guidance.apply_by == DAY - datetime.timedelta(weeks=weeks)
    gathering.kind = "park"
    assert help.road_closure(gathering, today=today) is None


def test_the_organiser_sees_the_warning(resident, nd, client):
    CouncilGuidance.objects.create(postcode="SN10", council="Wiltshire Council", lead_time_weeks=52)
    manage = resident.register_and_confirm()
    html = client.get(manage).content.decode()
    assert "Your date is less than 52 weeks away" in html
    assert "Wiltshire Council asks for an application at least" in html
