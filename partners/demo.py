"""Demo content of the partners app, built by ``load_demo`` after the pages and events.

Organisations of every kind and many traditions, each with its own section, an editor and
events in its section; partnership projects with outcomes; and offers with a history, those
that help a street party available through the next Neighbour Day.
Everything is looked up (by slug, username or title) before it is made, so running the
builder twice changes nothing. Phone numbers are in Ofcom's range kept for drama
(01632 960xxx) and charity numbers are made up, so nothing here points at a real body.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.test.utils import override_settings
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image

from events.choices import Category
from events.models import EventPage
from hub.demo import child, next_neighbour_day

from .choices import OfferKind, OfferStatus, OrganisationKind, OutcomeMeasure, ProjectStatus
from .models import (
    Offer,
    OfferIndexPage,
    OrganisationPage,
    PartnershipIndexPage,
    ProjectEvent,
    ProjectOutcome,
    ProjectPage,
)
from .sections import add_editor

# Organisations the foundation demo does not have: every remaining kind and more traditions.
ORGANISATIONS = [
    {
        "title": "Devizes Methodist Church",
        "kind": OrganisationKind.FAITH_GROUP,
        "tradition": "christian",
        "denomination": "Methodist",
        "postcode": "SN10 1BT",
        "charity_number": "1130001",
    },
    {
        "title": "Edinburgh Bahá'í Community",
        "kind": OrganisationKind.FAITH_GROUP,
        "tradition": "bahai",
        "postcode": "EH7 4AA",
        "charity_number": "SC040001",
    },
    {
        "title": "Bristol Unitarian Meeting",
        "kind": OrganisationKind.FAITH_GROUP,
        "tradition": "other",
        "denomination": "Unitarian",
        "postcode": "BS8 1TH",
        "charity_number": "1140002",
    },
    {
        "title": "Royal United Hospitals Bath NHS Trust",
        "kind": OrganisationKind.NHS,
        "postcode": "BA1 3NG",
    },
    {"title": "Devizes School", "kind": OrganisationKind.SCHOOL, "postcode": "SN10 3AG"},
    {
        "title": "Wiltshire Police, Devizes neighbourhood team",
        "kind": OrganisationKind.POLICE,
        "postcode": "SN10 2DN",
    },
]

# The editor of each organisation's section: (username, organisation). "stmarys" and
# "alnoor" are made by the foundation demo; the rest here, with the password
# "neighbour-<username>".
EDITORS = [
    ("stmarys", "St Mary's Church, Devizes"),
    ("alnoor", "Al-Noor Mosque, Leeds"),
    ("gurdwara", "Guru Nanak Gurdwara, Birmingham"),
    ("synagogue", "Manchester Reform Synagogue"),
    ("mandir", "Shree Hindu Temple, Leicester"),
    ("buddhist", "Glasgow Buddhist Centre"),
    ("interfaith", "Cardiff Interfaith Forum"),
    ("council", "Wiltshire Council"),
    ("foodaid", "Leeds Food Aid Network"),
    ("tidy", "Keep Bristol Tidy"),
    ("cornershop", "Corner Shop Co-operative, York"),
    ("methodist", "Devizes Methodist Church"),
    ("bahai", "Edinburgh Bahá'í Community"),
    ("unitarian", "Bristol Unitarian Meeting"),
    ("nhs", "Royal United Hospitals Bath NHS Trust"),
    ("school", "Devizes School"),
    ("police", "Wiltshire Police, Devizes neighbourhood team"),
]
FOUNDATION_USERS = {"stmarys", "alnoor"}
USERS = [
    (username, f"neighbour-{username}", f"editor for {title}")
    for username, title in EDITORS
    if username not in FOUNDATION_USERS
]
LOGO_COLOURS = ["#1f5f3f", "#0b5394", "#7a4b00", "#6a1b9a", "#a4161a", "#00695c"]

C = "challenges"
PROJECTS = [
    {
        "slug": "devizes-community-larder",
        "title": "Devizes Community Larder",
        "section": "st-marys-church-devizes",
        "leads": ["st-marys-church-devizes", "devizes-methodist-church"],
        "partners": ["wiltshire-council", "devizes-school"],
        C: ["food_insecurity", "loneliness"],
        "postcode": "SN10 1AB",
        "radius": 5,
        "area": "Devizes and the villages around it",
        "status": ProjectStatus.ACTIVE,
        "started": -400,
        "summary": "Two churches and the council run a larder and a Thursday lunch club.",
        "outcomes": [
            (OutcomeMeasure.VOLUNTEERS, "", 24),
            (OutcomeMeasure.MEALS, "", 3200),
            (OutcomeMeasure.PEOPLE_REACHED, "", 410),
        ],
    },
    {
        "slug": "leeds-warm-spaces",
        "title": "Leeds Warm Spaces",
        "section": "al-noor-mosque-leeds",
        "leads": ["al-noor-mosque-leeds"],
        "partners": ["leeds-food-aid-network"],
        "other": "Leeds City Council",
        C: ["loneliness", "older_people", "food_insecurity"],
        "postcode": "LS1 1UR",
        "radius": 3,
        "area": "Leeds city centre",
        "status": ProjectStatus.ACTIVE,
        "started": -300,
        "summary": "A warm room, hot drinks and company every weekday from November to March.",
        "outcomes": [
            (OutcomeMeasure.PEOPLE_REACHED, "", 900),
            (OutcomeMeasure.VOLUNTEER_HOURS, "", 2400),
        ],
    },
    {
        "slug": "langar-on-the-streets",
        "title": "Langar on the Streets",
        "section": "guru-nanak-gurdwara-birmingham",
        "leads": ["guru-nanak-gurdwara-birmingham"],
        "other": "Birmingham City Council, West Midlands Police",
        C: ["homelessness", "food_insecurity"],
        "postcode": "B1 1BB",
        "radius": 3,
        "area": "Central Birmingham",
        "status": ProjectStatus.ACTIVE,
        "started": -700,
        "summary": "Hot vegetarian meals from the gurdwara kitchen, served in the city centre.",
        "outcomes": [(OutcomeMeasure.MEALS, "", 15000), (OutcomeMeasure.VOLUNTEERS, "", 60)],
    },
    {
        "slug": "manchester-interfaith-youth-football",
        "title": "Interfaith youth football",
        "section": "manchester-reform-synagogue",
        "leads": ["manchester-reform-synagogue"],
        "other": "Manchester Youth Zone",
        C: ["young_people", "integration"],
        "postcode": "M1 1AE",
        "radius": 5,
        "area": "Manchester",
        "status": ProjectStatus.ACTIVE,
        "started": -200,
        "summary": "Mixed teams from synagogues, mosques and churches in a Sunday league.",
        "outcomes": [
            (OutcomeMeasure.PEOPLE_REACHED, "", 220),
            (OutcomeMeasure.VOLUNTEERS, "", 18),
        ],
    },
    {
        "slug": "diwali-lights-litter-pick",
        "title": "Diwali lights litter pick",
        "section": "shree-hindu-temple-leicester",
        "leads": ["shree-hindu-temple-leicester"],
        C: ["environment"],
        "postcode": "LE1 5YA",
        "radius": 2,
        "area": "Belgrave Road, Leicester",
        "status": ProjectStatus.COMPLETED,
        "started": -120,
        "ended": -100,
        "summary": "Cleaning up the Golden Mile after the Diwali celebrations.",
        "outcomes": [
            (OutcomeMeasure.VOLUNTEERS, "", 75),
            (OutcomeMeasure.OTHER, "bags of litter", 340),
        ],
    },
    {
        "slug": "mindful-glasgow",
        "title": "Mindful Glasgow",
        "section": "glasgow-buddhist-centre",
        "leads": ["glasgow-buddhist-centre"],
        C: ["mental_health", "loneliness"],
        "postcode": "G1 1XQ",
        "radius": 5,
        "area": "Glasgow",
        "status": ProjectStatus.ACTIVE,
        "started": -500,
        "summary": "Free drop-in meditation and a listening ear, open to everyone.",
        "outcomes": [
            (OutcomeMeasure.PEOPLE_REACHED, "", 300),
            (OutcomeMeasure.VOLUNTEER_HOURS, "", 800),
        ],
    },
    {
        "slug": "cardiff-welcome-cafe",
        "title": "Welcome café for new arrivals",
        "section": "cardiff-interfaith-forum",
        "leads": ["cardiff-interfaith-forum"],
        C: ["integration", "employment_and_skills"],
        "postcode": "CF10 1EP",
        "radius": 5,
        "area": "Cardiff",
        "status": ProjectStatus.ACTIVE,
        "started": -365,
        "summary": "English conversation, CV help and a warm welcome for refugees.",
        "outcomes": [
            (OutcomeMeasure.PEOPLE_REACHED, "", 520),
            (OutcomeMeasure.VOLUNTEERS, "", 30),
        ],
    },
    {
        "slug": "safer-streets-devizes",
        "title": "Safer Streets Devizes",
        "section": None,
        "leads": ["devizes-methodist-church", "st-marys-church-devizes"],
        "partners": ["wiltshire-police-devizes-neighbourhood-team", "wiltshire-council"],
        C: ["crime_and_safety", "young_people"],
        "postcode": "SN10 2DN",
        "radius": 3,
        "area": "Devizes town centre",
        "status": ProjectStatus.ACTIVE,
        "started": -250,
        "summary": "Street pastors on Friday and Saturday nights, with the police and council.",
        "outcomes": [
            (OutcomeMeasure.VOLUNTEER_HOURS, "", 640),
            (OutcomeMeasure.OTHER, "street patrols", 96),
        ],
    },
    {
        "slug": "bath-hospital-befriending",
        "title": "Hospital befriending in Bath",
        "section": "bristol-unitarian-meeting",
        "leads": ["bristol-unitarian-meeting"],
        "partners": ["royal-united-hospitals-bath-nhs-trust"],
        C: ["loneliness", "older_people"],
        "postcode": "BA1 3NG",
        "radius": 10,
        "area": "Bath and north-east Somerset",
        "status": ProjectStatus.ACTIVE,
        "started": -450,
        "summary": "Volunteers visit older patients who have no visitors, and call them at home.",
        "outcomes": [
            (OutcomeMeasure.VOLUNTEERS, "", 40),
            (OutcomeMeasure.PEOPLE_REACHED, "", 650),
        ],
    },
    {
        "slug": "edinburgh-supper-club",
        "title": "Neighbours' supper club",
        "section": "edinburgh-bahai-community",
        "leads": ["edinburgh-bahai-community"],
        C: ["loneliness", "integration"],
        "postcode": "EH7 4AA",
        "radius": 3,
        "area": "Leith Walk, Edinburgh",
        "status": ProjectStatus.ACTIVE,
        "started": -330,
        "summary": "A monthly shared supper where newcomers and long-time neighbours meet.",
        "outcomes": [
            (OutcomeMeasure.MEALS, "", 1800),
            (OutcomeMeasure.PEOPLE_REACHED, "", 450),
        ],
    },
    {
        "slug": "bristol-green-spaces",
        "title": "Bristol green spaces",
        "section": None,
        "leads": ["bristol-unitarian-meeting"],
        "partners": ["keep-bristol-tidy"],
        C: ["environment", "mental_health"],
        "postcode": "BS1 5TR",
        "radius": 5,
        "area": "Bristol",
        "status": ProjectStatus.ACTIVE,
        "started": -600,
        "summary": "Planting and caring for pocket parks, with gardening sessions for wellbeing.",
        "outcomes": [
            (OutcomeMeasure.VOLUNTEERS, "", 55),
            (OutcomeMeasure.VOLUNTEER_HOURS, "", 1300),
            (OutcomeMeasure.OTHER, "trees planted", 240),
        ],
    },
    {
        "slug": "devizes-holiday-meals",
        "title": "Holiday meals and activities",
        "section": "st-marys-church-devizes",
        "leads": ["st-marys-church-devizes"],
        "partners": ["devizes-school", "wiltshire-council"],
        C: ["food_insecurity", "young_people"],
        "postcode": "SN10 3AG",
        "radius": 5,
        "area": "Devizes",
        "status": ProjectStatus.COMPLETED,
        "started": -330,
        "ended": -280,
        "summary": "Lunch and activities for children during the summer holidays.",
        "outcomes": [(OutcomeMeasure.MEALS, "", 4100), (OutcomeMeasure.VOLUNTEERS, "", 35)],
    },
    {
        "slug": "leicester-temple-food-bank",
        "title": "Temple food bank",
        "section": "shree-hindu-temple-leicester",
        "leads": ["shree-hindu-temple-leicester"],
        "partners": ["leeds-food-aid-network"],
        C: ["food_insecurity"],
        "postcode": "LE1 5YA",
        "radius": 3,
        "area": "Leicester",
        "status": ProjectStatus.ACTIVE,
        "started": -150,
        "summary": "Weekly food parcels, with the Leeds network sharing what it has learned.",
        "outcomes": [
            (OutcomeMeasure.OTHER, "food parcels", 2600),
            (OutcomeMeasure.VOLUNTEERS, "", 22),
        ],
    },
    {
        "slug": "bradford-job-club",
        "title": "Bradford job club",
        "section": "al-noor-mosque-leeds",
        "leads": ["al-noor-mosque-leeds"],
        "other": "Bradford College",
        C: ["employment_and_skills"],
        "postcode": "BD1 1HY",
        "radius": 5,
        "area": "Bradford",
        "status": ProjectStatus.IDEA,
        "summary": "An idea looking for partners: weekly help with CVs, forms and interviews.",
        "outcomes": [],
    },
    {
        "slug": "cardiff-safe-haven",
        "title": "Night shelter rota",
        "section": "cardiff-interfaith-forum",
        "leads": ["cardiff-interfaith-forum"],
        C: ["homelessness"],
        "postcode": "CF10 1EP",
        "radius": 3,
        "area": "Cardiff",
        "status": ProjectStatus.IDEA,
        "summary": "An idea looking for partners: places of worship taking turns to host a "
        "winter night shelter.",
        "outcomes": [],
    },
]

# What each kind of organisation offers: (kind, title, quantity, unit, regular times, radius,
# accessibility features). Titles are unique within an organisation.
OFFERS_BY_KIND = {
    OrganisationKind.FAITH_GROUP: [
        (
            OfferKind.VENUE,
            "Hall for community events",
            80,
            "people",
            "Weekdays and Saturdays",
            3,
            ["step_free", "accessible_toilet", "hearing_loop"],
        ),
        (OfferKind.VOLUNTEERS, "Volunteers for Neighbour Day", 12, "volunteers", "", 5, []),
        (OfferKind.FOOD, "Hot meals for community lunches", 60, "meals a week", "Thursdays", 3, []),
    ],
    OrganisationKind.COUNCIL: [
        (OfferKind.FUNDING, "Small grants for street parties", 20, "grants of £250", "", 25, []),
        (OfferKind.SKILLS, "Help with road closure forms", None, "", "Weekdays 9am to 5pm", 25, []),
        (OfferKind.EQUIPMENT, "Litter-picking kits to borrow", 30, "kits", "", 15, []),
    ],
    OrganisationKind.CHARITY: [
        (OfferKind.FOOD, "Surplus food for community meals", 200, "kg a week", "Mondays", 10, []),
        (OfferKind.SKILLS, "Food hygiene training", 15, "places", "", 10, []),
        (OfferKind.VOLUNTEERS, "Drivers for food collections", 4, "drivers", "Saturdays", 10, []),
    ],
    OrganisationKind.COMMUNITY_GROUP: [
        (OfferKind.EQUIPMENT, "Gazebos, tables and bunting", 6, "gazebos", "", 5, []),
        (OfferKind.VOLUNTEERS, "Litter pick leaders", 5, "leaders", "Sundays", 5, []),
        (OfferKind.SKILLS, "Help setting up a residents' group", None, "", "", 10, []),
    ],
    OrganisationKind.BUSINESS: [
        (OfferKind.FOOD, "Refreshments for volunteers", 100, "people", "", 3, []),
        (OfferKind.EQUIPMENT, "Posters and leaflets printed free", 500, "leaflets", "", 5, []),
        (OfferKind.FUNDING, "Raffle prizes", 10, "prizes", "", 5, []),
    ],
    OrganisationKind.NHS: [
        (OfferKind.SKILLS, "Health check stall", 2, "nurses", "", 10, []),
        (OfferKind.SKILLS, "Mental health first aid training", 16, "places", "", 15, []),
        (
            OfferKind.VENUE,
            "Meeting room at the hospital",
            30,
            "people",
            "Evenings",
            5,
            ["step_free", "accessible_toilet", "parking"],
        ),
    ],
    OrganisationKind.SCHOOL: [
        (
            OfferKind.VENUE,
            "School hall and field at weekends",
            250,
            "people",
            "Weekends",
            3,
            ["step_free", "accessible_toilet", "parking"],
        ),
        (OfferKind.VOLUNTEERS, "Sixth-form volunteers", 20, "volunteers", "", 5, []),
        (OfferKind.EQUIPMENT, "Sound system and staging", 1, "set", "", 5, []),
    ],
    OrganisationKind.POLICE: [
        (OfferKind.SKILLS, "Crime prevention advice at your event", 2, "officers", "", 10, []),
        (OfferKind.SKILLS, "Talks on staying safe online", None, "", "", 10, []),
        (
            OfferKind.TRANSPORT,
            "Community minibus",
            16,
            "seats",
            "Weekday daytimes",
            10,
            ["step_free"],
        ),
    ],
}


def build(summary, home, partners, today):
    """Add the partners' part of the demo to the site below ``home``."""
    organisations = _organisations(summary, partners)
    editors = _editors(summary, organisations)
    _logos(summary, organisations)
    _section_events(summary, organisations, editors, today)
    partnerships = _index(
        summary,
        home,
        PartnershipIndexPage,
        "partnerships",
        title="Partnerships",
        intro="<p>Faith groups working with councils, the NHS, schools, police, charities "
        "and businesses on what matters locally.</p>",
    )
    _projects(summary, partnerships, organisations, today)
    _index(
        summary,
        home,
        OfferIndexPage,
        "offers",
        title="Offers",
        intro="<p>Volunteers, venues, food, equipment and skills that partners can offer "
        "your community.</p>",
    )
    _offers(summary, organisations, editors, today)


