"""The filters of the three public directories: partners, partnership projects and offers.

As with :class:`events.filters.EventFilter`, each listing builds one filter object from the
query string, and the page (and, after the search work lands, any map or API) renders what
it gives; invalid values are dropped with a message and the rest of the filter still applies.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import timezone

from events.filters import DEFAULT_RADIUS, EventFilter, EventFilterForm
from events.views import page_number
from hub.accessibility import FEATURES
from hub.locations import near, within_reach
from hub.places import client_address, refuse_for_a_minute

from .challenges import CHALLENGES
from .choices import OfferKind, OrganisationKind, OutcomeMeasure, ProjectStatus, Tradition
from .models import Offer, OrganisationPage, ProjectOutcome, ProjectPage
from .models.projects import outcome_label

PAGE_SIZE = 20


def _choices(everything, choices):
    return [("", everything), *choices]


class PlaceFilterForm(EventFilterForm):
    """A text search and a place (postcode or place name, and radius), as on every listing.

    The event listing's form without its event questions: the same fields, labels and
    messages, and the same one way from what was typed to a point (``hub.places``, with its
    allowance of online look-ups per visitor).
    """

    PLACE_FIELDS = ("q", "postcode", "radius")

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS)  # so the menu shows the radius in use
        super().__init__(data, **kwargs)
        for name, field in EventFilterForm.base_fields.items():
            if name not in self.PLACE_FIELDS and type(self).base_fields[name] is field:
                del self.fields[name]


class OrganisationFilterForm(PlaceFilterForm):
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=_choices("All kinds", OrganisationKind.choices),
        required=False,
    )
    tradition = forms.ChoiceField(
        label="Faith tradition",
        choices=_choices("All traditions", Tradition.choices),
        required=False,
    )
    field_order = ["kind", "tradition", "q", "postcode", "radius"]


class ProjectFilterForm(PlaceFilterForm):
    challenge = forms.ChoiceField(
        label="Challenge",
        choices=_choices("All challenges", CHALLENGES.items()),
        required=False,
    )
    tradition = forms.ChoiceField(
        label="Faith tradition of the lead group",
        choices=_choices("All traditions", Tradition.choices),
        required=False,
    )
    status = forms.ChoiceField(
        label="Status", choices=_choices("Any status", ProjectStatus.choices), required=False
    )
    field_order = ["challenge", "tradition", "status", "q", "postcode", "radius"]


class OfferFilterForm(PlaceFilterForm):
    kind = forms.ChoiceField(
        label="Kind of offer", choices=_choices("All kinds", OfferKind.choices), required=False
    )
    access = forms.MultipleChoiceField(
        label="Venues with",
        choices=list(FEATURES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["kind", "q", "postcode", "radius", "access"]


class DirectoryFilter:
    """Parses a directory's query string once and answers with the matching rows."""

    form_class = PlaceFilterForm
    noun = "results"
    search_fields = ["title"]
    #: Whether rows have an area of their own (``radius_miles``) to reach the searched place.
    has_reach = False

    def __init__(self, params, site=None, today=None, client=None):
        """``client``: the visitor's address (``hub.places.client_address``), for the
        allowance of online place look-ups."""
        if not isinstance(params, QueryDict):
            query = QueryDict(mutable=True)
            query.update(params)
            params = query
        self.form = self.form_class(params, client=client)
        self.form.is_valid()
        self.values = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}
        self.site = site
        self.today = today or timezone.localdate()
        self.distances = {}

    # Said, read and written back exactly as the event listing does.
    errors = EventFilter.errors
    querystring = EventFilter.querystring
    point = EventFilter.point
    radius = EventFilter.radius
    rate_limited = EventFilter.rate_limited

    def base_queryset(self):
        raise NotImplementedError

    def filter_queryset(self, rows):
        return rows

    def rows(self):
        """The matching rows before the place is taken into account, in listing order."""
        rows = self.filter_queryset(self.base_queryset())
        for word in self.values.get("q", "").split()[:10]:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": word})
            rows = rows.filter(condition)
        return rows

    def ordered(self):
        """A queryset, or (when a place was given) a list of primary keys nearest first."""
        rows = self.rows()
        if self.point is None:
            return rows
        point, radius = self.point, self.radius
        if self.has_reach:
            found = within_reach(rows, point, radius)
        else:
            found = [
                (row["pk"], miles)
                for row, miles in near(rows.values("pk", "latitude", "longitude"), point, radius)
            ]
        self.distances = dict(found)
        return list(self.distances)

    def fetch(self, object_list):
        """The objects of one page of :meth:`ordered`, each with its ``distance`` (or None)."""
        if isinstance(object_list, list):
            by_pk = self.rows().filter(pk__in=list(object_list)).in_bulk()
            items = [by_pk[pk] for pk in object_list if pk in by_pk]
        else:
            items = list(object_list)
        for item in items:
            item.distance = self.distances.get(item.pk)
        return items

    def matching_pks(self):
        ordered = self.ordered()
        return ordered if isinstance(ordered, list) else ordered.values("pk")

    def describe_choices(self):
        """Words for the filter's own choices, e.g. ["Sikh", "faith groups"]."""
        return []

    def description(self):
        """What the filter selects, in words: "Faith groups within 3 miles of SN10 1AB"."""
        words = [*self.describe_choices(), self.noun]
        text = " ".join(words)
        parts = [text[0].upper() + text[1:]]
        if "q" in self.values:
            parts.append(f"matching “{self.values['q']}”")
        if "point" in self.values:
            parts.append(f"within {self.radius} miles of {self.values['place']}")
        return " ".join(parts)

    def _label(self, name):
        return dict(self.form.fields[name].choices)[self.values[name]]


