"""A confirmed open gathering is an event like any other: an ``events.EventPage`` in the
"Neighbour Day gatherings" section, kept in step with the registration.

The page holds only what the public may see: a title, the kind, the date and times, the
street and the postcode district (as its postcode, and a map pin rounded to about 100 m),
and the description. Never the organiser's name or address, the full postcode or a house
number. Visitors reach the organiser through the event's contact form, which sends to the
organiser's e-mail held in the page's private field (never shown, never in a template).
"""

from django.utils.text import slugify

from events.choices import Category
from events.choices import Status as EventStatus
from events.models import EventPage

from .choices import Kind, Status
from .models import GatheringIndexPage

SECTION_SLUG = "neighbour-day"
SECTION_TITLE = "Neighbour Day gatherings"
# Who the event page names as its contact: the role, never the person.
ORGANISER = "The neighbour who registered it"


def section(site):
    """The site's gatherings section, made under its home page if it is missing."""
    existing = GatheringIndexPage.objects.in_site(site).first()
    if existing is not None:
        return existing
    home = site.root_page.specific
    page = GatheringIndexPage(title=SECTION_TITLE, slug=SECTION_SLUG, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


# What _fill sets: a page already showing all of these is left as it is.
FILLED = (
    "title",
    "summary",
    "start_date",
    "start_time",
    "end_time",
    "category",
    "venue_name",
    "address",
    "postcode",
    "pin_latitude",
    "pin_longitude",
    "is_free",
    "contact_name",
    "contact_email",
    "status",
    "status_message",
)


def _fill(page, gathering):
    page.title = gathering.title
    page.summary = (gathering.description or Kind(gathering.kind).label)[:300]
    page.start_date = gathering.date
    page.start_time = gathering.start_time
    page.end_time = gathering.end_time
    page.category = Category.NEIGHBOUR_DAY
    page.venue_name = ""
    page.address = gathering.street
    page.postcode = gathering.district
    if gathering.latitude is not None:
        page.pin_latitude = round(gathering.latitude, 3)
        page.pin_longitude = round(gathering.longitude, 3)
    page.is_free = True
    page.contact_name = ORGANISER
    page.contact_email = gathering.organiser_email
    page.status = (
        EventStatus.CANCELLED if gathering.status == Status.CANCELLED else (EventStatus.SCHEDULED)
    )
    page.status_message = (
        "Cancelled by the organiser." if gathering.status == Status.CANCELLED else ""
    )


def sync(gathering, site):
    """Publish, update, mark cancelled or unpublish the gathering's event page.

    Safe to repeat: a live page that already shows the gathering as it is gets no new
    revision (``tasks.sync_page`` may run late or twice)."""
    page = gathering.event
    wanted = (
        gathering.open_to_everyone
        and not gathering.hidden
        and gathering.status
        in (
            Status.CONFIRMED,
            Status.CANCELLED,
        )
    )
    if page is None:
        if not (wanted and gathering.status == Status.CONFIRMED):
            return
        page = EventPage(slug=slugify(f"{gathering.street} {gathering.district} {gathering.pk}"))
        _fill(page, gathering)
        section(site).add_child(instance=page)
        page.save_revision().publish()
        type(gathering).objects.filter(pk=gathering.pk).update(event=page)
        gathering.event = page
        return
    page = page.specific
    if not wanted:
        if page.live:
            page.unpublish()
        return
    before = [getattr(page, name) for name in FILLED]
    _fill(page, gathering)
    if page.live and before == [getattr(page, name) for name in FILLED]:
        return
    page.save_revision().publish()
