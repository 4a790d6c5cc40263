"""Forms of the partner dashboard, shared where the admin does the same job."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from hub import geocoder
from hub.accessibility import FEATURES
from hub.logins import LockoutMessageMixin

from .choices import OfferStatus
from .models import Offer
from .permissions import offer_policy


class DashboardLoginForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AccessibleFormMixin:
    """Each input names its help text and error messages (``aria-describedby``) and says
    when it is wrong (``aria-invalid``), matching the ids in ``components/form_field.html``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    def describe_fields(self):
        errors = self._errors or {}  # never validate from here: only describe what is known
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_help")
            if name in errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)


# A title or description that is too long says by how much, in plain words.
TEXT_TOO_LONG = {
    "title": {
        "max_length": "Keep the title to %(limit_value)d characters or fewer "
        "(it has %(show_value)d)."
    },
    "description": {
        "max_length": "Keep the description to %(limit_value)d characters "
        "or fewer (it has %(show_value)d)."
    },
}


def postcode_field(label, help_text, required=True):
    """A dashboard form's postcode: longer than a postcode can be, so that what was typed
    gets the geocoder's explanation (:meth:`DashboardFormMixin.clean_postcode`)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        required=required,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 10}),
    )


class DashboardFormMixin(AccessibleFormMixin):
    """The partner dashboard's form of an organisation's row (an offer, a need).

    One question at a time, in ``SECTIONS``; the organisation is asked only of a new row and
    only when the user has more than one to choose from (``limit_choices(user)`` sets them);
    the status only of a row that exists; and a postcode must be on the map.
    """

    SECTIONS = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = user
        self.fields["kind"].choices = self.fields["kind"].choices[1:]  # no "---------"
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            del self.fields["status"]
        self.limit_choices(user)
        if "organisation" in self.fields:
            choices = list(self.fields["organisation"].queryset[:2])
            if len(choices) == 1:  # nothing to choose: it is their organisation's row
                del self.fields["organisation"]
                self.instance.organisation = choices[0]

    def sections(self):
        """[(legend, [bound fields])] for the template, leaving out the fields not in use."""
        for legend, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def clean_postcode(self):
        """Refuse a postcode that is not on the map (Northern Ireland's are allowed); an
        empty one is the field's to allow or not."""
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        try:
            postcode = geocoder.normalise_postcode(text)
            geocoder.geocode_postcode(postcode)
        except geocoder.NorthernIrelandPostcode:
            return postcode
        except geocoder.PostcodeError as error:
            raise forms.ValidationError(str(error)) from error
        return postcode


class OfferFormMixin:
    """What the dashboard form and the admin form agree on.

    The organisation can only be one the user may add offers to (a forged choice is refused
    like any invalid one), and saving goes through :meth:`Offer.save` with the user, so the
    history records who made the change.
    """

    def limit_choices(self, user):
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = offer_policy.organisations_user_can_add_to(user)

    def save(self, commit=True):
        offer = super().save(commit=False)
        if commit:
            offer.save(changed_by=self.for_user)
        return offer


class OfferAdminForm(OfferFormMixin, WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(self.for_user)


STATUS_CHOICES = [
    (OfferStatus.AVAILABLE, "Available"),
    (OfferStatus.COMMITTED, "Committed: we have promised it to someone"),
    (OfferStatus.WITHDRAWN, "Withdrawn: we can no longer offer it"),
]


class OfferForm(OfferFormMixin, DashboardFormMixin, forms.ModelForm):
    """The partner dashboard's form: plain words, one question at a time, nothing technical."""

    status = forms.ChoiceField(
        label="Is it still available?", choices=STATUS_CHOICES, widget=forms.RadioSelect
    )
    postcode = postcode_field(
        "Postcode of where it is, or where you will go from", "For example SN10 1AB."
    )

    class Meta:
        model = Offer
        fields = [
            "organisation",
            "kind",
            "title",
            "description",
            "quantity",
            "quantity_unit",
            "available_from",
            "available_until",
            "regular_times",
            "postcode",
            "radius_miles",
            *FEATURES,
            "status",
        ]
        labels = {
            "organisation": "Which organisation is offering it?",
            "kind": "What kind of offer is it?",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "available_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            **TEXT_TOO_LONG,
            "quantity": {"min_value": "Give a number of 1 or more, or leave it empty."},
            "radius_miles": {"min_value": "Give a distance of at least 1 mile."},
        }

    SECTIONS = [
        (
            "What you are offering",
            ["organisation", "kind", "title", "description", "quantity", "quantity_unit"],
        ),
        ("When", ["available_from", "available_until", "regular_times"]),
        ("Where", ["postcode", "radius_miles"]),
        ("If it is a venue: accessibility", list(FEATURES)),
        ("Status", ["status"]),
    ]

    def clean(self):
        data = super().clean()
        until = data.get("available_until")
        status = data.get("status", self.instance.status)
        touched = not self.instance.pk or {"available_until", "status"} & set(self.changed_data)
        if touched and status == OfferStatus.AVAILABLE and until and until < timezone.localdate():
            self.add_error(
                "available_until",
                "That day has passed, so the offer would expire straight away. Give a later "
                "date, or leave it empty.",
            )
        return data
