"""The filter of ``/volunteer/opportunities/``: the open needs a visitor asks for.

A :class:`partners.filters.DirectoryFilter` (the words box, the place and its radius through
``near()``, the messages, the shareable query string and paging, as on ``/offers/``) with the
choices of a need: kind, skill, cause, day of the week, time of day, "no check needed" and
online. The listing, the iCalendar feed and the map search all ask this filter; invalid
values are dropped with a message and the rest of the filter still applies.
"""

from django import forms
from django.db.models import F, Q

from partners.challenges import CHALLENGES
from partners.choices import OfferKind
from partners.filters import DirectoryFilter, PlaceFilterForm, _choices
from volunteering.choices import DAYS, SKILLS, TIMES

from .choices import PARTS_OF_DAY, Timing

DAY_CHOICES = [(day[:3].lower(), day) for day in DAYS]
TIME_CHOICES = [(time, time.capitalize()) for time in TIMES]


class NeedFilterForm(PlaceFilterForm):
    kind = forms.ChoiceField(
        label="What is needed", choices=_choices("Everything", OfferKind.choices), required=False
    )
    skill = forms.ChoiceField(
        label="Skill", choices=_choices("Any skill", SKILLS.items()), required=False
    )
    cause = forms.ChoiceField(
        label="Cause", choices=_choices("Any cause", CHALLENGES.items()), required=False
    )
    day = forms.ChoiceField(
        label="Day of the week", choices=_choices("Any day", DAY_CHOICES), required=False
    )
    time = forms.ChoiceField(
        label="Time of day", choices=_choices("Any time", TIME_CHOICES), required=False
    )
    no_check = forms.BooleanField(label="No check needed", required=False)
    online = forms.BooleanField(label="Online, from home", required=False)
    field_order = ["q", "postcode", "radius", "kind", "skill", "cause", "day", "time"]


def time_condition(part):
    """Needs whose times overlap a part of the day (see ``Need.parts_of_day``); matching
    reads it too, to leave out needs at times a volunteer is not free."""
    _name, begins, ends = next(p for p in PARTS_OF_DAY if p[0] == part)
    starts_in = Q(start_time__gte=begins)
    if ends is not None:
        starts_in &= Q(start_time__lt=ends)
    overlaps = Q(end_time__gt=begins) & Q(end_time__gt=F("start_time"))
    if ends is not None:
        overlaps &= Q(start_time__lt=ends)
    return Q(timing__in=[Timing.DATED, Timing.WEEKLY, Timing.FORTNIGHTLY]) & (starts_in | overlaps)


class NeedFilter(DirectoryFilter):
    form_class = NeedFilterForm
    model = "needs.Need"
    noun = "opportunities"
    text_lookups = ("title__icontains", "description__icontains", "organisation__title__icontains")

    def queryset(self):
        needs = self.listed_model().objects.public(self.site, today=self.today)
        return needs.select_related("organisation")

    def listed(self, rows):
        """Emergencies first, then the soonest to end; flexible needs without an end last."""
        return rows.order_by("-emergency", F("last_day").asc(nulls_last=True), "pk")

    def filter_queryset(self, rows):
        values = self.values
        if "kind" in values:
            rows = rows.filter(kind=values["kind"])
        if "skill" in values:
            skill = values["skill"]
            rows = rows.filter(Q(**{skill: True}) | Q(wanted_skills__icontains=f'"{skill}"'))
        if "cause" in values:
            rows = rows.filter(**{f"project__{values['cause']}": True})
        if "day" in values:
            weekday = [key for key, _label in DAY_CHOICES].index(values["day"]) + 1
            rows = rows.exclude(timing=Timing.FLEXIBLE).filter(starts_on__iso_week_day=weekday)
        if "time" in values:
            rows = rows.filter(time_condition(values["time"]))
        if values.get("no_check"):
            rows = rows.filter(required_checks__isnull=True)
        if values.get("online"):
            rows = rows.filter(online=True)
        return rows

    def describe_choices(self):
        words = []
        if self.values.get("online"):
            words.append("online")
        if "kind" in self.values:
            words.append(self._label("kind").lower())
        return words

    def description(self):
        text = super().description()
        extra = []
        if "skill" in self.values:
            extra.append(f"for {SKILLS[self.values['skill']].lower()}")
        if "cause" in self.values:
            extra.append(f"on {CHALLENGES[self.values['cause']].lower()}")
        if "day" in self.values:
            extra.append(f"on {self._label('day')}s")
        if "time" in self.values:
            extra.append(f"in the {self.values['time']}")
        if self.values.get("no_check"):
            extra.append("with no check needed")
        return " ".join([text, *extra])

    def dated(self):
        """The matching needs that have dates (for the calendar feed), soonest first."""
        rows = self.listed_model().objects.filter(pk__in=self.matching_pks())
        return (
            rows.exclude(timing=Timing.FLEXIBLE)
            .select_related("organisation")
            .order_by("starts_on", "pk")
        )
