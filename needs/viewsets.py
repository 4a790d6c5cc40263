"""Needs in the Wagtail admin, for moderators and for members who prefer the admin.

As for offers (:mod:`partners.viewsets`), every view asks :data:`needs.permissions.need_policy`:
a member lists and opens only their own organisation's needs (anything else is not found,
404), and only moderators delete. Saving goes through the same form mixin as the dashboard,
so the history and the emergency rule are the same. The checks a need requires are set in
the partner dashboard's form and shown here.
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from hub.accessibility import FEATURES

from .forms import NeedAdminForm
from .models import Need
from .permissions import need_policy

SCOPE = ["change", "view"]


class OwnNeedsMixin:
    """Needs of other organisations do not exist as far as this user can tell (404)."""

    def get_object(self, queryset=None):
        needs = need_policy.instances_user_has_any_permission_for(self.request.user, SCOPE)
        return get_object_or_404(needs, pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return need_policy.instances_user_has_any_permission_for(
            self.request.user, SCOPE
        ).select_related("organisation")


class EditView(OwnNeedsMixin, generic.EditView):
    pass


class DeleteView(OwnNeedsMixin, generic.DeleteView):
    pass


class InspectView(OwnNeedsMixin, generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.select_related("user")
        return context


class HistoryView(OwnNeedsMixin, history.HistoryView):
    pass


class UsageView(OwnNeedsMixin, usage.UsageView):
    pass


class NeedViewSet(ModelViewSet):
    model = Need
    # At /admin/needs/, under a namespace of its own: "needs" is the public pages'.
    url_prefix = "needs"
    url_namespace = "needs_admin"
    icon = "help"
    menu_label = "Needs"
    menu_order = 255
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
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

    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    inspect_view_class = InspectView
    history_view_class = HistoryView
    usage_view_class = UsageView

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