class OrganisationFilter(DirectoryFilter):
    form_class = OrganisationFilterForm
    noun = "partners"
    search_fields = ["title", "denomination", "address"]

    def base_queryset(self):
        organisations = OrganisationPage.objects.live().public()
        if self.site is not None:
            organisations = organisations.in_site(self.site)
        return (
            organisations.select_related("logo")
            .prefetch_related("logo__renditions")
            .order_by("title")
        )

    def filter_queryset(self, rows):
        for name in ("kind", "tradition"):
            if name in self.values:
                rows = rows.filter(**{name: self.values[name]})
        return rows

    def describe_choices(self):
        words = []
        if "tradition" in self.values:
            words.append(self._label("tradition"))
        if "kind" in self.values:
            words.append(self._label("kind").lower())
        return words


# Active projects first, then ideas looking for partners, then the finished ones.
STATUS_ORDER = [ProjectStatus.ACTIVE, ProjectStatus.IDEA, ProjectStatus.COMPLETED]
STATUS_WORDS = {
    ProjectStatus.IDEA: "proposed",
    ProjectStatus.ACTIVE: "active",
    ProjectStatus.COMPLETED: "completed",
}


class ProjectFilter(DirectoryFilter):
    form_class = ProjectFilterForm
    noun = "projects"
    search_fields = ["title", "summary", "area_name"]
    has_reach = True

    def base_queryset(self):
        projects = ProjectPage.objects.live().public()
        if self.site is not None:
            projects = projects.in_site(self.site)
        status_order = Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        return projects.prefetch_related("lead_organisations", "outcomes").order_by(
            status_order, "title"
        )

    def filter_queryset(self, rows):
        values = self.values
        if "challenge" in values:
            rows = rows.filter(**{values["challenge"]: True})
        if "status" in values:
            rows = rows.filter(status=values["status"])
        if "tradition" in values:
            led = ProjectPage.lead_organisations.through.objects.filter(
                organisationpage__tradition=values["tradition"]
            )
            rows = rows.filter(pk__in=led.values("projectpage_id"))
        return rows

    def describe_choices(self):
        words = []
        if "status" in self.values:
            words.append(STATUS_WORDS[self.values["status"]])
        if "tradition" in self.values:
            words.append(f"{self._label('tradition')}-led")
        if "challenge" in self.values:
            words.append(f"{CHALLENGES[self.values['challenge']].lower()}")
        return words

    def outcome_totals(self):
        """[(label, total)] of every outcome figure of the matching projects, summed."""
        rows = (
            ProjectOutcome.objects.filter(project__in=self.matching_pks())
            .values("measure", name_key=Lower("name"))
            .annotate(total=Sum("value"))
            .order_by("measure", "name_key")
        )
        order = {measure: i for i, measure in enumerate(OutcomeMeasure.values)}
        rows = sorted(rows, key=lambda row: (order[row["measure"]], row["name_key"]))
        return [(outcome_label(row["measure"], row["name_key"]), row["total"]) for row in rows]


class OfferFilter(DirectoryFilter):
    form_class = OfferFilterForm
    noun = "offers"
    search_fields = ["title", "description", "organisation__title"]
    has_reach = True

    def base_queryset(self):
        return Offer.objects.public(self.site, today=self.today).select_related("organisation")

    def filter_queryset(self, rows):
        if "kind" in self.values:
            rows = rows.filter(kind=self.values["kind"])
        for feature in self.values.get("access", []):
            rows = rows.filter(**{feature: True})
        return rows

    def describe_choices(self):
        words = ["available"]
        if "kind" in self.values:
            words.append(self._label("kind").lower())
        return words

    def description(self):
        text = super().description()
        if self.values.get("access"):
            text += " with " + ", ".join(FEATURES[f].lower() for f in self.values["access"])
        return text


def directory_filter_for(request, filter_class, site):
    """The directory's filter for this request, counting the visitor's place look-ups."""
    return filter_class(request.GET, site=site, client=client_address(request))


def refused_if_rate_limited(response, directory_filter):
    """A 429 for a visitor who has used up their online place look-ups, as /events/ does."""
    return refuse_for_a_minute(response) if directory_filter.rate_limited else response


def listing_context(request, directory_filter, per_page=PAGE_SIZE):
    """What a directory page's template needs: the filter, its form and one page of rows."""
    paginator = Paginator(directory_filter.ordered(), per_page)
    page = paginator.get_page(page_number(request))
    return {
        "filter": directory_filter,
        "form": directory_filter.form,
        "page_obj": page,
        "items": directory_filter.fetch(page.object_list),
        "querystring": directory_filter.querystring(),
    }
