"""The API's query parameters, parsed once: which services, where, in what order.

:class:`ServiceFilter` is a :class:`hub.filters.ListingFilter` (so the words, the postcode and
its look-up are parsed as on every listing) whose rows come from the directories' own filters:
offers as ``/offers/`` lists them (:class:`partners.filters.OfferFilter`: available now, of
live public organisations, the same words) and active projects as ``/partnerships/`` lists them
(:class:`partners.filters.ProjectFilter`). A place is answered by the hub's geocoder and
``within_reach`` (:func:`hub.locations.near` under it), as the map search answers it: an offer
or project counts when its own area reaches within ``proximity`` metres of the postcode.

Unlike a listing, the API refuses a bad parameter (HTTP 400 with the sentences of
:attr:`errors`) rather than dropping it: a program that asked for a filter it did not get
would take the answer for what it asked.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone

from events.models import EventPage
from hub.filters import MAX_QUERY_LENGTH, ListingFilter, ListingFilterForm
from hub.locations import MAX_RADIUS_MILES, within_reach
from partners.choices import ProjectStatus
from partners.filters import OfferFilter, ProjectFilter

from . import ids
from .taxonomy import CHALLENGES_TAXONOMY, OFFER_KINDS, TAXONOMIES_BY_ID, TERMS_BY_ID

METRES_PER_MILE = 1609.344
MAX_PROXIMITY = int(MAX_RADIUS_MILES * METRES_PER_MILE)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Without a proximity, a postcode asks which services cover it: their own area must reach it.
COVERS = 0.01  # miles
DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
# Django's __week_day: 1 is Sunday.
WEEK_DAY = {"SU": 1, "MO": 2, "TU": 3, "WE": 4, "TH": 5, "FR": 6, "SA": 7}


def parse_day(text):
    """``MO``, ``Monday`` or ``mon`` as the RFC 5545 code, or None."""
    text = text.strip().lower()
    for code, name in DAYS.items():
        if text and (text == code.lower() or name.lower().startswith(text) and len(text) >= 3):
            return code
    return None


class PagingForm(forms.Form):
    """``page`` and ``per_page``, as every list of the API takes them."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000_000,
        error_messages={"invalid": "The page is a whole number from 1."},
    )
    per_page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PER_PAGE,
        error_messages={"invalid": f"per_page is a whole number from 1 to {MAX_PER_PAGE}."},
    )


class SearchForm(PagingForm):
    """A list with a words box: ``search``."""

    search = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)


class ServiceFilterForm(PagingForm, ListingFilterForm):
    PARAMS = {"q": "search"}

    radius = None  # the API's distance is `proximity`, in metres
    proximity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PROXIMITY,
        error_messages={
            "invalid": "Give the proximity in whole metres, e.g. 8000.",
            "min_value": "The proximity must be at least 1 metre.",
            "max_value": f"The proximity can be at most {MAX_PROXIMITY} metres.",
        },
    )
    taxonomy_term_id = forms.CharField(required=False, max_length=36)
    taxonomy_id = forms.CharField(required=False, max_length=36)
    organization_id = forms.CharField(required=False, max_length=36)
    day = forms.CharField(required=False, max_length=12)
    start_time = forms.TimeField(required=False)
    end_time = forms.TimeField(required=False)

    def clean_taxonomy_term_id(self):
        value = self.cleaned_data["taxonomy_term_id"]
        if value and value not in TERMS_BY_ID:
            raise forms.ValidationError(
                "There is no taxonomy term with that id (see /taxonomy_terms)."
            )
        return value

    def clean_taxonomy_id(self):
        value = self.cleaned_data["taxonomy_id"]
        if value and value not in TAXONOMIES_BY_ID:
            raise forms.ValidationError("There is no taxonomy with that id (see /taxonomies).")
        return value

    def clean_organization_id(self):
        value = self.cleaned_data["organization_id"]
        if not value:
            return None
        pk = ids.read("organisation", value)
        if pk is None:
            raise forms.ValidationError("That is not the id of an organization.")
        return pk

    def clean_day(self):
        value = self.cleaned_data["day"]
        if not value:
            return ""
        code = parse_day(value)
        if code is None:
            raise forms.ValidationError("Give a day as MO, TU, WE, TH, FR, SA or SU.")
        return code

    def clean(self):
        data = super().clean()
        asks_distance = data.get("proximity") and not data.get("postcode")
        if asks_distance and "postcode" not in self.errors:
            self.add_error("postcode", "A proximity needs a postcode to measure from.")
        return data