def _index(summary, home, model, slug, **fields):
    page, created = child(home, model, slug, show_in_menus=True, **fields)
    if created:
        summary.add(f"pages ({model._meta.verbose_name})")
    return page


def _organisations(summary, partners):
    """Every organisation of the demo by slug, with contact details filled in once."""
    for fields in ORGANISATIONS:
        _page, created = child(
            partners,
            OrganisationPage,
            slugify(fields["title"]),
            description=f"<p>{fields['title']} is a partner of the Neighbour Day Hub.</p>",
            **fields,
        )
        if created:
            summary.add("partner organisations")
    organisations = {page.slug: page for page in OrganisationPage.objects.child_of(partners)}
    for number, page in enumerate(sorted(organisations.values(), key=lambda p: p.slug)):
        if page.public_email:
            continue
        page.address = page.address or f"{page.title}\n{number + 1} High Street"
        page.website = f"https://example.org/{page.slug}/"
        page.public_email = f"hello@{page.slug}.example.org"
        page.phone = f"01632 960{number:03d}"
        page.private_contact_email = f"safeguarding@{page.slug}.example.org"
        page.save_revision().publish()
        summary.add("partner contact details")
    return organisations


def _editors(summary, organisations):
    """One editor per organisation, a member of its section's group only."""
    user_model = get_user_model()
    editors = {}
    for username, title in EDITORS:
        slug = slugify(title)
        organisation = organisations[slug]
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=username,
                password=f"neighbour-{username}",
                email=f"{username}@example.org",
                first_name=username.capitalize(),
            )
            summary.add("users")
        if not user.groups.filter(pk=organisation.section.group_id).exists():
            add_editor(organisation, user)
            summary.add("section editors")
        editors[slug] = user
    return editors


