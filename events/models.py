"""The events' page types (the listing and each event) and the rows kept for them: date
changes, tags and occurrences.

Page types answer requests (their routes and their context), so they sit at the top of the
events app and import what they answer with: the filter, the feeds and the views. Those name
the models they query by label or through a relation, never by importing this module.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PagePermissionTester, Site
from wagtail.search import index

from hub.accessibility import FEATURES, AccessibilityFeatures
from hub.blocks import BodyBlock
from hub.locations import Located
from hub.place_panels import PinPanel, PostcodeConfirmPanel, PostcodePanel
from hub.templatetags.hub_tags import clock
from hub.validators import phone_validator

from . import contact, recurrence, views
from .choices import Audience, Category, DateChange, Repeat, Status
from .feeds import add_to_calendar, feed_address
from .filters import EventFilter
from .forms import EventPageForm
from .jsonld import event_json_ld


class EventIndexPage(RoutablePageMixin, Page):
    """The listing of every upcoming event on the site, wherever its page sits in the tree."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    def get_cached_paths(self):
        """What a CDN is asked to purge when the listing changes (see hub.purge)."""
        return ["/", "past/", "feed.ics"]

    @path("")
    def listing(self, request):
        return views.event_listing(request, self)

    @path("past/")
    def past(self, request):
        return views.event_listing(request, self, past=True)

    @path("feed.ics/")
    def feed(self, request):
        """The calendar feed of the listing, with the same query parameters."""
        return views.event_feed(request, self)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class OrganisedEventPermissionTester(PagePermissionTester):
    """What a user may do with an event: what they may do where it is in the tree, and also
    what they may do in its organiser's section. So an organisation's editors can edit every
    event that shows them as organiser, even one a moderator made in the events listing."""

    def __init__(self, user, page):
        super().__init__(user, page)
        if not hasattr(self, "permissions") or not page.organiser_id:
            return  # inactive users and superusers: nothing to add
        organiser = Page.objects.filter(pk=page.organiser_id).values_list("path", flat=True)
        for organiser_path in organiser:
            self.permissions |= {
                perm.permission.codename.rsplit("_", maxsplit=1)[0]
                for perm in self.permission_policy.get_cached_permissions_for_user(user)
                if organiser_path.startswith(perm.page.path)
            }


