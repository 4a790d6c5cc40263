"""Demo needs: 48 across the demo organisations, of every kind and timing, at real postcodes
of each organisation's district; some emergencies (marked by the hub's moderators), some
that require checks, one changed, one filled and one closed so the histories have a story.

Built once: a need with the first title is the marker. Needs are built before the demo
volunteers, who never live at a postcode a public page shows.
"""

import datetime

from hub import geocoder
from partners.choices import OfferKind
from partners.models import OrganisationPage

from .choices import NeedStatus, Timing
from .models import Need, NeedCheck

COUNT = 48

# kind, title, description, people or quantity, required skills, wanted skills,
# checks (kind, workforce, must be verified), emergency
SPECS = [
    (OfferKind.VOLUNTEERS, "Lunch club helpers", "Set up tables, serve a hot lunch and "
     "chat with older neighbours.", 4, ["cooking"], ["befriending"],
     [("food_hygiene", "", False)], False),
    (OfferKind.VOLUNTEERS, "Homework club tutors", "Help children aged 8 to 11 with "
     "reading and maths after school.", 3, ["teaching"], [],
     [("dbs_enhanced", "children", True)], False),
    (OfferKind.VENUE, "A hall for a winter warm space", "A heated room for 30 people, with "
     "a kitchen, on weekday afternoons.", "A hall for 30 people", [], [], [], False),
    (OfferKind.FOOD, "Tins and pasta for the food bank", "Long-life food for families this "
     "month: tins, pasta, rice, cereal.", "200 items", [], [], [], False),
    (OfferKind.VOLUNTEERS, "Drivers for hospital appointments", "Take patients to and from "
     "appointments in your own car; mileage paid.", 5, ["driving"], [],
     [("driving", "", True), ("dbs_enhanced", "adults", False)], False),
    (OfferKind.EQUIPMENT, "Gazebos and tables for the street party", "Two gazebos and six "
     "trestle tables for one day.", "2 gazebos, 6 tables", [], [], [], False),
    (OfferKind.TRANSPORT, "A minibus for the seniors' outing", "A minibus with a driver for "
     "a day trip, 14 passengers.", "One minibus for a day", [], [], [], False),
    (OfferKind.SKILLS, "An accountant to check our books", "Look over a small charity's "
     "annual accounts before they are filed.", "About a day's work", [], ["admin"], [],
     False),
    (OfferKind.FUNDING, "Funding for a new boiler", "Our community centre's boiler has "
     "failed; we need help towards a new one.", "£3,000", [], [], [], False),
    (OfferKind.VOLUNTEERS, "Flood clean-up volunteers", "Help residents move furniture and "
     "clear mud after the flooding. Gloves and boots provided.", 20, [], ["diy"],
     [], True),
    (OfferKind.VOLUNTEERS, "Befrienders for a phone circle", "Ring an isolated neighbour "
     "once a week for a chat, from home.", 6, ["befriending"], [],
     [("safeguarding", "", False)], False),
    (OfferKind.FOOD, "Hot meals for a rest centre", "Meals for people moved out of their "
     "homes tonight.", "60 hot meals", [], [], [], True),
    (OfferKind.VOLUNTEERS, "Stewards for the Neighbour Day fair", "Welcome visitors, give "
     "directions and keep walkways clear.", 8, ["stewarding"], ["first_aid"], [], False),
    (OfferKind.OTHER, "Knitted blankets for the baby bank", "Warm blankets for newborns, any "
     "colour.", "40 blankets", [], [], [], False),
    (OfferKind.VOLUNTEERS, "Gardeners for the community orchard", "Prune, weed and mulch the "
     "orchard with our regular team.", 6, [], ["gardening"], [], False),
    (OfferKind.VOLUNTEERS, "Interpreters at the advice drop-in", "Help new arrivals explain "
     "what they need. Polish, Arabic or Ukrainian.", 2, ["interpreting"], [],
     [("dbs_basic", "", False)], False),
]  # fmt: skip

TIMES = [
    (datetime.time(9, 30), datetime.time(12)),
    (datetime.time(13), datetime.time(16)),
    (datetime.time(18), datetime.time(20, 30)),
    (datetime.time(10), datetime.time(15)),
]


def build(summary, today):
    """Add the demo needs (nothing if they are there already)."""
    if Need.objects.filter(title=SPECS[0][1]).exists():
        return
    organisations = list(OrganisationPage.objects.live().order_by("path"))
    if not organisations:
        return
    editors = {org.pk: _editor(org) for org in organisations}
    for number in range(COUNT):
        organisation = organisations[number % len(organisations)]
        need = _need(number, organisation, today)
        need.save(changed_by=None if need.emergency else editors[organisation.pk])
        for kind, workforce, verified in SPECS[number % len(SPECS)][6]:
            NeedCheck.objects.create(
                need=need, kind=kind, workforce=workforce, must_be_verified=verified
            )
        summary.add("needs")
        _story(need, number, editors[organisation.pk])


def _need(number, organisation, today):
    kind, title, description, amount, skills, wanted, _checks, emergency = SPECS[
        number % len(SPECS)
    ]
    district = organisation.postcode.split()[0] if organisation.postcode else "SN10"
    postcodes = geocoder.postcodes_in(district) or [organisation.postcode]
    start, end = TIMES[number % len(TIMES)]
    first = today + datetime.timedelta(days=2 + number % 21)
    timing = [Timing.DATED, Timing.WEEKLY, Timing.FORTNIGHTLY, Timing.FLEXIBLE][number % 4]
    if emergency:
        timing, first = Timing.DATED, today + datetime.timedelta(days=1)
    online = kind == OfferKind.VOLUNTEERS and "phone" in title
    need = Need(
        organisation=organisation,
        kind=kind,
        title=title if number < len(SPECS) else f"{title} ({organisation.title})",
        description=f"{description} {organisation.title} would be grateful for any help.",
        people_needed=amount if isinstance(amount, int) else None,
        quantity=amount if isinstance(amount, str) else "",
        wanted_skills=wanted,
        online=online,
        postcode="" if online else postcodes[(number * 7919) % len(postcodes)],
        timing=timing,
        min_commitment="Once a month for three months" if timing == Timing.WEEKLY else "",
        emergency=emergency,
        step_free=number % 3 == 0,
        accessible_toilet=number % 4 == 0,
        **dict.fromkeys(skills, True),
    )
    if timing == Timing.FLEXIBLE:
        need.deadline = today + datetime.timedelta(days=30 + number)
    else:
        need.starts_on, need.start_time, need.end_time = first, start, end
        if timing != Timing.DATED:
            need.repeat_until = first + datetime.timedelta(days=56 + 7 * (number % 6))
    return need


def _story(need, number, editor):
    """Give some needs a past: more people wanted, one filled, one closed."""
    if number == 4 and need.people_needed:
        need.people_needed += 2
        need.save(changed_by=editor)
    if number == 7:
        need.status = NeedStatus.FILLED
        need.save(changed_by=editor)
    if number == 9 + len(SPECS):
        need.status = NeedStatus.CLOSED
        need.save(changed_by=editor)


def _editor(organisation):
    section = getattr(organisation, "section", None)
    if section is None:
        return None
    return section.group.user_set.order_by("pk").first()