def _logos(summary, organisations):
    """A simple square logo with the organisation's initials, for the faith groups."""
    faith_groups = [o for o in organisations.values() if o.kind == OrganisationKind.FAITH_GROUP]
    for number, organisation in enumerate(sorted(faith_groups, key=lambda o: o.slug)):
        if organisation.logo_id:
            continue
        initials = "".join(word[0] for word in organisation.title.split()[:2]).upper()
        picture = PillowImage.new("RGB", (240, 240), LOGO_COLOURS[number % len(LOGO_COLOURS)])
        ImageDraw.Draw(picture).text((120, 120), initials, fill="white", anchor="mm", font_size=96)
        data = io.BytesIO()
        picture.save(data, "PNG")
        logo = Image.objects.create(
            title=f"{organisation.title} logo",
            file=ImageFile(data, name=f"logo-{organisation.slug}.png"),
            collection=organisation.section.collection,
        )
        organisation.logo = logo
        organisation.save_revision().publish()
        summary.add("logos")


def _section_events(summary, organisations, editors, today):
    """An event in the section of every organisation that has none, and one awaiting approval."""
    day = next_neighbour_day(today)
    for number, organisation in enumerate(organisations.values()):
        if EventPage.objects.descendant_of(organisation).exists():
            continue
        faith = organisation.kind == OrganisationKind.FAITH_GROUP
        title = (
            f"Open afternoon at {organisation.title}" if faith else (f"Meet {organisation.title}")
        )
        _page, created = child(
            organisation,
            EventPage,
            slugify(title)[:80],
            title=title,
            summary="Come and meet us, see what we do and find out how to get involved.",
            start_date=day + datetime.timedelta(days=7 * (number % 3)),
            start_time=datetime.time(14),
            end_time=datetime.time(16),
            venue_name=organisation.title,
            postcode=organisation.postcode,
            category=Category.FAITH_AND_COMMUNITY if faith else Category.VOLUNTEERING,
            organiser=organisation,
            step_free=True,
        )
        if created:
            summary.add("events in organisations' sections")
    church = organisations["st-marys-church-devizes"]
    slug = "neighbour-day-cream-tea"
    if not EventPage.objects.child_of(church).filter(slug=slug).exists():
        draft = EventPage(
            title="Neighbour Day cream tea",
            slug=slug,
            summary="Scones, jam and a chat in the churchyard.",
            start_date=day,
            start_time=datetime.time(15),
            end_time=datetime.time(17),
            venue_name="St Mary's churchyard",
            postcode=church.postcode,
            category=Category.NEIGHBOUR_DAY,
            organiser=church,
            live=False,
        )
        church.add_child(instance=draft)
        editor = editors["st-marys-church-devizes"]
        draft.save_revision(user=editor)
        workflow = draft.get_workflow()
        if workflow is not None:
            # The demo tells nobody by e-mail that it is waiting.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                workflow.start(draft, editor)
        summary.add("events waiting for a moderator")


