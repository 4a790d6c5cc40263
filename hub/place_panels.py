"""The admin's postcode field for pages with a place: an unknown postcode is caught before
moderation.

:class:`LocatedPageForm` checks a well-formed postcode against the postcode data on every
save. A draft is saved as it is, and :class:`PostcodePanel` shows the warning next to the
field at once (from the form just sent, or from the latest revision); submitting for
moderation with the postcode still unknown is refused until the editor ticks
``postcode_confirmed`` (:class:`PostcodeConfirmPanel`, shown only while there is a warning)
or sets a map pin. Moderators see the same warning in the review preview and on their
dashboard (:mod:`hub.wagtail_hooks`). The map pin's fields are folded away behind "Pin in a
different place" (:class:`PinPanel`): most places need only their postcode.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from hub import geocoder

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


class LocatedPageForm(WagtailAdminPageForm):
    postcode_confirmed = forms.BooleanField(
        label="This postcode is right: submit it as it is",
        required=False,
        help_text="The page will not show in map and postcode searches until the postcode "
        "is in our data or a map pin is set.",
    )

    def clean(self):
        cleaned = super().clean()
        self.postcode_problem = self._postcode_problem(cleaned)
        submitting = any(action in self.data for action in SUBMIT_ACTIONS)
        if self.postcode_problem and submitting and not cleaned.get("postcode_confirmed"):
            self.add_error(
                "postcode",
                f"{self.postcode_problem} Correct it, set a map pin, or tick the box to submit "
                "it as it is.",
            )
        return cleaned

    def _postcode_problem(self, cleaned):
        postcode = cleaned.get("postcode")
        pinned = (
            cleaned.get("pin_latitude") is not None and cleaned.get("pin_longitude") is not None
        )
        if not postcode or pinned or "postcode" in self.errors:
            return ""
        try:
            geocoder.geocode_postcode(postcode)
        except geocoder.InvalidPostcode:
            return ""  # the model's own validation says so, as an error
        except geocoder.PostcodeError as error:
            return str(error)
        return ""


def postcode_problem(form, instance):
    """The warning for the form as sent, or else for the page as last saved."""
    if form.is_bound and hasattr(form, "postcode_problem"):
        return form.postcode_problem
    return getattr(instance, "location_problem", "")


class PostcodePanel(FieldPanel):
    """The postcode field, with the warning next to it while the postcode is not in the data."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            problem = postcode_problem(self.form, self.instance)
            if problem:
                self.help_text = (
                    f"Warning: {problem} Until it is corrected (or a map pin is set), the "
                    "page will not show in map and postcode searches."
                )


class PostcodeConfirmPanel(FieldPanel):
    """The "submit it as it is" box, shown only while there is a warning."""

    def __init__(self, field_name="postcode_confirmed", **kwargs):
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and bool(postcode_problem(self.form, self.instance))


PIN_HELP = (
    "The pin goes where the postcode is. Only if that is the wrong spot (a big park, a new "
    "estate), give the exact place: on openstreetmap.org, right-click the spot, choose "
    '"Show address" and copy the two numbers, latitude first (e.g. 51.3526) then longitude '
    "(e.g. -1.9973)."
)


class PinPanel(MultiFieldPanel):
    """The map pin's latitude and longitude, folded away behind "Pin in a different place"
    with plain help; open when a pin is set or one of its fields has an error."""

    def __init__(self, children=(), *args, **kwargs):
        children = children or [
            FieldRowPanel([FieldPanel("pin_latitude"), FieldPanel("pin_longitude")])
        ]
        kwargs.setdefault("heading", "Pin in a different place")
        kwargs.setdefault("help_text", PIN_HELP)
        super().__init__(children, *args, **kwargs)

    class BoundPanel(MultiFieldPanel.BoundPanel):
        def classes(self):
            classes = super().classes()
            fields = ("pin_latitude", "pin_longitude")
            pinned = any(getattr(self.instance, name, None) is not None for name in fields)
            if self.form.is_bound:
                pinned = any(self.form.data.get(name) for name in fields)
            if not pinned and not any(name in self.form.errors for name in fields):
                classes.append("collapsed")
            return classes
