"""The admin's list of volunteers (moderators only: ``volunteering.view_volunteer``), and the
organisations that may verify checks. Moderators search by district, skill and valid check;
no certificate number is in any column, filter, export or inspect view, and opening a
passport here is recorded for the volunteer to see, as an organisation's opening is."""

import django_filters
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from hub import geocoder

from .choices import SKILLS, CheckKind
from .models import CheckVerifier, Credential, Volunteer
from .permissions import record_access


class VolunteerFilterSet(WagtailFilterSet):
    district = django_filters.CharFilter(label="Postcode district", method="filter_district")
    skill = django_filters.ChoiceFilter(
        label="Skill", choices=list(SKILLS.items()), method="filter_skill"
    )
    check = django_filters.ChoiceFilter(
        label="Has a valid check", choices=CheckKind.choices, method="filter_check"
    )
    reserve = django_filters.BooleanFilter(label="In the Volunteer Reserve")

    class Meta:
        model = Volunteer
        fields = []

    def filter_district(self, queryset, name, value):
        try:
            district = geocoder.normalise_postcode(value).split()[0]
        except geocoder.InvalidPostcode:
            return queryset.none()
        return queryset.filter(district=district)

    def filter_skill(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def filter_check(self, queryset, name, value):
        valid = Credential.objects.valid().filter(volunteer=OuterRef("pk"), kind=value)
        return queryset.filter(Exists(valid))


class IndexView(generic.IndexView):
    def get_base_queryset(self):
        # A count per listed row (a subquery), not a join grouped over every volunteer: the
        # page of 20 costs the same with 100 volunteers or 100,000.
        valid = (
            Credential.objects.valid()
            .filter(volunteer=OuterRef("pk"))
            .order_by()
            .values("volunteer")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_base_queryset().annotate(valid_checks=Coalesce(Subquery(valid), 0))


class InspectView(generic.InspectView):
    def get_object(self, queryset=None):
        volunteer = super().get_object(queryset)
        record_access(volunteer, self.request.user, action="a moderator opened your passport")
        return volunteer


class VolunteerViewSet(ModelViewSet):
    model = Volunteer
    icon = "group"
    menu_label = "Volunteers"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = IndexView
    inspect_view_class = InspectView
    filterset_class = VolunteerFilterSet
    list_display = [
        "display_name",
        "district",
        Column("travel_label", label="Travel"),
        Column("skills_text", label="Skills"),
        Column("valid_checks", label="Valid checks"),
        "reserve",
    ]
    inspect_view_fields = [
        "display_name",
        "district",
        "travel_label",
        "about",
        "skills_text",
        "languages",
        "checks_summary",
        "reserve",
        "created_at",
    ]
    ordering = ["display_name", "pk"]
    form_fields = ["display_name"]


class CheckVerifierViewSet(ModelViewSet):
    model = CheckVerifier
    icon = "success"
    menu_label = "Check verifiers"
    menu_order = 265
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["organisation", Column("verifiable_text", label="May verify")]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            MultiFieldPanel(
                [FieldPanel(f"may_verify_{kind}") for kind in CheckKind.values],
                heading="Checks its members may mark as verified, having seen the certificate",
            ),
        ]
    )


volunteer_viewset = VolunteerViewSet("volunteers")
check_verifier_viewset = CheckVerifierViewSet("check_verifiers")