def _projects(summary, partnerships, organisations, today):
    for spec in PROJECTS:
        parent = organisations[spec["section"]] if spec["section"] else partnerships
        if ProjectPage.objects.filter(slug=spec["slug"]).exists():
            continue
        leads = [organisations[slug] for slug in spec["leads"]]
        project, _created = child(
            parent,
            ProjectPage,
            spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            status=spec["status"],
            start_date=_day(today, spec.get("started")),
            end_date=_day(today, spec.get("ended")),
            area_name=spec["area"],
            postcode=spec["postcode"],
            radius_miles=spec["radius"],
            other_partners=spec.get("other", ""),
            how_to_get_involved=f"<p>Contact {leads[0].title}: {leads[0].public_email}.</p>",
            **dict.fromkeys(spec[C], True),
        )
        project.lead_organisations.set(leads)
        project.partner_bodies.set([organisations[slug] for slug in spec.get("partners", [])])
        project.outcomes = [
            ProjectOutcome(measure=measure, name=name, value=value)
            for measure, name, value in spec["outcomes"]
        ]
        event = EventPage.objects.live().descendant_of(leads[0]).order_by("pk").first()
        if event is not None:
            project.related_events = [ProjectEvent(event=event)]
        project.save_revision().publish()
        summary.add("partnership projects")