class EventPage(RoutablePageMixin, Page, Located, AccessibilityFeatures):
    """One event, or one series of repeating events."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences that appear in listings and calendar apps.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="The full description.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    start_date = models.DateField()
    start_time = models.TimeField(
        null=True, blank=True, help_text="Leave empty for an all-day event."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="Only if it finishes on a later day."
    )
    end_time = models.TimeField(null=True, blank=True)
    repeat = models.CharField(max_length=12, choices=Repeat.choices, blank=True)
    repeat_until = models.DateField(
        null=True, blank=True, help_text="The last date it can happen on."
    )
    repeat_count = models.PositiveSmallIntegerField(
        "number of times",
        null=True,
        blank=True,
        help_text="Or: how many times it happens in all.",
    )

    venue_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, help_text="Street address, without the postcode.")
    online_url = models.URLField(
        "online link", blank=True, help_text="For events people can join online."
    )

    organiser = models.ForeignKey(
        "partners.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    category = models.CharField(max_length=30, choices=Category.choices, db_index=True)
    tags = ClusterTaggableManager(through=EventPageTag, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    is_free = models.BooleanField("free", default=True, db_index=True)
    cost = models.CharField(
        max_length=100, blank=True, help_text="If it is not free, e.g. '£3, children free'."
    )
    booking_url = models.URLField("booking link", blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    status_message = models.CharField(
        max_length=250,
        blank=True,
        help_text="Shown with the status, e.g. 'Postponed because of the weather: new date soon'.",
    )
    contact_name = models.CharField(
        "named contact",
        max_length=100,
        blank=True,
        help_text="A person or group visitors can ask, e.g. 'Sam, Green Street residents'. "
        "Shown on the page, with the organisation if there is one.",
    )
    contact_phone = models.CharField(
        "public phone",
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text="Shown on the page. Leave empty to show the organisation's.",
    )
    contact_public_email = models.EmailField(
        "public e-mail",
        blank=True,
        help_text="Shown on the page. Leave empty to show the organisation's.",
    )
    contact_email = models.EmailField(
        "organiser's private e-mail",
        blank=True,
        help_text="Private: never shown on the site. Messages visitors send with the "
        "'Tell the organiser' form come here (or, if empty, to the organisation's private "
        "e-mail), and moderators may use it.",
    )
    featured = models.BooleanField(default=False, help_text="Show on the home page.")

    # Calendar identity: UID never changes (RFC 7986 5.3: a random UUID, no host name in it);
    # SEQUENCE counts the published changes of time, place or status; updated_at is when the
    # live copy last changed (LAST-MODIFIED and DTSTAMP in feeds, and the feed cache key).
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    schedule_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.FilterField("category"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                InlinePanel("date_changes", label="Date changes"),
            ],
            heading="Repeats",
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                PostcodePanel("postcode"),
                PostcodeConfirmPanel(),
                FieldPanel("online_url"),
            ],
            heading="Where",
        ),
        PinPanel(),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_message")], heading="Is it going ahead?"
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldPanel("audience"),
                FieldPanel("featured"),
            ],
            heading="About",
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "organiser",
                    help_text="The organisation's editors can edit this event too, wherever it "
                    "is on the site. Leave empty in an organisation's section: it is theirs.",
                ),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_public_email")]),
                FieldPanel("contact_email"),
            ],
            heading="Who organises it",
            help_text="Choose the organisation, or name a contact, or both: visitors see who "
            "to ask, and can send a message without seeing the private e-mail.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("cost"),
                FieldPanel("booking_url"),
                FieldPanel("capacity"),
            ],
            heading="Cost and booking",
        ),
        MultiFieldPanel([FieldPanel(name) for name in FEATURES], heading="Accessibility"),
    ]

    base_form_class = EventPageForm
    parent_page_types = [
        "events.EventIndexPage",
        "partners.OrganisationPage",
        "neighbourday.GatheringIndexPage",
    ]
    subpage_types = []
    exclude_fields_in_copy = ["uid", "sequence", "schedule_fingerprint", "updated_at"]
    # Fields that belong to the event as a whole, not to one revision of it: publishing or
    # reverting to an older revision must not change the UID or send SEQUENCE backwards.
    calendar_identity_fields = ("uid", "sequence", "schedule_fingerprint")

    class Meta(Located.Meta):
        verbose_name = "event"

    def permissions_for_user(self, user):
        return OrganisedEventPermissionTester(user, self)

    # --- what visitors see -------------------------------------------------------------

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def repeat_description(self):
        return recurrence.describe_repeat(self.repeat, self.start_date)

    @property
    def series_label(self):
        """'Every Wednesday, 10am to 12pm' for a series; for a one-off, its time of day."""
        times = "all day" if self.all_day else clock(self.start_time)
        if not self.all_day and self.end_time:
            times += f" to {clock(self.end_time)}"
        if not self.repeat:
            return times[0].upper() + times[1:]
        return f"{self.repeat_description}, {times}"

    @property
    def cost_label(self):
        return "Free" if self.is_free else (self.cost or "Paid")

    @property
    def location_label(self):
        """Venue, address lines and postcode, each part once ("Market Place" is not repeated
        when the address starts with the venue's name)."""
        parts = [self.venue_name, *self.address.replace(",", "\n").splitlines(), self.postcode]
        kept = []
        for part in (part.strip() for part in parts if part):
            if part and part.casefold() not in {k.casefold() for k in kept}:
                kept.append(part)
        return ", ".join(kept)

    @property
    def public_phone(self):
        return self.contact_phone or getattr(self.organiser, "phone", "")

    @property
    def public_email(self):
        return self.contact_public_email or getattr(self.organiser, "public_email", "")

    def organiser_inbox(self):
        """Where messages from the contact form go: never shown, never given to a template.

        The event's private e-mail, else its organisation's private one, else a public one.
        """
        organiser = self.organiser
        return (
            self.contact_email
            or getattr(organiser, "private_contact_email", "")
            or self.public_email
        )

    organiser_inbox.do_not_call_in_templates = True

    @property
    def contact_url(self):
        """The page of the "Tell the organiser" form, if the organiser can be written to."""
        return self.url + "contact/" if self.organiser_inbox() and self.url else ""

    def get_admin_display_title(self):
        """Flagged in the admin's listings while the event has neither a place nor a link."""
        title = super().get_admin_display_title()
        if self.latitude is None and not self.online_url:
            return f"{title} (not on the map)"
        return title

    def get_cached_paths(self):
        """What a CDN is asked to purge when the event changes (see hub.purge)."""
        return ["/", "event.ics"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        upcoming = list(self.occurrences.upcoming()[:12])
        context["occurrences"] = upcoming
        shown = upcoming[0] if upcoming else self.occurrences.last()
        context["json_ld"] = event_json_ld(self, shown, request)
        site = Site.find_for_request(request)
        event_index = EventIndexPage.objects.in_site(site).live().first() if site else None
        context["event_index"] = event_index
        context["calendar"] = add_to_calendar(self, request, upcoming)
        context["contact_url"] = self.contact_url
        if event_index is not None:
            context["feed"] = feed_address(request, event_index, EventFilter({}, site=site))
        context["follow"] = self.feeds_to_follow(request, site, event_index)
        if self.point is not None and self.postcode:
            context["map_config"] = {  # the small map of its place (js/event-map.js)
                "latitude": self.latitude,
                "longitude": self.longitude,
                "title": self.title,
                "tiles": {
                    "url": settings.MAP_TILE_URL,
                    "attribution": settings.MAP_TILE_ATTRIBUTION,
                },
            }
        return context

    def feeds_to_follow(self, request, site, event_index):
        """(what it is, feed) for its organiser's events and for events like this one."""
        filters = []
        if self.organiser is not None and self.organiser.live:
            filters.append((self.organiser, EventFilter({}, site=site, organiser=self.organiser)))
        if event_index is not None:
            filters.append((event_index, EventFilter({"category": self.category}, site=site)))
        return [
            (event_filter.description(), feed_address(request, page, event_filter))
            for page, event_filter in filters
        ]

    @path("contact/")
    def contact(self, request):
        """The form that e-mails the organiser (its own address: the event page stays cached)."""
        return contact.contact_organiser(request, self)

    @path("event.ics/")
    def calendar_file(self, request):
        """This event (every date of a series) as an .ics file to add to a calendar."""
        return views.event_calendar_file(request, self)

    # --- rules for editors -------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        same_day = not self.end_date or self.end_date == self.start_date
        if self.end_time and not self.start_time:
            errors["start_time"] = "Give a start time too, or clear the end time for all day."
        elif self.start_time and self.end_time and same_day and self.end_time <= self.start_time:
            errors["end_time"] = "The event ends before it starts."
        errors.update(self._repeat_errors())
        if not (self.postcode or self.online_url):
            errors["postcode"] = "Give a postcode, or an online link for an online event."
        if self.status == Status.MOVED_ONLINE and not self.online_url:
            errors["online_url"] = "Give the online link people should use now."
        if errors:
            raise ValidationError(errors)

    def _repeat_errors(self):
        if not self.repeat:
            return {}
        if not self.start_date:
            return {}
        if not (self.repeat_until or self.repeat_count):
            return {"repeat_until": "A repeating event needs a last date or a number of times."}
        if self.repeat_until and self.repeat_until < self.start_date:
            return {"repeat_until": "The last date is before the first one."}
        limit = self.start_date.replace(year=self.start_date.year + recurrence.MAX_SERIES_YEARS)
        if self.repeat_until and self.repeat_until > limit:
            return {
                "repeat_until": f"A series can run for {recurrence.MAX_SERIES_YEARS} years "
                "at most: add a new one after that."
            }
        if self.repeat_count and self.repeat_count > 100:
            return {"repeat_count": "A series can have 100 dates at most."}
        return {}

    # --- keeping calendars right ------------------------------------------------------

    def _schedule_fingerprint(self):
        """A digest of everything that, when it changes, calendar apps must be told about.

        Values are compared as text with spacing and case evened out, so a value read back
        from a revision (a plain string where the form gave a choice, say) or a postcode
        typed in lower case is not mistaken for a change.
        """

        def text(value):
            return "" if value is None else " ".join(str(value).split()).upper()

        parts = [
            self.start_date,
            self.start_time,
            self.end_date,
            self.end_time,
            self.repeat,
            self.repeat_until,
            self.repeat_count,
            self.venue_name,
            self.address,
            text(self.postcode).replace(" ", ""),
            self.online_url,
            self.status,
        ]
        parts = [text(part) for part in parts]
        parts += sorted(
            "|".join(
                text(value)
                for value in (
                    c.original_date,
                    c.change,
                    c.new_date,
                    c.new_start_time,
                    c.new_end_time,
                )
            )
            for c in self.date_changes.all()
        )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _count_schedule_change(self):
        """Bump SEQUENCE when a live save changes the time, place or status.

        Only live saves count, because subscribers only ever see published versions: a page
        first published after many draft edits starts at 0, and the fingerprint compared is
        always that of the copy calendars last saw. Title and description edits leave it
        alone, since RFC 5546 asks for a new SEQUENCE only when the schedule changes.
        """
        fingerprint = self._schedule_fingerprint()
        if self.schedule_fingerprint and fingerprint != self.schedule_fingerprint:
            self.sequence += 1
        self.schedule_fingerprint = fingerprint

    def with_content_json(self, content):
        """The page as a revision has it, keeping the calendar identity of the live page."""
        obj = super().with_content_json(content)
        for name in self.calendar_identity_fields:
            setattr(obj, name, getattr(self, name))
        return obj

    def save(self, *args, **kwargs):
        full_save = kwargs.get("update_fields") is None
        if full_save and self.live:
            self._count_schedule_change()
        new = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if full_save:
                self.refresh_occurrences(new=new)

    def refresh_occurrences(self, new=False):
        if not new:  # a new page has none to delete
            self.occurrences.all().delete()
        Occurrence.objects.bulk_create(
            Occurrence(
                event=self,
                start=slot.start,
                end=slot.end,
                all_day=slot.all_day,
                cancelled=slot.cancelled,
                original_start=slot.original_start,
            )
            for slot in recurrence.expand(self)
        )


class ContactMessage(models.Model):
    """A message sent to an organiser with the contact form, kept for the rate limit only.

    Nothing personal is kept: ``sender`` is a keyed hash of the sender's address, and rows
    older than a day are deleted as new ones come. The count is in the database so that the
    limit holds whether or not the cache answers.
    """

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="+")
    sender = models.CharField(max_length=64)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["sender", "sent_at"])]

    def __str__(self):
        return f"Message about event {self.event_id} at {self.sent_at:%Y-%m-%d %H:%M}"


