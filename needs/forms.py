"""The forms that post and change a need, in the partner dashboard and in the admin.

Both go through :class:`NeedFormMixin`: the organisation (and the project or event it is
linked to) can only be one the user may choose, a forged choice is refused like any invalid
one; only moderators and members of verified organisations may mark an emergency; the
checks a volunteer must hold come with the form (:data:`NeedCheckFormSet`, ``form.checks``),
validated with it; and the need and its checks are saved with the user, so its history says
who changed what.
"""

from django import forms
from django.db import transaction
from django.db.models import Q
from django.forms import inlineformset_factory
from wagtail.admin.forms import WagtailAdminModelForm

from events.models import EventPage
from hub.accessibility import FEATURES
from partners.forms import (
    TEXT_TOO_LONG,
    AccessibleFormMixin,
    DashboardFormMixin,
    postcode_field,
)
from partners.models import ProjectPage
from volunteering.choices import SKILLS

from .choices import NeedStatus, Timing
from .models import Need, NeedChange, NeedCheck
from .permissions import need_policy

EMERGENCY_REFUSED = (
    "Only moderators and verified organisations can mark a need as an emergency. Post it "
    "without, and ask a moderator if it is urgent."
)


def required_skills_field():
    return forms.MultipleChoiceField(
        label="Skills people must have",
        choices=list(SKILLS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only what is essential: volunteers without them are not suggested.",
    )


def wanted_skills_field():
    return forms.MultipleChoiceField(
        label="Skills that would help",
        choices=list(SKILLS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Nice to have, not required.",
    )


class NeedFormMixin:
    """What the dashboard form and the admin form agree on (see the module docstring)."""

    def limit_choices(self, user):
        organisations = need_policy.organisations_user_can_add_to(user)
        if self.instance.pk:
            organisations = organisations.filter(pk=self.instance.organisation_id)
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = organisations
        in_sections = Q()
        for organisation in organisations.only("path"):
            in_sections |= Q(path__startswith=organisation.path)
        ids = list(organisations.values_list("pk", flat=True))
        if "project" in self.fields:
            self.fields["project"].queryset = (
                ProjectPage.objects.filter(
                    Q(lead_organisations__in=ids) | Q(partner_bodies__in=ids)
                )
                .distinct()
                .order_by("title")
            )
        if "event" in self.fields:
            events = EventPage.objects.filter(in_sections) if in_sections else EventPage.objects
            self.fields["event"].queryset = events.order_by("-start_date", "title")

    def add_checks(self):
        """The checks a volunteer must hold, a formset that is validated and saved with the
        form (``form.checks``)."""
        self.checks = NeedCheckFormSet(
            self.data if self.is_bound else None, instance=self.instance, prefix="checks"
        )

    def is_valid(self):
        need_valid = super().is_valid()
        return self.checks.is_valid() and need_valid

    def has_changed(self):
        return super().has_changed() or self.checks.has_changed()

    def clean_emergency(self):
        emergency = self.cleaned_data.get("emergency", False)
        if emergency and not (self.instance.pk and self.instance.emergency):
            organisation = self.cleaned_data.get("organisation") or getattr(
                self.instance, "organisation", None
            )
            if not need_policy.may_mark_emergency(self.for_user, organisation):
                raise forms.ValidationError(EMERGENCY_REFUSED)
        return emergency

    def save(self, commit=True):
        need = super().save(commit=False)
        for key in SKILLS:
            setattr(need, key, key in self.cleaned_data.get("skills", []))
        if commit:
            created = need._state.adding
            with transaction.atomic():
                need.save(changed_by=self.for_user)
                save_checks(need, self.checks, self.for_user, created=created)
        return need


class NeedAdminForm(NeedFormMixin, WagtailAdminModelForm):
    skills = required_skills_field()
    wanted_skills = wanted_skills_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(self.for_user)
        self.add_checks()
        if self.instance.pk:
            self.initial["skills"] = [key for key in SKILLS if getattr(self.instance, key)]


STATUS_CHOICES = [
    (NeedStatus.OPEN, "Open: we still need it"),
    (NeedStatus.FILLED, "Filled: we have what we need"),
    (NeedStatus.CLOSED, "Closed: we no longer need it"),
]

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class NeedForm(NeedFormMixin, DashboardFormMixin, forms.ModelForm):
    """The partner dashboard's form: plain words, one question at a time."""

    skills = required_skills_field()
    wanted_skills = wanted_skills_field()
    status = forms.ChoiceField(
        label="Do you still need it?", choices=STATUS_CHOICES, widget=forms.RadioSelect
    )
    postcode = postcode_field(
        "Postcode of the place",
        "For example SN10 1AB. Leave empty if it is online.",
        required=False,
    )

    class Meta:
        model = Need
        fields = [
            "organisation",
            "kind",
            "title",
            "description",
            "people_needed",
            "quantity",
            "wanted_skills",
            "online",
            "postcode",
            "timing",
            "starts_on",
            "start_time",
            "end_time",
            "repeat_until",
            "deadline",
            "min_commitment",
            *FEATURES,
            "emergency",
            "project",
            "event",
            "status",
        ]
        labels = {
            "organisation": "Which organisation needs it?",
            "kind": "What do you need?",
            "online": "It can be done online, from home",
            "emergency": "This is an emergency",
            "event": "Linked to an event",
            "project": "Linked to a partnership project",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "timing": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_on": DATE_INPUT,
            "repeat_until": DATE_INPUT,
            "deadline": DATE_INPUT,
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
        }
        error_messages = {
            **TEXT_TOO_LONG,
            "people_needed": {
                "min_value": "Give a number of people from 1 to 500.",
                "max_value": "Give a number of people from 1 to 500: for more, post several needs.",
            },
        }

    SECTIONS = [
        ("What you need", ["organisation", "kind", "title", "description"]),
        ("How many", ["people_needed", "quantity"]),
        ("Skills", ["skills", "wanted_skills"]),
        ("Where", ["online", "postcode"]),
        (
            "When",
            ["timing", "starts_on", "start_time", "end_time", "repeat_until", "deadline"],
        ),
        ("Commitment", ["min_commitment"]),
        ("Accessibility of the place", list(FEATURES)),
        ("Links", ["project", "event"]),
        ("Urgency and status", ["emergency", "status"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timing"].choices = Timing.choices
        if self.instance.pk:
            self.initial["skills"] = [key for key in SKILLS if getattr(self.instance, key)]
        self.add_checks()


class NeedCheckForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = NeedCheck
        fields = ["kind", "workforce", "must_be_verified"]
        labels = {"kind": "Check", "workforce": "Workforce"}

    def __init__(self, *args, **kwargs):
        # A need may require no check: a row left empty is skipped, so no row's check is
        # marked required; a row with anything else in it must say which check (clean).
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", "Choose which check, or clear this row.")
        return cleaned_data


NeedCheckFormSet = inlineformset_factory(
    Need,
    NeedCheck,
    form=NeedCheckForm,
    extra=2,
    max_num=6,
    validate_max=True,
    can_delete=True,
)


def checks_text(need):
    """The checks a need requires, in words, for its history."""
    return "; ".join(str(requirement) for requirement in need.required_checks.all())


def save_checks(need, formset, user, created=False):
    """Save the required checks and record the change in the need's history (in the entry
    of its posting, for a need just posted)."""
    before = "" if created else checks_text(need)
    formset.instance = need
    formset.save()
    after = checks_text(need)
    if before == after:
        return
    if created:
        posting = need.changes.order_by("-at", "-pk").first()
        posting.changes["required_checks"] = [None, after]
        posting.save(update_fields=["changes"])
    else:
        NeedChange.objects.create(
            need=need,
            user=user,
            action=NeedChange.Action.EDITED,
            changes={"required_checks": [before, after]},
        )
