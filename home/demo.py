"""Demo content: a whole hub with real towns, real postcodes and a year of events.

Everything is looked up by slug or username before it is created, so running the builder
again changes nothing.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from events.choices import Audience, Category, DateChange, Repeat, Status
from events.models import EventDateChange, EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from hub import geocoder
from hub.demo import Summary, child, next_neighbour_day
from hub.models import HubSettings, NeighbourDayDate
from needs import demo as needs_demo
from needs import flow_demo
from needs.models import Need
from neighbourday import demo as neighbourday_demo
from partners import demo as partner_demo
from partners.choices import OrganisationKind, Tradition
from partners.models import Offer, OrganisationPage, PartnerIndexPage, ProjectPage
from reserve import demo as reserve_demo
from volunteering import demo as volunteer_demo

# (username, password, role): printed by load_demo in development only.
USERS = [
    ("admin", "neighbour-admin", "administrator (everything)"),
    ("moderator", "neighbour-moderator", "moderator (approves pages)"),
    ("stmarys", "neighbour-stmarys", "editor for St Mary's Church, Devizes"),
    ("alnoor", "neighbour-alnoor", "editor for Al-Noor Mosque, Leeds"),
]

# Town, a real postcode there, a venue.
TOWNS = [
    ("Devizes", "SN10 1AB", "Market Place"),
    ("Swindon", "SN1 1LF", "Regent Circus"),
    ("Bristol", "BS1 5TR", "Queen Square"),
    ("Bath", "BA1 1LZ", "Guildhall"),
    ("Oxford", "OX1 1DP", "Town Hall"),
    ("London, Whitechapel", "E1 6AN", "Spitalfields Community Hall"),
    ("London, Waterloo", "SE1 7PB", "Jubilee Gardens"),
    ("Birmingham", "B1 1BB", "Centenary Square"),
    ("Manchester", "M1 1AE", "Piccadilly Gardens"),
    ("Leeds", "LS1 1UR", "Millennium Square"),
    ("Sheffield", "S1 2HH", "Peace Gardens"),
    ("Newcastle upon Tyne", "NE1 7RU", "Grey's Monument"),
    ("York", "YO1 7HH", "St Helen's Square"),
    ("Liverpool", "L1 8JQ", "Chavasse Park"),
    ("Nottingham", "NG1 5FS", "Old Market Square"),
    ("Leicester", "LE1 5YA", "Jubilee Square"),
    ("Norwich", "NR2 1NH", "The Forum"),
    ("Exeter", "EX1 1HS", "Cathedral Green"),
    ("Plymouth", "PL1 2AA", "Armada Way"),
    ("Cambridge", "CB2 3QJ", "Parker's Piece"),
    ("Brighton", "BN1 1GE", "Jubilee Library"),
    ("Cardiff", "CF10 1EP", "Central Library"),
    ("Swansea", "SA1 3SN", "Castle Square"),
    ("Aberystwyth", "SY23 2AZ", "Arts Centre"),
    ("Edinburgh", "EH1 1YZ", "St Andrew Square"),
    ("Glasgow", "G1 1XQ", "George Square"),
    ("Aberdeen", "AB10 1AQ", "Union Terrace Gardens"),
    ("Dundee", "DD1 4BJ", "Slessor Gardens"),
    ("Inverness", "IV1 1JJ", "Eastgate Centre"),
    ("Bradford", "BD1 1HY", "City Park"),
]

# (title pattern, category, summary, all day, audience, tags)
KINDS = [
    (
        "{town} street party",
        Category.NEIGHBOUR_DAY,
        "Close the road, bring a chair and a dish to share, and meet the people next door.",
        False,
        Audience.EVERYONE,
        ["street party", "food"],
    ),
    (
        "{town} litter pick",
        Category.ENVIRONMENT,
        "Gloves, bags and pickers provided. Help tidy the streets and green spaces.",
        False,
        Audience.EVERYONE,
        ["litter pick", "outdoors"],
    ),
    (
        "Open doors at {venue}",
        Category.FAITH_AND_COMMUNITY,
        "Tea, a tour and a chance to ask anything about your neighbours' place of worship.",
        True,
        Audience.EVERYONE,
        ["open day"],
    ),
    (
        "{town} community lunch",
        Category.FOOD,
        "A free hot lunch for anyone who would like company. Vegetarian and halal options.",
        False,
        Audience.OLDER_PEOPLE,
        ["food", "lunch"],
    ),
    (
        "Volunteer fair, {town}",
        Category.VOLUNTEERING,
        "Meet local groups who need a hand and find an hour a week that suits you.",
        False,
        Audience.ADULTS,
        ["volunteering"],
    ),
    (
        "Youth football and barbecue, {town}",
        Category.YOUNG_PEOPLE,
        "Five-a-side for 11 to 16 year olds, then food for everyone.",
        False,
        Audience.YOUNG_PEOPLE,
        ["sport"],
    ),
    (
        "Wellbeing walk, {town}",
        Category.HEALTH,
        "A gentle hour's walk at an easy pace, finishing with a cuppa.",
        False,
        Audience.EVERYONE,
        ["walking", "outdoors"],
    ),
    (
        "Music on the green, {town}",
        Category.ARTS,
        "Local choirs and bands on an open stage. Bring a picnic.",
        False,
        Audience.FAMILIES,
        ["music"],
    ),
]

ORGANISATIONS = [
    (
        "St Mary's Church, Devizes",
        OrganisationKind.FAITH_GROUP,
        Tradition.CHRISTIAN,
        "Church of England",
        "SN10 1AB",
    ),
    ("Al-Noor Mosque, Leeds", OrganisationKind.FAITH_GROUP, Tradition.MUSLIM, "", "LS1 1UR"),
    ("Guru Nanak Gurdwara, Birmingham", OrganisationKind.FAITH_GROUP, Tradition.SIKH, "", "B1 1BB"),
    ("Manchester Reform Synagogue", OrganisationKind.FAITH_GROUP, Tradition.JEWISH, "", "M1 1AE"),
    ("Shree Hindu Temple, Leicester", OrganisationKind.FAITH_GROUP, Tradition.HINDU, "", "LE1 5YA"),
    ("Glasgow Buddhist Centre", OrganisationKind.FAITH_GROUP, Tradition.BUDDHIST, "", "G1 1XQ"),
    (
        "Cardiff Interfaith Forum",
        OrganisationKind.FAITH_GROUP,
        Tradition.INTERFAITH,
        "",
        "CF10 1EP",
    ),
    ("Wiltshire Council", OrganisationKind.COUNCIL, "", "", "SN10 1HS"),
    ("Leeds Food Aid Network", OrganisationKind.CHARITY, "", "", "LS1 5DL"),
    ("Keep Bristol Tidy", OrganisationKind.COMMUNITY_GROUP, "", "", "BS1 5TR"),
    ("Corner Shop Co-operative, York", OrganisationKind.BUSINESS, "", "", "YO1 7HH"),
]


@transaction.atomic
def build(today=None):
    today = today or timezone.localdate()
    summary = Summary()
    home = _site(summary, today)
    events = _child_counted(
        summary,
        home,
        EventIndexPage,
        "events",
        title="What's on",
        show_in_menus=True,
        intro="<p>Everything happening near you, from street parties to open days.</p>",
    )
    partners = _child_counted(
        summary,
        home,
        PartnerIndexPage,
        "partners",
        title="Partners",
        show_in_menus=True,
        intro="<p>The faith groups, charities, councils and businesses "
        "working together on the hub.</p>",
    )
    _plain_pages(summary, home)
    organisations = _organisations(summary, partners)
    _events(summary, events, organisations, next_neighbour_day(today), today)
    _users(summary)
    partner_demo.build(summary, home, partners, today)
    neighbourday_demo.build(
        summary,
        home.get_site(),
        next_neighbour_day(today),
        [town[1] for town in TOWNS],
        _public_postcodes(),
    )
    needs_demo.build(summary, today)
    volunteer_demo.build(
        summary, TOWNS, list(OrganisationPage.objects.live()), _public_postcodes(), today
    )
    flow_demo.build(summary, today)
    reserve_demo.build(summary)
    # Last: the needs these requests make are the offering partners' own, beside theirs.
    neighbourday_demo.ask_for_help(summary, home.get_site())
    return summary


def _public_postcodes():
    """Every postcode a public page shows: demo volunteers and gatherings are at none."""
    found = set()
    for model in (OrganisationPage, EventPage, ProjectPage, Offer, Need):
        found.update(model.objects.values_list("postcode", flat=True))
    return found


def _body(*sections):
    """A page body from (heading, paragraph HTML) pairs."""
    blocks = []
    for heading, text in sections:
        blocks += [("heading", heading), ("paragraph", RichText(text))]
    return blocks


PLAIN_PAGES = [
    (
        "about",
        "About the hub",
        True,
        "Neighbour Day Hub brings neighbours, faith communities and public bodies together.",
        [
            (
                "What the hub is",
                "<p>One place to find what is on near you for Neighbour Day and all year "
                "round: street parties, shared lunches, open days, litter picks, and the "
                "help local organisations can offer, on a map and in your calendar.</p>",
            ),
            (
                "Who runs it",
                "<p>A partnership of faith groups, charities, councils and local businesses. "
                "Each partner edits its own pages; our moderators check everything before "
                "it is published.</p>",
            ),
            (
                "Join as a partner",
                "<p>If your group would like to list events or offer help, write to us from "
                '<a href="/contact/">the contact page</a>. Partners sign in to the '
                '<a href="/dashboard/">partner dashboard</a>.</p>',
            ),
        ],
    ),
    (
        "privacy",
        "Privacy",
        False,
        "What we keep about you, and why.",
        [
            (
                "Visitors",
                "<p>We keep no account for visitors. A message you send an organiser goes "
                "to them by e-mail and is not kept on the site; we keep a scrambled form of "
                "your internet address for a day, to stop abuse.</p>",
            ),
            (
                "Partners",
                "<p>Partners' private contact details are seen only by our moderators and "
                "never shown on the site.</p>",
            ),
            (
                "Volunteers",
                '<p>If you make a Volunteer Passport, <a href="/volunteer/privacy/">its own '
                "privacy page</a> says what it keeps, who can see it, and for how long; you "
                "can download everything or delete it at any time.</p>",
            ),
        ],
    ),
    (
        "accessibility",
        "Accessibility statement",
        False,
        "We want everyone to be able to use the hub.",
        [
            (
                "How accessible the hub is",
                "<p>The site aims to meet WCAG 2.2 at level AA, and we test it with "
                "automated checks and on phones. Every map result is also listed as text.</p>",
            ),
            (
                "Reporting a problem",
                '<p>If something does not work for you, please tell us on <a href="/contact/">'
                "the contact page</a>.</p>",
            ),
        ],
    ),
    (
        "contact",
        "Contact us",
        False,
        "Questions about the hub, joining as a partner, or something that is wrong.",
        [
            (
                "Write to us",
                '<p>E-mail <a href="mailto:hello@neighbourday.example.org">'
                "hello@neighbourday.example.org</a>. To reach the organiser of an event, use "
                "the button on the event's page.</p>",
            ),
        ],
    ),
]


def _plain_pages(summary, home):
    for slug, title, in_menu, introduction, sections in PLAIN_PAGES:
        _child_counted(
            summary,
            home,
            StandardPage,
            slug,
            title=title,
            show_in_menus=in_menu,
            introduction=introduction,
            body=_body(*sections),
        )


def _child_counted(summary, parent, model, slug, **fields):
    page, created = child(parent, model, slug, **fields)
    if created:
        summary.add(f"pages ({model._meta.verbose_name})")
    return page


def _site(summary, today):
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Replace the placeholder page Wagtail's own migrations create.
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        home = HomePage(
            title="Neighbour Day Hub",
            slug="home",
            hero_heading="Get to know your neighbours",
            hero_text="Street parties, litter picks, open days and help from faith groups, "
            "charities and the council, near you.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        summary.add("home page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    if site.root_page_id != home.pk or site.site_name != "Neighbour Day Hub":
        site.root_page = home
        site.site_name = "Neighbour Day Hub"
        site.save()
    hub_settings = HubSettings.for_site(site)
    first = next_neighbour_day(today)
    for day in (first, next_neighbour_day(first + datetime.timedelta(days=1))):
        if not hub_settings.neighbour_days.filter(date=day).exists():
            NeighbourDayDate.objects.create(settings=hub_settings, date=day)
            summary.add("Neighbour Day dates")
    return home


def _organisations(summary, partners):
    found = {}
    for name, kind, tradition, denomination, postcode in ORGANISATIONS:
        page = _child_counted(
            summary,
            partners,
            OrganisationPage,
            slugify(name),
            title=name,
            kind=kind,
            tradition=tradition,
            denomination=denomination,
            postcode=postcode,
            description=f"<p>{name} is a partner of the Neighbour Day Hub.</p>",
            verified=True,
        )
        found.setdefault(postcode, []).append(page)
    return found


FAITH_LED = {Category.FAITH_AND_COMMUNITY, Category.FOOD}


def _home_of(organiser, index):
    """Faith groups keep their events in their own section; everyone else's go in /events/."""
    if organiser and organiser.kind == OrganisationKind.FAITH_GROUP:
        return organiser
    return index