def _day(today, offset):
    return None if offset is None else today + datetime.timedelta(days=offset)


# What helps a Neighbour Day gathering (a hall, tables and gazebos, food, volunteers): offers
# of these kinds last at least to the end of the next Neighbour Day's week, so the demo
# gatherings near them are suggested them, and some ask for them (neighbourday.demo).
FOR_GATHERINGS = {OfferKind.VENUE, OfferKind.EQUIPMENT, OfferKind.FOOD, OfferKind.VOLUNTEERS}


def _available_until(kind, position, today):
    until = today + datetime.timedelta(days=90 + 30 * position)
    if kind in FOR_GATHERINGS:
        day = next_neighbour_day(today)
        until = max(until, day + datetime.timedelta(days=6 - day.weekday()))
    return until


def _offers(summary, organisations, editors, today):
    """Three offers per organisation, logged by its editor; a few committed, ended or edited."""
    for number, (slug, organisation) in enumerate(sorted(organisations.items())):
        for position, spec in enumerate(OFFERS_BY_KIND[organisation.kind]):
            kind, title, quantity, unit, regular, radius, features = spec
            if Offer.objects.filter(organisation=organisation, title=title).exists():
                continue
            offer = Offer(
                organisation=organisation,
                kind=kind,
                title=title,
                description=f"{title}, from {organisation.title}. Get in touch to arrange it.",
                quantity=quantity,
                quantity_unit=unit,
                regular_times=regular,
                postcode=organisation.postcode,
                radius_miles=radius,
                available_until=_available_until(kind, position, today),
                **dict.fromkeys(features, True),
            )
            editor = editors[slug]
            offer.save(changed_by=editor)
            summary.add("offers")
            _offer_story(offer, editor, number, position, today)


def _offer_story(offer, editor, number, position, today):
    """Give some offers a past: a change of numbers, a promise, a withdrawal, an end."""
    if position == 0 and offer.quantity:
        offer.quantity += 10
        offer.save(changed_by=editor)
    if number % 5 == 1 and position == 1:
        offer.status = OfferStatus.COMMITTED
        offer.save(changed_by=editor)
    if number % 7 == 2 and position == 2:
        offer.status = OfferStatus.WITHDRAWN
        offer.save(changed_by=editor)
    if number % 8 == 3 and position == 2:
        offer.available_from = today - datetime.timedelta(days=60)
        offer.available_until = today - datetime.timedelta(days=5)
        offer.save(changed_by=editor)
