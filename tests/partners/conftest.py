"""A site with two partner organisations, A and B, and the people of the permission matrix;
more organisations, offers and projects for the directories."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from partners.choices import (
    OfferStatus,
    OrganisationKind,
    OutcomeMeasure,
    ProjectStatus,
    Tradition,
)
from partners.factories import (
    OfferFactory,
    OfferIndexPageFactory,
    OrganisationPageFactory,
    PartnershipIndexPageFactory,
    ProjectOutcomeFactory,
    ProjectPageFactory,
)
from partners.sections import MODERATORS, add_editor

PASSWORD = "correct horse battery staple"


def make_user(username, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    return user


def build_partner_site(tree):
    """Organisation A (tree.organisation, a church) and B (a mosque), with an offer each."""
    partnerships = PartnershipIndexPageFactory(parent=tree.home, show_in_menus=True)
    offers = OfferIndexPageFactory(parent=tree.home, show_in_menus=True)
    org_a = tree.organisation
    org_a.kind, org_a.tradition, org_a.denomination = (
        OrganisationKind.FAITH_GROUP,
        Tradition.CHRISTIAN,
        "Anglican",
    )
    org_a.save_revision().publish()
    org_b = OrganisationPageFactory(
        parent=tree.partners,
        title="Devizes Mosque",
        kind=OrganisationKind.FAITH_GROUP,
        tradition=Tradition.MUSLIM,
        postcode="SN10 2AA",
    )
    member_a, member_b = make_user("member-a"), make_user("member-b")
    add_editor(org_a, member_a)
    add_editor(org_b, member_b)
    moderator = make_user("moderator")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    admin = make_user("admin", is_staff=True, is_superuser=True)
    return SimpleNamespace(
        **vars(tree),
        partnerships=partnerships,
        offers=offers,
        org_a=org_a,
        org_b=org_b,
        member_a=member_a,
        member_b=member_b,
        moderator=moderator,
        admin=admin,
        offer_a=OfferFactory(organisation=org_a, title="Church hall for 80"),
        offer_b=OfferFactory(organisation=org_b, title="Minibus on Saturdays"),
    )


@pytest.fixture
def site(tree):
    return build_partner_site(tree)


@pytest.fixture
def directory(site):
    """More organisations: a council, a Sikh gurdwara in Leeds, a draft and a private one."""
    site.council = OrganisationPageFactory(
        parent=site.partners,
        title="Wiltshire Council",
        kind=OrganisationKind.COUNCIL,
        postcode="SN10 2DN",
    )
    site.gurdwara = OrganisationPageFactory(
        parent=site.partners,
        title="Leeds Gurdwara",
        kind=OrganisationKind.FAITH_GROUP,
        tradition=Tradition.SIKH,
        postcode="LS1 1UR",
    )
    site.draft = OrganisationPageFactory(
        parent=site.partners, title="Draft Chapel", live=False, kind=OrganisationKind.FAITH_GROUP
    )
    site.private = OrganisationPageFactory(
        parent=site.partners, title="Private Temple", kind=OrganisationKind.FAITH_GROUP
    )
    PageViewRestriction.objects.create(
        page=site.private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return site


@pytest.fixture
def offers(directory):
    site = directory
    today = datetime.date.today()
    site.hall = OfferFactory(
        organisation=site.org_a,
        title="Church hall",
        kind="venue",
        step_free=True,
        postcode="SN10 1AB",
        radius_miles=2,
    )
    site.minibus = OfferFactory(
        organisation=site.gurdwara,
        title="Leeds minibus",
        kind="transport",
        postcode="LS1 1UR",
        radius_miles=10,
    )
    site.tables = OfferFactory(
        organisation=site.gurdwara,
        title="Leeds tables",
        kind="equipment",
        postcode="LS1 1UR",
        radius_miles=5,
    )
    site.promised = OfferFactory(
        organisation=site.org_a, title="Promised tables", status=OfferStatus.COMMITTED
    )
    site.withdrawn = OfferFactory(
        organisation=site.org_a, title="Withdrawn chairs", status=OfferStatus.WITHDRAWN
    )
    site.expired = OfferFactory(
        organisation=site.org_a,
        title="Old marquee",
        available_until=today - datetime.timedelta(days=1),
    )
    site.of_draft = OfferFactory(organisation=site.draft, title="Draft chapel urn")
    site.of_private = OfferFactory(organisation=site.private, title="Private temple kitchen")
    return site


@pytest.fixture
def projects(site):
    """Four live projects (two in Devizes, one in Leeds reaching 10 miles, one idea), a draft
    and a private one, each with outcomes."""
    gurdwara = OrganisationPageFactory(
        parent=site.partners,
        title="Leeds Gurdwara",
        kind=OrganisationKind.FAITH_GROUP,
        tradition=Tradition.SIKH,
        postcode="LS1 1UR",
    )
    council = OrganisationPageFactory(
        parent=site.partners, title="Wiltshire Council", kind=OrganisationKind.COUNCIL
    )
    site.larder = ProjectPageFactory(
        parent=site.org_a,
        title="Community larder",
        food_insecurity=True,
        loneliness=True,
        lead_organisations=[site.org_a],
        partner_bodies=[council],
        postcode="SN10 1AB",
    )
    site.patrols = ProjectPageFactory(
        parent=site.partnerships,
        title="Street patrols",
        crime_and_safety=True,
        lead_organisations=[site.org_b],
        postcode="SN10 2DN",
    )
    site.langar = ProjectPageFactory(
        parent=site.partnerships,
        title="Langar in Leeds",
        food_insecurity=True,
        homelessness=True,
        lead_organisations=[gurdwara],
        postcode="LS1 1UR",
        radius_miles=10,
    )
    site.idea = ProjectPageFactory(
        parent=site.org_b,
        title="Job club idea",
        status=ProjectStatus.IDEA,
        employment_and_skills=True,
        lead_organisations=[site.org_b],
        postcode="SN10 2AA",
    )
    site.finished = ProjectPageFactory(
        parent=site.org_a,
        title="Summer meals",
        status=ProjectStatus.COMPLETED,
        food_insecurity=True,
        lead_organisations=[site.org_a],
    )
    site.draft_project = ProjectPageFactory(
        parent=site.partnerships,
        title="Draft project",
        live=False,
        food_insecurity=True,
        lead_organisations=[site.org_a],
    )
    site.private_project = ProjectPageFactory(
        parent=site.partnerships,
        title="Private project",
        food_insecurity=True,
        lead_organisations=[site.org_a],
    )
    PageViewRestriction.objects.create(
        page=site.private_project, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for project, volunteers, meals in (
        (site.larder, 10, 1000),
        (site.patrols, 5, 0),
        (site.langar, 20, 5000),
        (site.finished, 7, 300),
        (site.draft_project, 1000, 1000),
        (site.private_project, 1000, 1000),
    ):
        ProjectOutcomeFactory(project=project, measure=OutcomeMeasure.VOLUNTEERS, value=volunteers)
        if meals:
            ProjectOutcomeFactory(project=project, measure=OutcomeMeasure.MEALS, value=meals)
    ProjectOutcomeFactory(
        project=site.larder, measure=OutcomeMeasure.OTHER, name="food parcels", value=40
    )
    ProjectOutcomeFactory(
        project=site.langar, measure=OutcomeMeasure.OTHER, name="food parcels", value=60
    )
    return site
