"""The map search finds, for each kind, exactly what that kind's own listing finds.

For every kind, several words and several places, ``/search/?kind=...`` (through its
GeoJSON) and the kind's listing (``/events/``, ``/partners/``, ``/partnerships/``,
``/offers/``, ``/volunteer/opportunities/``) are asked the same question over HTTP, and must
name the same things. The data
has words in every field some filter searches (titles, summaries, denominations, addresses,
descriptions, areas, organisations' names, tags), and drafts and private pages that neither
may show.
"""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from needs.factories import NeedFactory
from partners.choices import OrganisationKind, Tradition
from partners.factories import (
    OfferFactory,
    OfferIndexPageFactory,
    OrganisationPageFactory,
    PartnershipIndexPageFactory,
    ProjectPageFactory,
)

LISTINGS = {
    "events": "/events/",
    "partners": "/partners/",
    "projects": "/partnerships/",
    "offers": "/offers/",
    "needs": "/volunteer/opportunities/",
}
WORDS = ["", "church", "food", "methodist", "canal road", "leeds kitchen", "bradford", "nothing"]
PLACES = [("SN10 1AB", "1"), ("SN10 1AB", "25"), ("LS1 1UR", "10"), ("BD1 1HY", "5")]


@pytest.fixture
def places(tree):
    home, partners = tree.home, tree.partners
    PartnershipIndexPageFactory(parent=home)
    OfferIndexPageFactory(parent=home)
    church = tree.organisation  # St Mary's Church, SN10 1AB
    OrganisationPageFactory(
        parent=partners,
        title="Devizes Chapel",
        kind=OrganisationKind.FAITH_GROUP,
        tradition=Tradition.CHRISTIAN,
        denomination="Methodist",
        address="2 Canal Road",
        postcode="SN10 1BT",
    )
    kitchen = OrganisationPageFactory(
        parent=partners,
        title="Bradford Community Kitchen",
        description="<p>A food bank and a warm room, with the Methodist church.</p>",
        address="1 Canal Road",
        postcode="BD1 1HY",
    )
    gurdwara = OrganisationPageFactory(
        parent=partners,
        title="Leeds Gurdwara",
        kind=OrganisationKind.FAITH_GROUP,
        tradition=Tradition.SIKH,
        description="<p>Langar kitchen every day: free food for all.</p>",
        postcode="LS1 1UR",
    )
    hidden = [
        OrganisationPageFactory(parent=partners, title="Draft church", live=False),
        OrganisationPageFactory(parent=partners, title="Private church food kitchen"),
    ]
    PageViewRestriction.objects.create(
        page=hidden[1], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    ProjectPageFactory(
        parent=church,
        title="Church larder",
        summary="Food for anyone who needs it.",
        lead_organisations=[church],
        postcode="SN10 1AB",
        radius_miles=2,
    )
    ProjectPageFactory(
        parent=gurdwara,
        title="Leeds kitchen on wheels",
        area_name="Leeds and Bradford",
        lead_organisations=[gurdwara],
        postcode="LS1 1UR",
        radius_miles=15,
    )
    OfferFactory(organisation=church, title="Church hall", postcode="SN10 1AB", radius_miles=1)
    OfferFactory(
        organisation=kitchen,
        title="Food parcels",
        description="Parcels collected from Canal Road.",
        postcode="BD1 1HY",
        radius_miles=10,
    )
    OfferFactory(organisation=gurdwara, title="Minibus", postcode="LS1 1UR", radius_miles=20)
    OfferFactory(organisation=hidden[1], title="Private kitchen's urn", postcode="SN10 1AB")
    NeedFactory(organisation=church, title="Church food fair helpers", postcode="SN10 1AB")
    NeedFactory(organisation=kitchen, title="Kitchen cooks", description="Food bank shifts.",
                postcode="BD1 1HY")  # fmt: skip
    NeedFactory(organisation=gurdwara, title="Leeds kitchen drivers", postcode="LS1 1UR")
    NeedFactory(organisation=church, title="Online befriending", postcode="", online=True)
    NeedFactory(organisation=hidden[1], title="Private kitchen's need", postcode="SN10 1AB")
    soon = datetime.date.today() + datetime.timedelta(days=5)
    for parent, title, postcode, extra in [
        (tree.events, "Canal road litter pick", "SN10 1BT", {}),
        (church, "Church food fair", "SN10 1AB", {"venue_name": "Church hall"}),
        (tree.events, "Bradford street party", "BD1 1HY", {"summary": "Food and music."}),
        (gurdwara, "Leeds kitchen open day", "LS1 1UR", {"address": "Leeds Kitchen Lane"}),
        (tree.events, "Draft church picnic", "SN10 1AB", {"live": False}),
    ]:
        EventPageFactory(parent=parent, title=title, postcode=postcode, start_date=soon, **extra)
    return tree


def searched(client, kind, params):
    body = client.get("/api/search.geojson", {"kind": kind, **params}).json()
    assert body["count"] == len(body["features"])  # one page holds them all
    return {feature["properties"]["title"] for feature in body["features"]}


def listed(client, kind, params):
    titles, number = set(), 1
    while True:
        response = client.get(LISTINGS[kind], {**params, "page": number})
        assert response.status_code == 200
        if kind == "events":
            titles |= {o.event.title for _, day in response.context["days"] for o in day}
        else:
            titles |= {item.title for item in response.context["items"]}
        if not response.context["page_obj"].has_next():
            return titles
        number += 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LISTINGS)
def test_the_search_finds_what_each_listing_finds(client, places, kind):
    found_anything = set()
    for words in WORDS:
        for postcode, radius in PLACES:
            params = {"q": words, "postcode": postcode, "radius": radius}
            in_search = searched(client, kind, params)
            assert in_search == listed(client, kind, params), params
            assert not {title for title in in_search if "Draft" in title or "Private" in title}
            found_anything |= in_search
    assert len(found_anything) >= 2  # the table asks questions with answers
