"""Calendar imports in the Wagtail admin: "Import our existing calendar" for an organisation's
members (their own organisation only) and for moderators (every one).

The same rule as for offers decides who sees what (:class:`partners.permissions.
OfferPermissionPolicy`, for any model with an ``organisation``): members list and change only
their own organisation's rows, moderators every row. The inspect view of an import shows its
recent runs; the imported events can be detached from the import to edit them by hand.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import CalendarSourceForm
from .permissions import imported_policy, source_policy

SCOPE = ["change", "view"]


def own_rows_views(policy, related=("organisation",)):
    """Index, edit and inspect views that only ever find the user's own rows (else 404)."""

    class Own:
        def get_object(self, queryset=None):
            rows = policy.instances_user_has_any_permission_for(self.request.user, SCOPE)
            return get_object_or_404(rows, pk=unquote(str(self.kwargs[self.pk_url_kwarg])))

    class IndexView(generic.IndexView):
        def get_base_queryset(self):
            rows = policy.instances_user_has_any_permission_for(self.request.user, SCOPE)
            return rows.select_related(*related)

    class EditView(Own, generic.EditView):
        pass

    class InspectView(Own, generic.InspectView):
        pass

    return IndexView, EditView, InspectView


class CalendarSourceViewSet(ModelViewSet):
    model = source_policy.model
    icon = "calendar-alt"
    menu_label = "Calendar imports"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "calendarimport/admin/source_inspect.html"
    index_view_class, edit_view_class, inspect_view_class = own_rows_views(source_policy)
    list_display = ["organisation", "url", Column("status", label="Last import")]
    list_filter = ["active"]
    inspect_view_fields = [
        "organisation",
        "url",
        "active",
        "category",
        "publish_directly",
        "status",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation", widget=forms.Select),
            FieldPanel("url"),
            FieldPanel("category"),
            FieldPanel("publish_directly"),
            FieldPanel("active"),
        ],
        base_form_class=CalendarSourceForm,
    )


class ImportedEventViewSet(ModelViewSet):
    model = imported_policy.model
    icon = "date"
    menu_label = "Imported events"
    menu_order = 261
    add_to_admin_menu = True
    add_view_enabled = False
    copy_view_enabled = False
    index_view_class, edit_view_class, inspect_view_class = own_rows_views(
        imported_policy, related=("organisation", "event")
    )
    list_display = ["event", "organisation", "needs_location_check", "in_feed", "detached"]
    list_filter = ["needs_location_check", "detached", "in_feed"]
    edit_handler = ObjectList([FieldPanel("detached")])


calendar_source_viewset = CalendarSourceViewSet("calendar_imports")
imported_event_viewset = ImportedEventViewSet("imported_events")
