"""The forms of the application flow: a message, a reason, attendance and hours."""

from decimal import Decimal

from django import forms

from .flow import MAX_HOURS
from .models import REASON_MAX_LENGTH


class ApplyForm(forms.Form):
    message = forms.CharField(
        label="A message for the organisation (optional)",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything they should know: when you could start, what you have done before.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It is passed on to the other side.",
        error_messages={"required": "Give a reason: it is passed on."},
    )


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label="Did they come?",
        choices=[("yes", "Yes, they came"), ("no", "No, they did not come")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label="Hours they gave",
        required=False,
        min_value=Decimal("0.25"),
        max_value=MAX_HOURS,
        decimal_places=2,
        help_text="In all, e.g. 3 or 2.5. They go into the volunteer's passport record.",
    )

    def clean(self):
        data = super().clean()
        if data.get("attended") and data.get("hours") is None and "hours" not in self.errors:
            self.add_error("hours", "Give the hours they gave.")
        return data
