"""The passport's forms. Each keeps what was typed and says what is wrong next to the field."""

import re

from django import forms
from django.utils import timezone

from hub import geocoder, places
from partners.models import OrganisationPage

from .choices import CAUSES, DBS_CHECKS, RECORD_CHECKS, SKILLS, SLOTS, CheckKind
from .models import ABOUT_MAX_LENGTH, MAX_TRAVEL_MILES, Absence, Credential, Share, Volunteer

DBS_NUMBER = re.compile(r"\d{12}")
PVG_NUMBER = re.compile(r"\d{16}")
OTHER_NUMBER = re.compile(r"[A-Za-z0-9-]{4,30}")


def _flags_initial(instance, labels):
    return [key for key in labels if getattr(instance, key, False)]


class ProfileForm(forms.ModelForm):
    """About me: name, postcode, travel, skills, languages and causes."""

    postcode = forms.CharField(
        max_length=places.MAX_LENGTH,
        help_text="Kept private. Organisations only ever see the first half, like SN10.",
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    skills = forms.MultipleChoiceField(
        label="What you can do",
        choices=list(SKILLS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    causes = forms.MultipleChoiceField(
        label="Causes you care about",
        choices=list(CAUSES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Volunteer
        fields = [
            "display_name",
            "postcode",
            "travel_miles",
            "online_only",
            "commitment_limit",
            "about",
            "languages",
            "tags",
        ]
        help_texts = {
            "travel_miles": "From 1 to 25 miles. Leave empty if you only help online.",
            "tags": "Anything else you are good at, separated by commas, e.g. baking, choir",
        }
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5, "maxlength": ABOUT_MAX_LENGTH}),
            "display_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["travel_miles"].widget.attrs.update(min=1, max=MAX_TRAVEL_MILES)
        self.fields["commitment_limit"].widget.attrs.update(min=1, max=10)
        self.fields["commitment_limit"].required = False
        if self.instance.pk:
            self.initial["skills"] = _flags_initial(self.instance, SKILLS)
            self.initial["causes"] = _flags_initial(self.instance, CAUSES)

    def clean_postcode(self):
        text = self.cleaned_data["postcode"]
        try:
            postcode = geocoder.normalise_postcode(text)
            if not geocoder.is_full_postcode(postcode):
                raise geocoder.InvalidPostcode(
                    "Please enter your full postcode, like SN10 1AB. Only the first half is "
                    "ever shown."
                )
            geocoder.geocode_postcode(postcode)
        except geocoder.NorthernIrelandPostcode:
            return postcode  # real, but not on the offline map: kept without a point
        except geocoder.PostcodeError as error:
            raise forms.ValidationError(str(error)) from None
        return postcode

    def clean_commitment_limit(self):
        """Left empty: as many as before (3 for a new passport)."""
        limit = self.cleaned_data["commitment_limit"]
        return self.instance.commitment_limit if limit is None else limit

    def clean(self):
        cleaned = super().clean()
        travel_missing = not cleaned.get("online_only") and cleaned.get("travel_miles") is None
        if travel_missing and "travel_miles" not in self.errors:
            self.add_error(
                "travel_miles",
                f"Say how far you will travel (1 to {MAX_TRAVEL_MILES} miles), or tick "
                "“online only”.",
            )
        return cleaned

    def save(self, commit=True):
        volunteer = super().save(commit=False)
        for labels, chosen in ((SKILLS, "skills"), (CAUSES, "causes")):
            for key in labels:
                setattr(volunteer, key, key in self.cleaned_data[chosen])
        if commit:
            volunteer.save()
            self.save_m2m()
        return volunteer


class AvailabilityForm(forms.Form):
    slots = forms.MultipleChoiceField(
        label="When you are usually free",
        choices=list(SLOTS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AbsenceForm(forms.ModelForm):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The day you are back must be after the day you go.")
        return cleaned


class CredentialForm(forms.ModelForm):
    """Adding a check or certificate. The number is taken here and never shown again."""

    number = forms.CharField(
        label="Certificate number",
        required=False,
        max_length=40,
        help_text="A DBS certificate number is 12 digits. We keep it encrypted and only ever "
        "show its last 4 digits.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    class Meta:
        model = Credential
        fields = ["kind", "workforce", "issued_on", "expires_on", "update_service"]
        help_texts = {
            "workforce": "For DBS, PVG and AccessNI checks: who the check lets you work with.",
            "expires_on": "If it has one. We show the check as expired after this date.",
        }
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and issued > timezone.localdate():
            self.add_error("issued_on", "The issue date cannot be in the future.")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date must be after the issue date.")
        number = "".join(cleaned.get("number", "").split())
        if kind in DBS_CHECKS and not DBS_NUMBER.fullmatch(number):
            self.add_error("number", "A DBS certificate number is 12 digits, like 001234567890.")
        elif kind == CheckKind.PVG and not PVG_NUMBER.fullmatch(number):
            self.add_error("number", "A PVG scheme membership number is 16 digits.")
        elif number and not OTHER_NUMBER.fullmatch(number):
            self.add_error("number", "Use only letters, numbers and dashes (4 to 30).")
        if kind in RECORD_CHECKS - {CheckKind.DBS_BASIC} and not cleaned.get("workforce"):
            self.add_error("workforce", "Say who this check lets you work with.")
        if kind not in RECORD_CHECKS:
            cleaned["workforce"] = ""
        if kind not in DBS_CHECKS:
            cleaned["update_service"] = False
        cleaned["number"] = number
        return cleaned

    def save(self, commit=True):
        credential = super().save(commit=False)
        credential.workforce = self.cleaned_data["workforce"]
        credential.update_service = self.cleaned_data["update_service"]
        credential.set_number(self.cleaned_data["number"])
        if commit:
            credential.save()
        return credential


class ShareForm(forms.ModelForm):
    """Applying to an organisation: what it may see, for which role."""

    organisation = forms.ModelChoiceField(
        queryset=OrganisationPage.objects.none(),
        empty_label="Choose an organisation",
    )

    class Meta:
        model = Share
        fields = [
            "organisation",
            "role",
            "include_checks",
            "include_availability",
            "include_record",
            "include_email",
        ]

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["organisation"].queryset = (
            OrganisationPage.objects.live().public().order_by("title")
        )

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if self.volunteer.shares.filter(organisation=organisation, withdrawn_at=None).exists():
            raise forms.ValidationError("You already share your passport with them.")
        return organisation


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.")
        return ""
