"""The public partner directory (/partners/), organisation profiles and the offers (/offers/)."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from hub import pagecache
from partners.choices import OfferStatus, OrganisationKind
from partners.factories import OfferFactory, OrganisationPageFactory, ProjectPageFactory
from tests.hub.test_places import nominatim  # noqa: F401  (the stand-in geocoder fixture)

pytestmark = pytest.mark.django_db


def names(response):
    html = response.content.decode().replace("&#x27;", "'")
    titles = [
        "St Mary's Church",
        "Devizes Mosque",
        "Wiltshire Council",
        "Leeds Gurdwara",
        "Draft Chapel",
        "Private Temple",
    ]
    return {title for title in titles if f">{title}</a>" in html}


def test_the_directory_lists_live_public_organisations(client, directory):
    response = client.get("/partners/")
    assert response.status_code == 200
    assert names(response) == {
        "St Mary's Church",
        "Devizes Mosque",
        "Wiltshire Council",
        "Leeds Gurdwara",
    }
    assert "Partners: 4 found" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected", "description"),
    [
        ("kind=council", {"Wiltshire Council"}, "Council partners"),
        ("tradition=sikh", {"Leeds Gurdwara"}, "Sikh partners"),
        ("kind=faith-group&tradition=muslim", {"Devizes Mosque"}, "Muslim faith group partners"),
        ("q=gurdwara", {"Leeds Gurdwara"}, "Partners matching “gurdwara”"),
        ("postcode=LS1+1UR&radius=5", {"Leeds Gurdwara"}, "within 5 miles of LS1 1UR"),
        (
            "postcode=sn101ab&radius=1",
            {"St Mary's Church", "Devizes Mosque", "Wiltshire Council"},
            "Partners within 1 miles of SN10 1AB",
        ),
    ],
)
def test_directory_filters(client, directory, query, expected, description):
    response = client.get(f"/partners/?{query}")
    assert names(response) == expected
    assert description in response.content.decode()


def test_a_place_search_is_nearest_first_with_distances(client, directory):
    html = client.get("/partners/?postcode=SN10+2DN&radius=3").content.decode()
    assert html.index("Wiltshire Council") < html.index("St Mary")
    assert "under 0.1 miles away" in html  # never "0.0 miles"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("postcode=nonsense", "Searching by place name is not available on this site"),
        ("postcode=12345", "is not a UK postcode"),
        ("postcode=SN10+1AA", "couldn&#x27;t find the postcode SN10 1AA"),
        ("radius=999", "Choose a distance of 1, 3, 5, 10 or 25 miles. We have used 3 miles."),
        ("kind=spaceship", "Select a valid choice"),
        ("q=" + "x" * 5000, "at most 200 characters"),
        ("page=-1&tradition=<script>", "Select a valid choice"),
    ],
)
def test_bad_filters_explain_themselves_and_show_the_rest(client, directory, query, message):
    response = client.get(f"/partners/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some of your choices could not be used" in html
    assert message in html
    assert "<script>" not in html.split("<main", 1)[1]
    assert len(names(response)) == 4


def test_the_directory_makes_the_same_queries_however_many_organisations(
    client, directory, django_assert_num_queries, settings, tmp_path
):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path

    def add_chapels(count, start):
        for number in range(start, start + count):
            logo = Image.objects.create(title=f"Logo {number}", file=get_test_image_file())
            OrganisationPageFactory(
                parent=directory.partners,
                title=f"Chapel {number}",
                kind=OrganisationKind.FAITH_GROUP,
                logo=logo,
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/partners/?kind=faith-group").status_code == 200
        return len(queries)

    add_chapels(2, 0)
    count()  # the first request also caches the site's root paths and makes the renditions
    few = count()
    add_chapels(8, 2)
    client.get("/partners/?kind=faith-group")  # renditions of the new logos are made once
    with django_assert_num_queries(few):
        response = client.get("/partners/?kind=faith-group")
    assert "Chapel 9" in response.content.decode()


def test_the_profile_shows_events_projects_offers_and_the_feed_link(client, site):
    EventPageFactory(parent=site.org_a, title="Harvest supper")
    EventPageFactory(parent=site.events, title="Carols on the green", organiser=site.org_a)
    EventPageFactory(parent=site.org_a, title="Draft bake sale", live=False)
    private_event = EventPageFactory(parent=site.org_a, title="Private choir practice")
    PageViewRestriction.objects.create(
        page=private_event, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    EventPageFactory(parent=site.org_b, title="Mosque open day")
    ProjectPageFactory(parent=site.org_a, title="Community larder", lead_organisations=[site.org_a])
    ProjectPageFactory(
        parent=site.partnerships,
        title="Safer streets",
        lead_organisations=[site.org_b],
        partner_bodies=[site.org_a],
    )
    ProjectPageFactory(
        parent=site.partnerships, title="Other project", lead_organisations=[site.org_b]
    )
    OfferFactory(organisation=site.org_a, title="Withdrawn tables", status=OfferStatus.WITHDRAWN)

    html = client.get(site.org_a.url).content.decode()
    for shown in (
        "Harvest supper",
        "Carols on the green",
        "Community larder",
        "Safer streets",
        site.offer_a.title,
    ):
        assert shown in html, shown
    for hidden in (
        "Draft bake sale",
        "Private choir practice",
        "Mosque open day",
        "Other project",
        "Withdrawn tables",
        site.offer_b.title,
    ):
        assert hidden not in html, hidden
    assert f'href="{site.org_a.url}feed.ics"' in html
    assert f'href="/offers/{site.offer_a.pk}/"' in html


def test_the_profile_makes_the_same_queries_however_much_it_lists(
    client, site, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's

    def add(number):
        EventPageFactory(parent=site.org_a, title=f"Supper {number}")
        ProjectPageFactory(
            parent=site.org_a,
            title=f"Project {number}",
            lead_organisations=[site.org_a, site.org_b],
        )
        OfferFactory(organisation=site.org_a, title=f"Offer {number}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(site.org_a.url).status_code == 200
        return len(queries)

    add(0)
    count()
    few = count()
    for number in range(1, 6):
        add(number)
    with django_assert_num_queries(few):
        response = client.get(site.org_a.url)
    html = response.content.decode()
    assert "Supper 5" in html and "Project 5" in html and "Offer 5" in html


def test_the_profile_shows_charity_number_logo_and_verified_mark(client, site, settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = tmp_path
    org = site.org_a
    org.charity_number = "SC012345"
    org.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    org.save_revision().publish()
    html = client.get(org.url).content.decode()
    assert "Registered charity in Scotland, number SC012345" in html
    assert 'class="org__logo"' in html
    assert "Verified partner" not in html
    type(org).objects.filter(pk=org.pk).update(verified=True)
    pagecache.changed()  # as the verify view does after its update()
    assert "Verified partner" in client.get(org.url).content.decode()


# --- /offers/ ---------------------------------------------------------------------------


def offer_titles(response):
    html = response.content.decode()
    everything = [
        "Church hall",
        "Leeds minibus",
        "Leeds tables",
        "Promised tables",
        "Withdrawn chairs",
        "Old marquee",
        "Draft chapel urn",
        "Private temple kitchen",
        "Church hall for 80",
        "Minibus on Saturdays",
    ]
    return {title for title in everything if f">{title}</a>" in html}


def test_offers_lists_only_available_offers_of_public_organisations(client, offers):
    assert offer_titles(client.get("/offers/")) == {
        "Church hall",
        "Leeds minibus",
        "Leeds tables",
        "Church hall for 80",
        "Minibus on Saturdays",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=venue", {"Church hall"}),
        ("kind=transport", {"Leeds minibus"}),
        ("access=step_free", {"Church hall"}),
        ("q=minibus", {"Leeds minibus", "Minibus on Saturdays"}),
        # Bradford is 9 miles from LS1 1UR: the minibus reaches 10 miles, so it serves
        # Bradford; the tables reach 5, which with a 1-mile search is not enough.
        ("postcode=BD1+1HY&radius=1", {"Leeds minibus"}),
        ("postcode=BD1+1HY&radius=5", {"Leeds minibus", "Leeds tables"}),
        ("postcode=LS1+1UR&radius=1&kind=venue", set()),
    ],
)
def test_offers_filters_by_kind_place_and_access(client, offers, query, expected):
    assert offer_titles(client.get(f"/offers/?{query}")) == expected


def test_an_offer_page_and_what_it_never_shows(client, offers):
    html = client.get(f"/offers/{offers.hall.pk}/").content.decode()
    assert "Church hall" in html and "Step-free access" in html
    assert f'href="{offers.org_a.url}"' in html
    promised = client.get(f"/offers/{offers.promised.pk}/")
    assert promised.status_code == 200
    assert "no longer available" in promised.content.decode()
    for hidden in (offers.of_draft, offers.of_private):
        assert client.get(f"/offers/{hidden.pk}/").status_code == 404
    gone = client.get(f"/offers/{offers.withdrawn.pk}/")  # was public: gone, not unknown
    assert gone.status_code == 410 and "no longer available" in gone.content.decode()


def test_the_offers_listing_makes_the_same_queries_however_many_offers(
    client, offers, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the view's own queries, not the page cache's

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/offers/?postcode=SN10+1AB&radius=5").status_code == 200
        return len(queries)

    count()  # the first request also caches the site's root paths
    few = count()
    for number in range(10):
        OfferFactory(organisation=offers.org_b, title=f"Extra {number}")
    with django_assert_num_queries(few):
        response = client.get("/offers/?postcode=SN10+1AB&radius=5")
    assert "Extra 9" in response.content.decode()


def test_the_sitemap_lists_the_available_offers_only(client, offers):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/offers/{offers.hall.pk}/</loc>" in xml
    for hidden in (offers.withdrawn, offers.expired, offers.promised, offers.of_draft):
        assert f"/offers/{hidden.pk}/</loc>" not in xml


@pytest.mark.parametrize("url", ["/partners/", "/partnerships/", "/offers/"])
def test_directories_share_the_place_look_up_allowance(nominatim, site, client, url):  # noqa: F811
    """Place names are looked up as on /events/ and /search/: past the allowance, a 429."""
    with override_settings(PLACE_LOOKUPS_PER_MINUTE=1):
        first = client.get(url, {"postcode": "Nowhereshire"})
        assert first.status_code == 200
        assert "Some of your choices could not be used" in first.content.decode()
        response = client.get(url, {"postcode": "Slowtown"})
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert "wait a minute" in response.content.decode()
        assert client.get(url, {"postcode": "SN10 1AB"}).status_code == 200
    assert len(nominatim.requests) == 1
