"""Projects and offers in the map search agree with /partnerships/ and /offers/."""

import pytest

pytestmark = pytest.mark.django_db


def search_ids(client, kind, **params):
    body = client.get("/api/search.geojson", {"kind": kind, **params}).json()
    return {feature["properties"]["title"]: feature for feature in body["features"]}


def listed_titles(response):
    return {item.title for item in response.context["items"]}


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "SN10 2DN", "radius": "1"},
        {"postcode": "BD1 1HY", "radius": "1"},
        {"postcode": "LS1 1UR", "radius": "5"},
        {"postcode": "SN10 1AB", "radius": "25"},
    ],
)
def test_projects_found_by_the_search_are_those_the_listing_shows(client, projects, params):
    found = search_ids(client, "projects", **params)
    assert set(found) == listed_titles(client.get("/partnerships/", params))
    assert "Draft project" not in found and "Private project" not in found
    for title, feature in found.items():
        assert feature["properties"]["kind"] == "projects"
        assert feature["properties"]["url"].startswith("http://testserver/")
        assert feature["properties"]["url"].endswith("/")
        assert title in client.get(feature["properties"]["url"]).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "SN10 1AB", "radius": "1"},
        {"postcode": "BD1 1HY", "radius": "1"},
        {"postcode": "BD1 1HY", "radius": "5"},
        {"postcode": "SN10 1AB", "radius": "25"},
    ],
)
def test_offers_found_by_the_search_are_those_the_listing_shows(client, offers, params):
    found = search_ids(client, "offers", **params)
    assert set(found) == listed_titles(client.get("/offers/", params))
    for hidden in ("Withdrawn chairs", "Old marquee", "Promised tables", "Draft chapel urn"):
        assert hidden not in found
    for title, feature in found.items():
        assert feature["properties"]["kind"] == "offers"
        url = feature["properties"]["url"]
        assert url.startswith("http://testserver/offers/")
        assert title in client.get(url).content.decode()


def test_the_search_page_lists_projects_and_offers(client, offers):
    from partners.factories import ProjectPageFactory

    ProjectPageFactory(
        parent=offers.partnerships,
        title="Langar in Leeds",
        postcode="LS1 1UR",
        radius_miles=10,
        lead_organisations=[offers.gurdwara],
    )
    html = client.get("/search/", {"postcode": "BD1 1HY", "radius": "1"}).content.decode()
    assert "Langar in Leeds" in html and "Leeds minibus" in html
    assert "Partnership project" in html and "Offer" in html