class EventDateChange(Orderable):
    """One date of a repeating event that is left out, cancelled or moved."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="date_changes")
    original_date = models.DateField(help_text="The date in the series that changes.")
    change = models.CharField(max_length=12, choices=DateChange.choices)
    new_date = models.DateField(null=True, blank=True, help_text="If moved: the new date.")
    new_start_time = models.TimeField(null=True, blank=True)
    new_end_time = models.TimeField(null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("change")]),
        FieldRowPanel(
            [FieldPanel("new_date"), FieldPanel("new_start_time"), FieldPanel("new_end_time")]
        ),
    ]

    def clean(self):
        super().clean()
        if self.change == DateChange.MOVED and not (
            self.new_date or self.new_start_time or self.new_end_time
        ):
            raise ValidationError({"new_date": "Give the new date or time."})
        event = self.event
        if self.change == DateChange.MOVED and event and event.start_date and self.original_date:
            start, end = recurrence.slot_for(
                self.original_date,
                event.start_time,
                event.end_time,
                recurrence.span_days(event),
                event.all_day,
            )
            new_start, new_end = recurrence.moved_slot(event, self, start, end)
            if new_end <= new_start:
                raise ValidationError({"new_end_time": "The new end time is before the start."})
        if (
            event
            and event.start_date
            and self.original_date
            and not recurrence.is_series_date(event, self.original_date)
        ):
            raise ValidationError(
                {"original_date": "This date is not one of the dates the event repeats on."}
            )


class OccurrenceQuerySet(models.QuerySet):
    def visible(self, site=None):
        """Occurrences of live, public event pages (of one site, when given)."""
        pages = EventPage.objects.live().public()
        if site is not None:
            pages = pages.in_site(site)
        return self.filter(event__in=pages.values("pk"))

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now())

    def first_of_each_event(self, limit, scan=200):
        """The earliest of each event's occurrences, so a weekly event is listed once.

        Looks at the first ``scan`` occurrences in the queryset's order.
        """
        seen, found = set(), []
        for occurrence in self[:scan]:
            if occurrence.event_id not in seen:
                seen.add(occurrence.event_id)
                found.append(occurrence)
        return found[:limit]


class Occurrence(models.Model):
    """One time an event happens, kept up to date on every save so listings can query dates."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField()
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    cancelled = models.BooleanField(default=False)
    original_start = models.DateTimeField(
        null=True, blank=True, help_text="Where a moved date of a series was due to happen."
    )

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "event_id"]
        indexes = [
            models.Index(fields=["start", "event"]),
            models.Index(fields=["end"]),
        ]

    def __str__(self):
        return f"{self.event.title} at {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self):
        return self.cancelled or self.event.status == Status.CANCELLED