def _venues(town, postcode, venue):
    """The town's three venues, on distinct real postcodes as a real town's are spread: its
    landmark at the town's own postcode, and a community centre and a library at postcodes
    of the same sector (a few streets away), the same ones on every build."""
    sector = postcode[:-2]
    nearby = [p for p in geocoder.postcodes_in(postcode.split()[0]) if p.startswith(sector)]
    nearby = [p for p in nearby if p != postcode] or [postcode]
    name = town.split(",")[-1].strip()
    others = random.Random(town).sample(nearby, min(2, len(nearby)))  # noqa: S311 (demo data)
    return [
        (venue, postcode),
        *zip([f"{name} Community Centre", f"{name} Library"], others, strict=False),
    ]


def _events(summary, index, organisations, neighbour_day, today):
    rng = random.Random(2027)  # the same demo every time
    for town_number, (town, postcode, landmark) in enumerate(TOWNS):
        kinds = rng.sample(KINDS, 3)
        venues = _venues(town, postcode, landmark)
        for number, (title, category, text, all_day, audience, tags) in enumerate(kinds):
            venue, venue_postcode = venues[number % len(venues)]
            organiser = (organisations.get(postcode) or [None])[0]
            parent = _home_of(organiser, index) if category in FAITH_LED else index
            start = neighbour_day + datetime.timedelta(days=rng.choice([0, 0, 0, 7, 14, 21]))
            capacity = rng.choice([None, 40, 80, 150])
            fields = {
                **_contact(town, organiser),
                "booking_url": f"https://tickets.example.org/{slugify(town)}-{number}"
                if capacity == 150
                else "",
                "title": title.format(town=town, venue=venue),
                "summary": text,
                "start_date": start,
                "start_time": None if all_day else datetime.time(rng.choice([10, 11, 13, 14])),
                "end_time": None if all_day else datetime.time(rng.choice([16, 17])),
                "venue_name": venue,
                "address": f"{venue}\n{town}",
                "postcode": venue_postcode,
                "category": category,
                "audience": audience,
                "is_free": number != 2,
                "cost": "" if number != 2 else "£3, children free",
                "capacity": capacity,
                "step_free": rng.random() < 0.7,
                "accessible_toilet": rng.random() < 0.5,
                "hearing_loop": rng.random() < 0.2,
                "bsl": rng.random() < 0.1,
                "quiet_space": rng.random() < 0.3,
                "parking": rng.random() < 0.4,
                "featured": number == 0 and town_number < 6,
            }
            page, created = child(parent, EventPage, slugify(fields["title"]), **fields)
            if created:
                page.tags.add(*tags)
                page.save_revision().publish()
                summary.add("events")
    _special_events(summary, index, organisations, today)


