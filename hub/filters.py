"""The listing-filter base: a listing's query string in, the rows it shows out.

Every public listing (``/events/``; the directories ``/partners/``, ``/partnerships/`` and
``/offers/``; each kind of thing the map search finds) builds one filter object from the
request and renders what it gives; no renderer filters on its own. What they all share is
written here, once:

* the query string is parsed once, by a Django form (so a page renders the same fields with
  their labels and errors); an invalid value is dropped with a sentence (:attr:`errors`) and
  the rest of the filter still applies;
* the words box (``q``): each of the first ten words must be in one of ``text_lookups``;
* the place: a postcode or a place name (``hub.places``, counting the visitor's online
  look-ups: a 429 once they are used up) and a radius, and the rows near it
  (:meth:`ListingFilter.nearest`), for rows with a reach of their own too;
* the query string of the valid parameters, to share or to page with (:meth:`querystring`);
* paging (:func:`paginate`).

A filter names the model it lists as ``"app_label.ModelName"`` (:attr:`ListingFilter.model`),
as a ForeignKey names its target: the page types that serve a listing import their filter,
so the filter does not import them back.
"""

from functools import cached_property

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from wagtail.models import Site

from hub import places
from hub.locations import near, within_reach

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RADIUS_CHOICES = [1, 3, 5, 10, 25]  # all within hub.locations.MAX_RADIUS_MILES
DEFAULT_RADIUS = 3


def page_number(request):
    """The requested page number, or 1 for anything that is not a positive number."""
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


def paginate(items, request, per_page):
    """The page of ``items`` the request asks for (``?page=``), as a Paginator page."""
    return Paginator(items, per_page).get_page(page_number(request))


class ListingFilterForm(forms.Form):
    """The words box and the place (postcode or place name, and radius) of every listing."""

    q = forms.CharField(label="Search", required=False, max_length=MAX_QUERY_LENGTH)
    # "postcode" is the parameter name every link and feed already uses; it takes place names
    # too when the hub has an online geocoder (hub.places).
    postcode = forms.CharField(
        label="Near (postcode or place)",
        required=False,
        max_length=places.MAX_LENGTH,
        error_messages={"max_length": "That is too long for a postcode or a place name."},
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=[(r, f"{r} mile{'s' if r > 1 else ''}") for r in RADIUS_CHOICES],
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
        error_messages={
            "invalid_choice": "Choose a distance of "
            + ", ".join(str(r) for r in RADIUS_CHOICES[:-1])
            + f" or {RADIUS_CHOICES[-1]} miles. We have used {DEFAULT_RADIUS} miles."
        },
    )

    # Query-string names that differ from the field names ("from" is a Python keyword).
    PARAMS = {}

    def __init__(self, *args, client=None, place=None, **kwargs):
        """``client`` is the visitor's address, for the allowance of online place look-ups;
        ``place`` a ``hub.places.Place`` already found for the postcode box's text."""
        super().__init__(*args, **kwargs)
        self.client = client
        self.place = place
        self.rate_limited = False
        if places.enabled():
            self.fields["postcode"].help_text = "For example SN10 1AB, SN10 or Devizes."
        else:
            self.fields["postcode"].label = "Near postcode"

    def add_prefix(self, field_name):
        return self.PARAMS.get(field_name, field_name)

    def full_clean(self):
        super().full_clean()
        if "radius" in self._errors:  # show the distance that was used instead
            self.data = self.data.copy()
            self.data["radius"] = str(DEFAULT_RADIUS)

    def clean(self):
        data = super().clean()
        text = data.get("postcode")
        if text:
            try:
                place = self.place or places.locate(text, client=self.client)
            except places.PlaceError as error:
                self.rate_limited = isinstance(error, places.TooManyLookups)
                self.add_error("postcode", str(error))
            else:
                data["point"], data["place"] = place
        return data


