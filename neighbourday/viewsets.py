"""Moderators' side in the Wagtail admin: the registrations (hide one with a reason), the
councils' road-closure guidance and the pack's documents."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Site

from . import registration
from .models import CouncilGuidance, Gathering, PackDocument


class HideForm(WagtailAdminModelForm):
    class Meta:
        model = Gathering
        fields = ["hidden", "hidden_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hidden") and not cleaned.get("hidden_reason", "").strip():
            self.add_error("hidden_reason", "Say why: the organiser is sent the reason.")
        return cleaned


class GatheringEditView(generic.EditView):
    """Hiding and showing again go through ``registration``, so the counts, the event page
    and the organiser's e-mail follow."""

    def save_instance(self):
        gathering = Gathering.objects.get(pk=self.object.pk)
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        hidden, reason = self.form.cleaned_data["hidden"], self.form.cleaned_data["hidden_reason"]
        if hidden and not gathering.hidden:
            registration.hide(gathering, reason, site)
        elif not hidden and gathering.hidden:
            registration.unhide(gathering, site)
        else:
            gathering.hidden_reason = reason
            gathering.save(update_fields=["hidden_reason"])
        return gathering


class GatheringViewSet(ModelViewSet):
    model = Gathering
    name = "neighbourday_gathering"
    url_prefix = "neighbour-day/registrations"
    icon = "group"
    menu_label = "Registrations"
    form_class = HideForm
    edit_view_class = GatheringEditView
    list_display = ["__str__", "status", "open_to_everyone", "hidden", "created_at"]
    list_filter = ["status", "hidden", "open_to_everyone", "kind"]
    search_fields = ["street", "district", "organiser_email", "organiser_name"]
    list_export = ["date", "district", "street", "kind", "people", "status", "hidden"]
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["secret", "client_hash"]

    def get_form_class(self, for_update=False):
        return HideForm


class CouncilGuidanceViewSet(ModelViewSet):
    model = CouncilGuidance
    name = "neighbourday_guidance"
    url_prefix = "neighbour-day/road-closures"
    icon = "warning"
    menu_label = "Road-closure guidance"
    # Panels, so the form is Wagtail's admin form with the hub's field settings (hub.apps).
    panels = [
        FieldPanel(name) for name in ("postcode", "council", "lead_time_weeks", "link", "notes")
    ]
    list_display = ["postcode", "council", "lead_time_weeks"]
    search_fields = ["postcode", "council"]


class PackDocumentViewSet(ModelViewSet):
    model = PackDocument
    name = "neighbourday_pack"
    url_prefix = "neighbour-day/pack"
    icon = "doc-full"
    menu_label = "Organiser's pack"
    list_display = ["title", "sort_order"]


class NeighbourDayGroup(ModelViewSetGroup):
    menu_label = "Neighbour Day"
    menu_icon = "group"
    items = (GatheringViewSet, CouncilGuidanceViewSet, PackDocumentViewSet)


neighbour_day_viewsets = NeighbourDayGroup()