def _contact(town, organiser):
    """Who visitors can ask: the organisation, or the town's volunteers (a private inbox)."""
    if organiser:
        return {"organiser": organiser}
    return {
        "contact_name": f"{town.split(',')[0].split(':')[0]} Neighbour Day volunteers",
        "contact_email": f"volunteers.{slugify(town)[:40]}@example.org",
    }


def _special_events(summary, index, organisations, today):
    """A few events that show what the hub can do: series, changes, cancellations, online."""
    monday = today + datetime.timedelta(days=7 - today.weekday())
    specials = [
        (
            "weekly-coffee-morning-devizes",
            {
                "title": "Coffee morning at St Mary's",
                "summary": "Drop in for a chat and a cuppa.",
                "start_date": monday + datetime.timedelta(days=2),
                "start_time": datetime.time(10),
                "end_time": datetime.time(12),
                "repeat": Repeat.WEEKLY,
                "repeat_count": 30,
                "venue_name": "St Mary's Church hall",
                "address": "New Park Street\nDevizes",
                "postcode": "SN10 1AB",
                "category": Category.OLDER_PEOPLE,
                "organiser": organisations["SN10 1AB"][0],
                "step_free": True,
            },
            [(2, DateChange.SKIPPED), (4, DateChange.CANCELLED), (6, DateChange.MOVED)],
        ),
        (
            "repair-cafe-bristol",
            {
                "title": "Bristol repair café",
                "summary": "Bring broken things; leave with fixed ones.",
                "start_date": monday + datetime.timedelta(days=5),
                "start_time": datetime.time(11),
                "end_time": datetime.time(15),
                "repeat": Repeat.MONTHLY,
                "repeat_until": monday + datetime.timedelta(days=300),
                "venue_name": "Queen Square",
                "postcode": "BS1 5TR",
                "category": Category.ENVIRONMENT,
            },
            [],
        ),
        (
            "fortnightly-food-bank-leeds",
            {
                "title": "Leeds community food bank",
                "summary": "Food parcels, no referral needed.",
                "start_date": monday + datetime.timedelta(days=1),
                "start_time": datetime.time(17),
                "end_time": datetime.time(19),
                "repeat": Repeat.FORTNIGHTLY,
                "repeat_count": 20,
                "venue_name": "Al-Noor Mosque community room",
                "postcode": "LS1 1UR",
                "category": Category.FOOD,
                "organiser": organisations["LS1 1UR"][0],
            },
            [],
        ),
        (
            "cancelled-bath-picnic",
            {
                "title": "Bath riverside picnic",
                "summary": "A picnic by the river.",
                "start_date": monday + datetime.timedelta(days=12),
                "start_time": datetime.time(12),
                "end_time": datetime.time(15),
                "venue_name": "Parade Gardens",
                "postcode": "BA1 1LZ",
                "category": Category.NEIGHBOUR_DAY,
                "status": Status.CANCELLED,
                "status_message": "Cancelled because the gardens are closed for repairs.",
            },
            [],
        ),
        (
            "online-loneliness-talk",
            {
                "title": "Tackling loneliness together: online talk",
                "summary": "Councils and faith groups share what works, live online.",
                "start_date": monday + datetime.timedelta(days=9),
                "start_time": datetime.time(19),
                "end_time": datetime.time(20, 30),
                "online_url": "https://meet.example.org/lonely",
                "category": Category.HEALTH,
                "status": Status.MOVED_ONLINE,
                "status_message": "Now online only, so more people can join.",
            },
            [],
        ),
        (
            "weekend-festival-edinburgh",
            {
                "title": "Edinburgh neighbours' weekend",
                "summary": "Two days of stalls and music.",
                "start_date": monday + datetime.timedelta(days=19),
                "end_date": monday + datetime.timedelta(days=20),
                "venue_name": "St Andrew Square",
                "postcode": "EH1 1YZ",
                "category": Category.ARTS,
            },
            [],
        ),
    ]
    for slug, fields, changes in specials:
        if not fields.get("organiser"):
            fields.update(_contact(fields["title"], None))
        page, created = child(_home_of(fields.get("organiser"), index), EventPage, slug, **fields)
        if not created:
            continue
        summary.add("events")
        dates = [o.start.date() for o in page.occurrences.all()]
        for position, change in changes:
            EventDateChange.objects.create(
                event=page,
                original_date=dates[position],
                change=change,
                new_date=dates[position] + datetime.timedelta(days=1)
                if change == DateChange.MOVED
                else None,
            )
        if changes:
            page.refresh_from_db()
            page.save_revision().publish()


def _users(summary):
    user_model = get_user_model()
    moderators = Group.objects.filter(name="Moderators").first()
    for username, password, _role in USERS:
        if user_model.objects.filter(username=username).exists():
            continue
        user = user_model.objects.create_user(
            username=username,
            password=password,
            email=f"{username}@example.org",
            first_name=username.capitalize(),
        )
        if username == "admin":
            user.is_superuser = user.is_staff = True
            user.save()
        elif username == "moderator" and moderators:
            user.groups.add(moderators)
        # Partner editors join their organisation's section in partners.demo.
        summary.add("users")
