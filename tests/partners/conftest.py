"""A site with two partner organisations, A and B, and the people of the permission matrix."""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from partners.choices import OrganisationKind, Tradition
from partners.factories import (
    OfferFactory,
    OfferIndexPageFactory,
    OrganisationPageFactory,
    PartnershipIndexPageFactory,
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