class ServiceFilter(ListingFilter):
    """The services (offers and active projects) a request to the API asks for."""

    form_class = ServiceFilterForm

    def __init__(self, params, site=None, client=None, today=None):
        super().__init__(params, site=site, client=client)
        self.today = today or timezone.localdate()

    @property
    def radius(self):
        """How far from the postcode, in miles (a tiny distance: "covers the postcode")."""
        proximity = self.values.get("proximity")
        return proximity / METRES_PER_MILE if proximity else COVERS

    @property
    def page_number(self):
        return self.values.get("page", 1)

    @property
    def per_page(self):
        return self.values.get("per_page", DEFAULT_PER_PAGE)

    def _words(self):
        return {"q": self.values["q"]} if "q" in self.values else {}

    def offers(self):
        """Available offers of live public organisations that match, as ``/offers/`` has them."""
        offers = OfferFilter(self._words(), site=self.site, today=self.today).matching
        term = TERMS_BY_ID.get(self.values.get("taxonomy_term_id"))
        taxonomy = TAXONOMIES_BY_ID.get(self.values.get("taxonomy_id"))
        if (term and term.taxonomy != OFFER_KINDS) or (taxonomy and taxonomy != OFFER_KINDS):
            return offers.none()
        if term:
            offers = offers.filter(kind=term.code)
        if "organization_id" in self.values:
            offers = offers.filter(organisation_id=self.values["organization_id"])
        if "start_time" in self.values or "end_time" in self.values:
            return offers.none()  # an offer's regular times are words, not times
        if "day" in self.values:
            offers = offers.filter(regular_times__icontains=DAYS[self.values["day"]])
        return offers

    def projects(self):
        """Active partnership projects, live and public, not past their end date."""
        projects = ProjectFilter(self._words(), site=self.site).matching.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=self.today), status=ProjectStatus.ACTIVE
        )
        term = TERMS_BY_ID.get(self.values.get("taxonomy_term_id"))
        taxonomy = TAXONOMIES_BY_ID.get(self.values.get("taxonomy_id"))
        if (term and term.taxonomy != CHALLENGES_TAXONOMY) or (
            taxonomy and taxonomy != CHALLENGES_TAXONOMY
        ):
            return projects.none()
        if term:
            projects = projects.filter(**{term.code: True})
        if "organization_id" in self.values:
            pk = self.values["organization_id"]
            projects = projects.filter(Q(lead_organisations=pk) | Q(partner_bodies=pk)).distinct()
        return self._on_schedule(projects)

    def _on_schedule(self, projects):
        """Projects with a repeating event on the day and between the times asked for."""
        wanted = {}
        if "day" in self.values:
            wanted["event__start_date__week_day"] = WEEK_DAY[self.values["day"]]
        if "start_time" in self.values:
            wanted["event__start_time__gte"] = self.values["start_time"]
        if "end_time" in self.values:
            wanted["event__end_time__lte"] = self.values["end_time"]
        if not wanted:
            return projects
        links = projects.model.related_events.rel.related_model.objects.filter(
            event__in=scheduled_events(), **wanted
        )
        return projects.filter(pk__in=links.values("project_id"))

    def nearest(self):
        """[(kind, pk, miles)] of the services that reach the place, nearest first."""
        found = [
            ("offer", pk, miles)
            for pk, miles in within_reach(self.offers(), self.point, self.radius)
        ]
        found += [
            ("project", pk, miles)
            for pk, miles in within_reach(self.projects(), self.point, self.radius)
        ]
        found.sort(key=lambda item: (item[2], item[0], item[1]))
        return found


def scheduled_events():
    """The live, public repeating events a project's schedule is made of."""
    return EventPage.objects.live().public().exclude(repeat="")
