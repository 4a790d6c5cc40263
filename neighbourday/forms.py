"""The registration form and the organiser's other forms.

Every rule that refuses input says why, next to the field, and keeps what was typed. The
abuse rules that need more than the form (the per-address and per-e-mail limits, the
duplicate rule) are in ``limits.py`` and run from :meth:`RegistrationForm.clean`.
"""

import re

from django import forms
from django.utils.html import strip_tags

from hub import geocoder

from .choices import Kind, People
from .models import Gathering
from .week import week_of

MAX_LINKS = 2
MAX_PEOPLE_CAME = 2000
_LINK = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|info|ru|xyz|top|io|co)\b", re.I)
# "12 High Street", "12a, High Street", "Flat 3, 12 High Street" -> "High Street"
_HOUSE_NUMBER = re.compile(
    r"^\s*(?:(?:flat|apartment|unit)\s+\w+\s*,?\s*)?(?:\d+[a-z]?\s*,?\s*)+", re.I
)

FIELDS = [
    "kind",
    "date",
    "start_time",
    "end_time",
    "street",
    "postcode",
    "people",
    "description",
    "open_to_everyone",
    "organiser_name",
    "organiser_email",
]

SECTIONS = [
    ("Your gathering", ["kind", "date", "start_time", "end_time"]),
    ("Where", ["street", "postcode"]),
    ("Who", ["people", "open_to_everyone", "description"]),
    ("You (never shown on the site)", ["organiser_name", "organiser_email"]),
]


class GatheringForm(forms.ModelForm):
    # Longer than a postcode, so that whatever was typed gets the geocoder's own reason.
    postcode = forms.CharField(
        label="Postcode",
        max_length=100,
        help_text="The full postcode, like SN10 1AB. Only the first part (SN10) is shown.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    open_to_everyone = forms.TypedChoiceField(
        label="Who can come?",
        choices=[
            ("True", "Open to everyone: list it on the site and the map"),
            ("False", "Just for our street: count it, but do not list it"),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="True",
    )

    class Meta:
        model = Gathering
        fields = FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "people": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "organiser_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organiser_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        labels = {
            "organiser_name": "Your name",
            "organiser_email": "Your e-mail address",
            "start_time": "Starts at",
            "end_time": "Ends at",
            "description": "A few words about it (optional)",
        }
        help_texts = {
            "street": "Just the street, like High Street: no house number.",
            "organiser_email": "We send the link to confirm and manage your gathering here.",
        }
        error_messages = {
            "people": {
                "invalid_choice": "Choose one of the sizes listed. For more than 500 people, "
                "please talk to your council's events team: that is an event, not a street "
                "gathering."
            },
            "organiser_email": {
                "invalid": "That is not an e-mail address: it looks like name@example.org."
            },
            "date": {"invalid": "Give the date as a day, month and year, like 20/06/2026."},
        }

    def __init__(self, *args, neighbour_day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbour_day = neighbour_day
        self.fields["people"].choices = People.choices
        self.fields["kind"].choices = Kind.choices
        if neighbour_day is not None:
            first, last = week_of(neighbour_day)
            self.fields["date"].help_text = (
                f"Neighbour Day is {neighbour_day:%A %-d %B %Y}. Any day that week "
                f"({first:%A %-d %B} to {last:%A %-d %B}) is fine."
            )
            if not self.is_bound and not self.instance.pk:
                self.initial["date"] = neighbour_day
        self.fields[
            "description"
        ].help_text = f"HTML is removed, and at most {MAX_LINKS} web addresses are allowed."

    def sections(self):
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in SECTIONS
        ]

    def clean_postcode(self):
        text = self.cleaned_data["postcode"]
        try:
            postcode = geocoder.normalise_postcode(text)
            if not geocoder.is_full_postcode(postcode):
                raise forms.ValidationError(
                    "Give the full postcode, like SN10 1AB: we need it to count your "
                    "gathering in the right place (only SN10 is ever shown)."
                )
            geocoder.geocode_postcode(postcode)
        except geocoder.NorthernIrelandPostcode as error:
            raise forms.ValidationError(
                "Neighbour Day registrations in Northern Ireland are not supported yet, sorry: "
                "we can only place Great Britain postcodes for now."
            ) from error
        except geocoder.PostcodeError as error:
            raise forms.ValidationError(str(error)) from error
        return postcode

    def clean_street(self):
        street = _HOUSE_NUMBER.sub("", strip_tags(self.cleaned_data["street"])).strip(" ,")
        if not street:
            raise forms.ValidationError("Give the name of the street, like High Street.")
        return street

    def clean_description(self):
        text = strip_tags(self.cleaned_data.get("description", "")).strip()
        if len(_LINK.findall(text)) > MAX_LINKS:
            raise forms.ValidationError(
                f"Please include at most {MAX_LINKS} web addresses in the description."
            )
        return text

    def clean_organiser_name(self):
        return strip_tags(self.cleaned_data["organiser_name"]).strip()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if self.neighbour_day is None:
            raise forms.ValidationError(
                "Registrations are closed until the next Neighbour Day is set."
            )
        first, last = week_of(self.neighbour_day)
        if not first <= day <= last:
            raise forms.ValidationError(
                f"Choose a date in Neighbour Day week: {first:%A %-d %B} to "
                f"{last:%A %-d %B %Y} (Neighbour Day is {self.neighbour_day:%A %-d %B})."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time is before the start time.")
        return cleaned


class RegistrationForm(GatheringForm):
    """A new registration, with a honeypot field that people never see or fill in."""

    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                "This registration looks automated, so it was not saved. If you are a person, "
                "please leave the last box empty."
            )
        return ""


class SignedInRegistrationForm(RegistrationForm):
    """A signed-in volunteer's registration: their name and verified e-mail come from their
    account, so the form does not ask for them (and ignores them if posted)."""

    class Meta(GatheringForm.Meta):
        fields = [name for name in FIELDS if name not in ("organiser_name", "organiser_email")]


class EditForm(GatheringForm):
    """What an organiser may change: everything but their e-mail address."""

    class Meta(GatheringForm.Meta):
        fields = [name for name in FIELDS if name != "organiser_email"]


class AttendanceForm(forms.Form):
    people = forms.IntegerField(
        label="How many people came?",
        min_value=1,
        max_value=MAX_PEOPLE_CAME,
        error_messages={
            "max_value": f"That is more than {MAX_PEOPLE_CAME:,}: please check the number.",
            "min_value": "Give a number of people, 1 or more.",
            "invalid": "Give a number, like 40.",
        },
    )
    note = forms.CharField(
        label="Anything you'd like to tell us? (optional)", max_length=200, required=False
    )

    def clean_note(self):
        return strip_tags(self.cleaned_data["note"]).strip()


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being hidden?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="The organiser is sent this.",
    )


class ResendForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        error_messages={
            "invalid": "That is not an e-mail address: it looks like name@example.org."
        },
    )
