"""The permission matrix: who may do what with organisation A's pages and offers.

Rows are the people (nobody signed in, a member of A, a member of B, a moderator, an
administrator); columns are every dashboard URL, admin page and action on A's objects. Each
cell says what must happen and is checked twice: the HTTP answer, and whether the action
really took effect (or, for pages that list or show things, whether A's object is shown).
"""

from dataclasses import dataclass

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from events.factories import EventPageFactory
from events.models import EventPage
from partners.choices import OfferStatus
from partners.models import Offer, OrganisationPage
from tests import permissions
from tests.events.test_admin import event_form
from tests.permissions import (
    DASHBOARD_LOGIN,
    E403,
    E404,
    HIDDEN,
    LOGIN,
    OK,
    OWN_SECTION,
    SAVED_NOT_PUBLISHED,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member_a", "member_b", "moderator", "admin"]


@dataclass
class Action(permissions.Action):
    login_url: str = permissions.ADMIN_LOGIN


def shows_a(site, response):
    return site.offer_a.title in response.content.decode()


def shows_event_a(site, response):
    return site.event_a.title in response.content.decode()


def offer_a(site):
    return Offer.objects.filter(pk=site.offer_a.pk).first()


OFFER_POST = {
    "kind": "venue",
    "title": "Changed title",
    "description": "A hall.",
    "postcode": "SN10 1AB",
    "radius_miles": "3",
    "status": "available",
}


def offer_edited(site, response):
    offer = offer_a(site)
    return offer is not None and offer.title == "Changed title"


def admin_offer_form(site):
    data = dict(OFFER_POST, organisation=str(site.org_a.pk))
    return data


def latest_event_title(site):
    return EventPage.objects.get(pk=site.event_a.pk).get_latest_revision_as_object().title


def live_event_title(site):
    return EventPage.objects.get(pk=site.event_a.pk).title


MEMBERS_AND_MODERATORS = {
    "anonymous": LOGIN,
    "member_a": OK,
    "member_b": E404,
    "moderator": OK,
    "admin": OK,
}
ACTIONS = {
    # --- the partner dashboard --------------------------------------------------------
    "dashboard: list offers": Action(
        lambda c, s: c.get("/dashboard/?show=all"),
        shows_a,
        {**MEMBERS_AND_MODERATORS, "member_b": HIDDEN},
        DASHBOARD_LOGIN,
    ),
    "dashboard: view an offer": Action(
        lambda c, s: c.get(f"/dashboard/offers/{s.offer_a.pk}/"),
        shows_a,
        MEMBERS_AND_MODERATORS,
        DASHBOARD_LOGIN,
    ),
    "dashboard: open the edit form": Action(
        lambda c, s: c.get(f"/dashboard/offers/{s.offer_a.pk}/edit/"),
        shows_a,
        MEMBERS_AND_MODERATORS,
        DASHBOARD_LOGIN,
    ),
    "dashboard: add an offer for A": Action(
        lambda c, s: c.post(
            "/dashboard/offers/new/", dict(OFFER_POST, organisation=str(s.org_a.pk))
        ),
        lambda s, r: Offer.objects.filter(organisation=s.org_a, title="Changed title").exists(),
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
        DASHBOARD_LOGIN,
    ),
    "dashboard: edit an offer": Action(
        lambda c, s: c.post(f"/dashboard/offers/{s.offer_a.pk}/edit/", OFFER_POST),
        offer_edited,
        MEMBERS_AND_MODERATORS,
        DASHBOARD_LOGIN,
    ),
    "dashboard: withdraw an offer": Action(
        lambda c, s: c.post(f"/dashboard/offers/{s.offer_a.pk}/withdraw/"),
        lambda s, r: offer_a(s).status == OfferStatus.WITHDRAWN,
        MEMBERS_AND_MODERATORS,
        DASHBOARD_LOGIN,
    ),
    "dashboard: reopen a withdrawn offer": Action(
        lambda c, s: c.post(f"/dashboard/offers/{s.withdrawn_a.pk}/reopen/"),
        lambda s, r: Offer.objects.get(pk=s.withdrawn_a.pk).status == OfferStatus.AVAILABLE,
        MEMBERS_AND_MODERATORS,
        DASHBOARD_LOGIN,
    ),
    "dashboard: delete an offer": Action(
        lambda c, s: c.post(f"/dashboard/offers/{s.offer_a.pk}/delete/"),
        lambda s, r: offer_a(s) is None,
        {**MEMBERS_AND_MODERATORS, "member_a": E403},
        DASHBOARD_LOGIN,
    ),
    # --- the offers in the Wagtail admin ------------------------------------------------
    "admin: list offers": Action(
        lambda c, s: c.get("/admin/offers/"),
        shows_a,
        {**MEMBERS_AND_MODERATORS, "member_b": HIDDEN},
    ),
    "admin: inspect an offer": Action(
        lambda c, s: c.get(f"/admin/offers/inspect/{s.offer_a.pk}/"),
        shows_a,
        MEMBERS_AND_MODERATORS,
    ),
    "admin: offer history": Action(
        lambda c, s: c.get(f"/admin/offers/history/{s.offer_a.pk}/"),
        shows_a,
        MEMBERS_AND_MODERATORS,
    ),
    "admin: add an offer for A": Action(
        lambda c, s: c.post("/admin/offers/new/", admin_offer_form(s)),
        lambda s, r: Offer.objects.filter(organisation=s.org_a, title="Changed title").exists(),
        # B's form refuses the organisation like any invalid choice: 200 with the error.
        {**MEMBERS_AND_MODERATORS, "member_b": HIDDEN},
    ),
    "admin: edit an offer": Action(
        lambda c, s: c.post(f"/admin/offers/edit/{s.offer_a.pk}/", admin_offer_form(s)),
        offer_edited,
        MEMBERS_AND_MODERATORS,
    ),
    "admin: delete an offer": Action(
        lambda c, s: c.post(f"/admin/offers/delete/{s.offer_a.pk}/"),
        lambda s, r: offer_a(s) is None,
        {**MEMBERS_AND_MODERATORS, "member_a": E403},
    ),
    # --- A's pages in the Wagtail admin -------------------------------------------------
    "admin: explore A's section": Action(
        lambda c, s: c.get(f"/admin/pages/{s.org_a.pk}/"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": OWN_SECTION},
    ),
    "admin: explore A's section (results)": Action(
        lambda c, s: c.get(f"/admin/pages/{s.org_a.pk}/results/"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": OWN_SECTION},
    ),
    "admin: open A's profile to edit": Action(
        lambda c, s: c.get(f"/admin/pages/{s.org_a.pk}/edit/"),
        lambda s, r: 'id="page-edit-form"' in r.content.decode(),
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: open A's event to edit": Action(
        lambda c, s: c.get(f"/admin/pages/{s.event_a.pk}/edit/"),
        lambda s, r: 'id="page-edit-form"' in r.content.decode(),
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: preview A's draft": Action(
        lambda c, s: c.get(f"/admin/pages/{s.event_a.pk}/view_draft/"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: page history": Action(
        lambda c, s: c.get(f"/admin/pages/{s.event_a.pk}/history/"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: add an event in A's section": Action(
        lambda c, s: c.post(
            f"/admin/pages/add/events/eventpage/{s.org_a.pk}/",
            event_form(title="Added", slug="added"),
        ),
        lambda s, r: EventPage.objects.child_of(s.org_a).filter(slug="added").exists(),
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: save a change to A's event": Action(
        lambda c, s: c.post(
            f"/admin/pages/{s.event_a.pk}/edit/",
            event_form(title="Changed title", slug=s.event_a.slug),
        ),
        lambda s, r: latest_event_title(s) == "Changed title",
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
    "admin: publish A's event": Action(
        lambda c, s: c.post(
            f"/admin/pages/{s.event_a.pk}/edit/",
            event_form(title="Changed title", slug=s.event_a.slug, **{"action-publish": "1"}),
        ),
        lambda s, r: live_event_title(s) == "Changed title",
        # A member's "publish" is only saved as a draft: the live page is unchanged.
        {**MEMBERS_AND_MODERATORS, "member_a": SAVED_NOT_PUBLISHED, "member_b": E403},
    ),
    "admin: unpublish A's event": Action(
        lambda c, s: c.post(f"/admin/pages/{s.event_a.pk}/unpublish/"),
        lambda s, r: not EventPage.objects.get(pk=s.event_a.pk).live,
        {**MEMBERS_AND_MODERATORS, "member_a": E403, "member_b": E403},
    ),
    "admin: delete A's event": Action(
        lambda c, s: c.post(f"/admin/pages/{s.event_a.pk}/delete/"),
        lambda s, r: not EventPage.objects.filter(pk=s.event_a.pk).exists(),
        {**MEMBERS_AND_MODERATORS, "member_a": E403, "member_b": E403},
    ),
    "admin API: A's event": Action(
        lambda c, s: c.get(f"/admin/api/main/pages/{s.event_a.pk}/"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": E404},
    ),
    "admin API: search for A's event": Action(
        lambda c, s: c.get("/admin/api/main/pages/?search=Harvest"),
        shows_event_a,
        {**MEMBERS_AND_MODERATORS, "member_b": HIDDEN},
    ),
    "admin: verify organisation A": Action(
        lambda c, s: c.post(
            f"/admin/partners/organisation/{s.org_a.pk}/verify/", {"verified": "true"}
        ),
        lambda s, r: OrganisationPage.objects.get(pk=s.org_a.pk).verified,
        {**MEMBERS_AND_MODERATORS, "member_a": E403, "member_b": E403},
    ),
    "admin: set verified through A's page form": Action(
        lambda c, s: c.post(
            f"/admin/pages/{s.org_a.pk}/edit/",
            nested_form_data(
                {
                    "title": s.org_a.title,
                    "slug": s.org_a.slug,
                    "kind": s.org_a.kind,
                    "tradition": s.org_a.tradition,
                    "description": rich_text("<p>Hi</p>"),
                    "verified": "on",
                    "action-publish": "1",
                }
            ),
        ),
        lambda s, r: OrganisationPage.objects.get(pk=s.org_a.pk).verified,
        # Nobody sets it this way, not even an administrator: it is not a page field.
        {
            "anonymous": LOGIN,
            "member_a": SAVED_NOT_PUBLISHED,
            "member_b": E403,
            "moderator": SAVED_NOT_PUBLISHED,
            "admin": SAVED_NOT_PUBLISHED,
        },
    ),
    "admin: edit an image in A's collection": Action(
        lambda c, s: c.get(f"/admin/images/{s.image_a.pk}/"),
        lambda s, r: s.image_a.title in r.content.decode(),
        {**MEMBERS_AND_MODERATORS, "member_b": E403},
    ),
}


@pytest.fixture
def matrix_site(site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    site.event_a = EventPageFactory(parent=site.org_a, title="Harvest supper")
    site.withdrawn_a = Offer.objects.create(
        organisation=site.org_a,
        kind="food",
        title="Withdrawn soup",
        description="Soup.",
        postcode="SN10 1AB",
        status=OfferStatus.WITHDRAWN,
    )
    site.image_a = Image.objects.create(
        title="Church logo",
        file=get_test_image_file(),
        collection=site.org_a.section.collection,
    )
    return site


@permissions.every_cell(ACTIONS, ROLES)
def test_permission_matrix(client, matrix_site, settings, tmp_path, action_name, role):
    settings.MEDIA_ROOT = tmp_path
    problem = permissions.check_cell(client, matrix_site, ACTIONS[action_name], role)
    assert not problem, problem


def test_every_cell_is_in_the_matrix():
    assert not permissions.incomplete_columns(ACTIONS, ROLES)
