"""The filters of the three public directories: partners, partnership projects and offers.

Each is a :class:`hub.filters.ListingFilter` (the words box, the place and its radius, the
messages, the shareable query string and paging, as on ``/events/``) with its own choices: the
directory page renders what it gives, and the map search asks the same filter for the same
rows (see :mod:`partners.search_kinds`). Invalid values are dropped with a message and the rest
of the filter still applies.
"""

from django import forms
from django.db.models import Case, IntegerField, Sum, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from hub.accessibility import FEATURES
from hub.filters import DEFAULT_RADIUS, ListingFilter, ListingFilterForm, paginate
from hub.locations import describe_distance, describe_serving

from .challenges import CHALLENGES
from .choices import (
    OfferKind,
    OrganisationKind,
    OutcomeMeasure,
    ProjectStatus,
    Tradition,
    outcome_label,
)

PAGE_SIZE = 20


def _choices(everything, choices):
    return [("", everything), *choices]


class PlaceFilterForm(ListingFilterForm):
    """The words box and the place of every listing; the radius menu shows the one in use."""

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS)
        super().__init__(data, **kwargs)


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


class DirectoryFilter(ListingFilter):
    """Parses a directory's query string once and answers with the matching rows."""

    form_class = PlaceFilterForm
    noun = "results"

    def __init__(self, params, site=None, today=None, **kwargs):
        """``today``: the date offers are available on (today); the rest as ListingFilter's."""
        super().__init__(params, site=site, **kwargs)
        self.today = today or timezone.localdate()
        self.distances = {}

    def listed(self, rows):
        """``rows`` as the directory page loads them: in its order, with what it shows."""
        return rows

    def rows(self):
        """The matching rows before the place is taken into account, in listing order."""
        return self.listed(self.matching)

    def ordered(self):
        """A queryset, or (when a place was given) a list of primary keys nearest first."""
        if self.point is None:
            return self.rows()
        self.distances = dict(self.nearest())
        return list(self.distances)

    def fetch(self, object_list):
        """The objects of one page of :meth:`ordered`, each with its ``distance`` (or None)
        and, near a place, its ``distance_text`` in the map search's words."""
        if isinstance(object_list, list):
            by_pk = self.rows().filter(pk__in=list(object_list)).in_bulk()
            items = [by_pk[pk] for pk in object_list if pk in by_pk]
        else:
            items = list(object_list)
        for item in items:
            item.distance = self.distances.get(item.pk)
            item.reach_miles = None  # set when its own area brings it here, beyond the radius
            if item.distance is not None:
                item.reach_miles = self.reach_of(item, item.distance)
                item.distance_text = describe_distance(item.distance, item.reach_miles)
        return items

    def found_text(self, count, serving):
        """ "3 found", or, when ``serving`` of the ``count`` rows are beyond the radius and
        listed because their own area reaches the place, "1 found; 2 more serve your area"
        (the map search's words)."""
        text = f"{count - serving} found"
        return f"{text}; {describe_serving(serving)}" if serving else text

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
    model = "partners.OrganisationPage"
    noun = "partners"
    text_lookups = ("title__icontains", "denomination__icontains", "address__icontains")

    def queryset(self):
        organisations = self.listed_model().objects.live().public()
        if self.site is not None:
            organisations = organisations.in_site(self.site)
        return organisations

    def listed(self, rows):
        return rows.select_related("logo").prefetch_related("logo__renditions").order_by("title")

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
    model = "partners.ProjectPage"
    noun = "projects"
    text_lookups = ("title__icontains", "summary__icontains", "area_name__icontains")
    reach = True

    def queryset(self):
        projects = self.listed_model().objects.live().public()
        if self.site is not None:
            projects = projects.in_site(self.site)
        return projects

    def listed(self, rows):
        status_order = Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
            output_field=IntegerField(),
        )
        return rows.prefetch_related("lead_organisations", "outcomes").order_by(
            status_order, "title"
        )

    def filter_queryset(self, rows):
        values = self.values
        if "challenge" in values:
            rows = rows.filter(**{values["challenge"]: True})
        if "status" in values:
            rows = rows.filter(status=values["status"])
        if "tradition" in values:
            led = self.listed_model().lead_organisations.through.objects.filter(
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
        outcomes = self.listed_model()._meta.get_field("outcomes").related_model
        rows = (
            outcomes.objects.filter(project__in=self.matching_pks())
            .values("measure", name_key=Lower("name"))
            .annotate(total=Sum("value"))
            .order_by("measure", "name_key")
        )
        order = {measure: i for i, measure in enumerate(OutcomeMeasure.values)}
        rows = sorted(rows, key=lambda row: (order[row["measure"]], row["name_key"]))
        return [(outcome_label(row["measure"], row["name_key"]), row["total"]) for row in rows]


class OfferFilter(DirectoryFilter):
    form_class = OfferFilterForm
    model = "partners.Offer"
    noun = "offers"
    text_lookups = ("title__icontains", "description__icontains", "organisation__title__icontains")
    reach = True

    def queryset(self):
        offers = self.listed_model().objects.public(self.site, today=self.today)
        return offers.select_related("organisation")

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


def listing_context(request, directory_filter, per_page=PAGE_SIZE):
    """What a directory page's template needs: the filter, its form and one page of rows."""
    page = paginate(directory_filter.ordered(), request, per_page)
    items = directory_filter.fetch(page.object_list)
    serving = directory_filter.serving(directory_filter.distances.items())
    # Those within the radius, then (under a heading of their own, as in the map search's
    # list) those listed because their own area reaches the place.
    groups = [
        {
            "serving": beyond,
            "items": [item for item in items if (item.reach_miles is not None) == beyond],
        }
        for beyond in (False, True)
    ]
    return {
        "filter": directory_filter,
        "form": directory_filter.form,
        "page_obj": page,
        "items": items,
        "groups": [group for group in groups if group["items"]],
        "serving": serving,
        "querystring": directory_filter.querystring(),
        "found": directory_filter.found_text(page.paginator.count, serving),
    }


class DirectoryPageMixin:
    """A page that lists one of the directories through its filter (:attr:`filter_class`).

    Like ``/events/``, it answers 429 to a visitor who has used up their online place
    look-ups, with the page and its message.
    """

    filter_class = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directory_filter = self.filter_class.for_request(request, site=self.get_site())
        context.update(listing_context(request, directory_filter))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return response.context_data["filter"].limited(response)
