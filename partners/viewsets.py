"""The offers log in the Wagtail admin, for moderators and for members who prefer the admin.

Every view asks :data:`partners.permissions.offer_policy` (the permission policy registered
for offers): a member lists and opens only their own organisation's offers (anything else is
not found, 404), and only moderators delete. Saving goes through the same form mixin as the
dashboard, so the history is the same. :class:`OrganisationRowsViewSet` is that contract for
any organisation's rows with a history: needs use it too.
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from hub.accessibility import FEATURES
from hub.place_panels import PinPanel

from .forms import OfferAdminForm
from .models import Offer

SCOPE = ["change", "view"]


class OwnRowsMixin:
    """Rows of other organisations do not exist as far as this user can tell (404).

    The rows are the ones the model's registered permission policy gives the user.
    """

    def get_object(self, queryset=None):
        rows = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, SCOPE
        )
        return get_object_or_404(rows, pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, SCOPE
        ).select_related("organisation")


class EditView(OwnRowsMixin, generic.EditView):
    pass


class DeleteView(OwnRowsMixin, generic.DeleteView):
    pass


class InspectView(OwnRowsMixin, generic.InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.select_related("user")
        return context


class HistoryView(OwnRowsMixin, history.HistoryView):
    pass


class UsageView(OwnRowsMixin, usage.UsageView):
    pass


class OrganisationRowsViewSet(ModelViewSet):
    """An organisation's rows with a history (offers, needs): members see their own only."""

    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    inspect_view_class = InspectView
    history_view_class = HistoryView
    usage_view_class = UsageView


class OfferViewSet(OrganisationRowsViewSet):
    model = Offer
    icon = "clipboard-list"
    menu_label = "Offers"
    menu_order = 250
    add_to_admin_menu = True
    inspect_template_name = "partners/admin/offer_inspect.html"
    inspect_view_fields = [
        "organisation",
        "kind",
        "title",
        "description",
        "quantity_label",
        "available_from",
        "available_until",
        "regular_times",
        "postcode",
        "radius_miles",
        "current_status_label",
    ]

    list_display = [
        "title",
        "organisation",
        "kind",
        Column("current_status_label", label="Status"),
        "updated_at",
    ]
    list_filter = ["kind", "status", "organisation"]
    search_fields = ["title", "description"]
    list_export = [
        "title",
        "organisation",
        "kind",
        "description",
        "quantity",
        "quantity_unit",
        "available_from",
        "available_until",
        "regular_times",
        "postcode",
        "radius_miles",
        "current_status",
        "updated_at",
    ]
    export_filename = "offers"

    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("quantity"), FieldPanel("quantity_unit")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("available_from"), FieldPanel("available_until")]),
                    FieldPanel("regular_times"),
                ],
                heading="When",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("postcode"),
                    FieldPanel("radius_miles"),
                ],
                heading="Where",
            ),
            PinPanel(),
            MultiFieldPanel(
                [FieldPanel(name) for name in FEATURES], heading="Accessibility (for venues)"
            ),
            FieldPanel("status"),
        ],
        base_form_class=OfferAdminForm,
    )


offer_viewset = OfferViewSet("offers")
