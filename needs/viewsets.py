"""Needs in the Wagtail admin, for moderators and for members who prefer the admin.

As for offers (:class:`partners.viewsets.OrganisationRowsViewSet`), every view asks
:data:`needs.permissions.need_policy`: a member lists and opens only their own organisation's
needs (anything else is not found, 404), and only moderators delete. Saving goes through the
same form mixin as the dashboard, so the history and the emergency rule are the same, and so
are the checks a need requires: the dashboard's formset comes with the form
(:class:`RequiredChecksPanel` shows it), is validated with it, and each change of the checks
is in the need's history.
"""

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column

from hub.accessibility import FEATURES
from partners.viewsets import OrganisationRowsViewSet

from .forms import NeedAdminForm
from .models import Need


class RequiredChecksPanel(Panel):
    """The form's checks formset (``form.checks``), with its errors."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "needs/admin/required_checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["checks"] = self.form.checks
            return context


class NeedViewSet(OrganisationRowsViewSet):
    model = Need
    # At /admin/needs/, under a namespace of its own: "needs" is the public pages'.
    url_prefix = "needs"
    url_namespace = "needs_admin"
    icon = "help"
    menu_label = "Needs"
    menu_order = 255
    add_to_admin_menu = True
    inspect_template_name = "needs/admin/need_inspect.html"
    inspect_view_fields = [
        "organisation",
        "kind",
        "title",
        "description",
        "people_needed",
        "quantity",
        "timing",
        "starts_on",
        "start_time",
        "end_time",
        "repeat_until",
        "deadline",
        "online",
        "postcode",
        "min_commitment",
        "emergency",
        "current_status_label",
    ]

    list_display = [
        "title",
        "organisation",
        "kind",
        "emergency",
        Column("current_status_label", label="Status"),
        "last_day",
        "updated_at",
    ]
    list_filter = ["kind", "status", "emergency", "timing", "organisation"]
    search_fields = ["title", "description"]
    list_export = [
        "title",
        "organisation",
        "kind",
        "description",
        "people_needed",
        "quantity",
        "timing",
        "starts_on",
        "repeat_until",
        "deadline",
        "online",
        "postcode",
        "emergency",
        "current_status_label",
        "updated_at",
    ]
    export_filename = "needs"

    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("people_needed"), FieldPanel("quantity")]),
            MultiFieldPanel([FieldPanel("skills"), FieldPanel("wanted_skills")], heading="Skills"),
            RequiredChecksPanel(heading="Checks people must hold"),
            MultiFieldPanel(
                [
                    FieldPanel("timing"),
                    FieldRowPanel(
                        [
                            FieldPanel("starts_on"),
                            FieldPanel("start_time"),
                            FieldPanel("end_time"),
                        ]
                    ),
                    FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("deadline")]),
                    FieldPanel("min_commitment"),
                ],
                heading="When",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("online"),
                    FieldPanel("postcode"),
                    FieldRowPanel([FieldPanel("pin_latitude"), FieldPanel("pin_longitude")]),
                ],
                heading="Where",
            ),
            MultiFieldPanel(
                [FieldPanel(name) for name in FEATURES], heading="Accessibility of the place"
            ),
            MultiFieldPanel([FieldPanel("project"), FieldPanel("event")], heading="Links"),
            FieldPanel("emergency"),
            FieldPanel("status"),
        ],
        base_form_class=NeedAdminForm,
    )


need_viewset = NeedViewSet("needs")
