"""Demo gatherings: 160 registrations at real postcodes in the demo towns and beyond, open
and "just our street", some cancelled, a few unconfirmed or hidden, with council guidance
and a pack document. Made once: a second run finds them and adds nothing.

Then (:func:`ask_for_help`, the demo's last step, so the partners' own demo needs and
applications are made as before) a dozen near the towns ask for an offer suggested to them,
as an organiser does in a click (``asking.ask``): the offering organisations have those needs
in their dashboard.

The organisers' e-mail addresses are ``organiserN@example.org``: the privacy tests scan every
public page for them and for their full postcodes.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hub import geocoder

from . import asking, help, pages, registration
from .choices import Kind, People
from .models import CouncilGuidance, Gathering, GatheringRequest

EMAIL = "organiser{}@example.org"
STREETS = [
    "High Street",
    "Church Lane",
    "Station Road",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
    "The Crescent",
    "Queen Street",
    "Orchard Close",
    "Meadow Way",
    "Chapel Street",
    "Green Lane",
]
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ewa", "Femi", "Grace", "Hamza", "Isla", "Jack"]
BEYOND = ["TR", "LA", "CA", "HU", "DH", "PE", "IP", "CT", "GL", "HR", "LN", "TA", "KA", "PH", "LL"]
GUIDANCE = [
    ("SN", "Wiltshire Council", 6, "https://www.wiltshire.gov.uk/", "Free for residents' parties."),
    ("BS", "Bristol City Council", 8, "https://www.bristol.gov.uk/", "Apply online; no fee."),
    ("E1", "Tower Hamlets Council", 10, "https://www.towerhamlets.gov.uk/", ""),
    ("LS", "Leeds City Council", 6, "https://www.leeds.gov.uk/", ""),
]
TOTAL = 160
ASKING = 12  # gatherings that ask for help


def _places(town_postcodes, rng, public=frozenset()):
    """Real full postcodes: four near each demo town, and two in each of some areas beyond."""
    places = []
    shown = set(town_postcodes) | set(public)
    for postcode in town_postcodes:
        # Never a postcode a public page shows (the towns' venues, partners' addresses): a
        # gathering's full postcode is private.
        nearby = [p for p in geocoder.postcodes_in(postcode.split()[0]) if p not in shown]
        places += rng.sample(nearby, min(4, len(nearby)))
    for letters in BEYOND:
        found = [p for p in geocoder.postcodes_in(letters) if p not in shown]
        places += rng.sample(found, min(2, len(found)))
    return places


def build(summary, site, neighbour_day, town_postcodes, public_postcodes=()):
    """``public_postcodes``: those public pages show already, which no gathering is given."""
    if Gathering.objects.filter(organiser_email=EMAIL.format(1)).exists():
        return
    for postcode, council, weeks, link, notes in GUIDANCE:
        CouncilGuidance.objects.get_or_create(
            postcode=postcode,
            defaults={"council": council, "lead_time_weeks": weeks, "link": link, "notes": notes},
        )
    pages.section(site)
    rng = random.Random(15)  # the same demo every time
    places = _places(town_postcodes, rng, public_postcodes)
    monday = neighbour_day - datetime.timedelta(days=neighbour_day.weekday())
    with transaction.atomic():
        for number in range(1, TOTAL + 1):
            gathering = _gathering(number, places[number % len(places)], neighbour_day, monday, rng)
            _give_it_a_story(gathering, number, site)
    summary.add("Neighbour Day gatherings", TOTAL)


def _gathering(number, postcode, neighbour_day, monday, rng):
    start = rng.choice([11, 12, 13, 14, 15])
    gathering = Gathering(
        kind=rng.choice(Kind.values),
        date=neighbour_day if rng.random() < 0.7 else monday + datetime.timedelta(rng.randrange(7)),
        start_time=datetime.time(start),
        end_time=datetime.time(start + rng.choice([2, 3, 4])),
        street=rng.choice(STREETS),
        postcode=postcode,
        people=rng.choice(People.values[:4]),
        description=rng.choice(
            [
                "Bring a chair and a dish to share.",
                "Tea, cake and a chat. Children's games from 2pm.",
                "A picnic for everyone on the street, whatever the weather.",
                "",
            ]
        ),
        open_to_everyone=rng.random() < 0.4,
        organiser_name=f"{rng.choice(FIRST_NAMES)} (demo organiser {number})",
        organiser_email=EMAIL.format(number),
        created_at=timezone.now() - datetime.timedelta(days=rng.randrange(1, 5)),
    )
    gathering.save()
    return gathering


def _give_it_a_story(gathering, number, site):
    if number % 40 == 0:
        return  # left unconfirmed: invisible, and purged after 7 days
    registration.confirm(gathering, site)
    if number % 17 == 0:
        registration.cancel(gathering, site, notify=False)
    elif number % 53 == 0:
        registration.hide(gathering, "Not a Neighbour Day gathering (demo).", site, notify=False)
    # The organiser's changes queue their page for the worker; the demo is complete when
    # load_demo ends, worker or not (the queued updates then find nothing to do).
    pages.sync(gathering, site)


def ask_for_help(summary, site):
    """The first :data:`ASKING` counted demo gatherings that are suggested an offer ask for
    one (each a different one in turn). Made once: a second run finds the requests."""
    demo = Gathering.objects.filter(
        organiser_email__in=[EMAIL.format(number) for number in range(1, TOTAL + 1)]
    )
    if GatheringRequest.objects.filter(gathering__in=demo).exists():
        return
    asked = 0
    with transaction.atomic():
        for gathering in demo.counted().order_by("pk"):
            if asked == ASKING:
                break
            offers = help.offers_for(gathering, site)
            if offers:
                asking.ask(gathering, offers[asked % len(offers)], site)
                asked += 1
    if asked:
        summary.add("Neighbour Day gatherings asking for help", asked)