class ListingFilter:
    """Parses a listing's query string once and answers with the rows it selects."""

    form_class = ListingFilterForm
    #: The model listed, as "app_label.ModelName".
    model = ""
    #: Lookups the words box searches; a row matches a word if any of them does.
    text_lookups = ("title__icontains",)
    #: Whether rows have an area of their own (``radius_miles``) to reach the searched place.
    reach = False

    def __init__(self, params, site=None, client=None, place=None, form_class=None, form=None):
        """``params``: the query string (a QueryDict or a dict). ``site``: only rows of this
        Wagtail site. ``client``: the visitor's address (``hub.places.client_address``) when
        filtering for a request. ``place``: a ``hub.places.Place`` already found for the
        ``postcode`` parameter. ``form_class``: a subclass of :attr:`form_class` for a page
        that takes more parameters. ``form``: instead of all those, a form that has already
        parsed them (see :meth:`alongside`)."""
        if form is None:
            if not isinstance(params, QueryDict):
                query = QueryDict(mutable=True)
                query.update(params)
                params = query
            form = (form_class or self.form_class)(params, client=client, place=place)
        self.form = form
        self.site = site
        self.form.is_valid()
        # Values that failed validation are dropped; the rest of the filter still applies.
        self.values = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}

    @classmethod
    def for_request(cls, request, **kwargs):
        """The filter of this request's query string, counting the visitor's look-ups; the
        request's site unless ``site`` is given."""
        if "site" not in kwargs:
            kwargs["site"] = Site.find_for_request(request)
        return cls(request.GET, client=places.client_address(request), **kwargs)

    @classmethod
    def alongside(cls, other):
        """A filter of this kind with ``other``'s words and place, for a page that asks
        several listings' filters at once, as the map search does: only the words and the
        place are asked, parsed once for them all (:attr:`words_and_place`)."""
        return cls(None, site=other.site, form=other.words_and_place)

    @cached_property
    def words_and_place(self):
        """This filter's words and place alone, in the base form (the place not looked up
        again): what :meth:`alongside` gives the filters of other listings."""
        params = QueryDict(mutable=True)
        params.update({"q": self.values.get("q", ""), "radius": str(self.radius)})
        place = None
        if self.point is not None:
            params["postcode"] = self.values["postcode"]
            place = places.Place(self.point, self.values["place"])
        return ListingFilterForm(params, place=place)

    @classmethod
    def listed_model(cls):
        return apps.get_model(cls.model)

    @property
    def point(self):
        """Where the visitor asked about (hub.geocoder.Point), or None."""
        return self.values.get("point")

    @property
    def radius(self):
        return self.values.get("radius", DEFAULT_RADIUS)

    @property
    def rate_limited(self):
        """True when the place could not be looked up because this visitor asked too often."""
        return self.form.rate_limited

    def limited(self, response):
        """``response``, made the 429 when the visitor has used up their online look-ups."""
        return places.refuse_for_a_minute(response) if self.rate_limited else response

    @property
    def errors(self):
        """Every problem with the query string, one sentence each."""
        messages = []
        for name, errors in self.form.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else ""
            for error in errors:
                messages.append(f"{label}: {error}" if label else error)
        return messages

    def querystring(self, **changes):
        """This filter's valid parameters as a query string, with some changed (None drops)."""
        query = QueryDict(mutable=True)
        for name in self.form.fields:
            param = self.form.add_prefix(name)
            values = [v for v in self.form.data.getlist(param) if v]
            if values and name not in self.form.errors:
                query.setlist(param, values)
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = value
        return query.urlencode()

    def match_words(self, rows):
        """``rows`` narrowed to those with each word of the words box in a ``text_lookups``."""
        for word in self.values.get("q", "").split()[:MAX_WORDS]:
            condition = Q()
            for lookup in self.text_lookups:
                condition |= Q(**{lookup: word})
            rows = rows.filter(condition)
        return rows

    def queryset(self):
        """Every row the public may see in this listing (of :attr:`site`, if any)."""
        raise NotImplementedError

    def filter_queryset(self, rows):
        """``rows`` narrowed by the filter's own choices (a kind, a status...)."""
        return rows

    @cached_property
    def matching(self):
        """The rows that match everything but the place: the one rule, for the listing and
        for anything else that asks this filter (the map search)."""
        return self.match_words(self.filter_queryset(self.queryset()))

    def nearest(self):
        """(pk, miles) of the matching rows near the place, nearest first: within the radius,
        then (rows with a reach of their own) those whose area reaches within it. Empty
        without a place."""
        if self.point is None:
            return []
        if self.reach:
            found = within_reach(self.matching, self.point, self.radius)
            # Those within the radius first, then those only their own area brings here.
            return sorted(found, key=lambda pair: (pair[1] > self.radius, pair[1]))
        rows = self.matching.values("pk", "latitude", "longitude")
        return [(row["pk"], miles) for row, miles in near(rows, self.point, self.radius)]

    def reach_of(self, row, miles):
        """``row``'s own reach (``radius_miles``) if it was found at ``miles`` only because
        that reach brings it to the place, beyond the radius; else None."""
        return row.radius_miles if self.reach and miles > self.radius else None

    def serving(self, found):
        """How many of the (pk, miles) ``found`` are beyond the radius, found by their reach."""
        return sum(1 for _, miles in found if miles > self.radius) if self.reach else 0
