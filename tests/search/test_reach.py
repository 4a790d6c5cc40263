"""Results found because their own area reaches the searcher say so, and come after the rest.

A project or an offer based 17 miles away that serves 20 miles around is found by a search
within 5 miles: the list says "Serves your area (based 17.4 miles away)", groups it after the
results within the radius, and the heading counts the two apart; the GeoJSON gives such a
feature its ``reach_miles`` and the same words, in the same order as the list.
"""

from html.parser import HTMLParser

import pytest

from partners.factories import (
    OfferFactory,
    OfferIndexPageFactory,
    PartnershipIndexPageFactory,
    ProjectPageFactory,
)

DEVIZES = "SN10 1AB"


class Results(HTMLParser):
    """The search page's heading, and each listed result's id and distance text, in order."""

    def __init__(self, html):
        super().__init__()
        self.heading, self.items, self.group_headings = "", [], []
        self._field, self._lists = None, 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "h2" and attrs.get("id") == "results-heading":
            self._field = "heading"
        elif tag == "ol" and "results" in classes:
            self._lists += 1
        elif tag == "li" and "results__item" in classes:
            self.items.append({"id": attrs["id"], "distance": "", "list": self._lists})
        elif tag == "span" and "result-card__distance" in classes:
            self._field = "distance"
        elif tag == "h3" and "results__group" in classes:
            self.group_headings.append("")
            self._field = "group"

    def handle_endtag(self, tag):
        if tag in ("h2", "span", "h3"):
            self._field = None

    def handle_data(self, data):
        if self._field == "heading":
            self.heading += data
        elif self._field == "distance":
            self.items[-1]["distance"] += data
        elif self._field == "group":
            self.group_headings[-1] += data


@pytest.fixture
def reaching(tree):
    return build_reaching(tree)


def build_reaching(tree):
    church = tree.organisation  # St Mary's Church, SN10 1AB: within the radius
    PartnershipIndexPageFactory(parent=tree.home)
    OfferIndexPageFactory(parent=tree.home)
    made = {
        "larder": ProjectPageFactory(
            parent=church, title="Church larder", postcode="SN10 1BT", radius_miles=2
        ),
        # Chippenham, 9.4 miles away, reaching 10: serves the searcher.
        "lift": ProjectPageFactory(
            parent=church, title="Lifts to hospital", postcode="SN15 1AA", radius_miles=10
        ),
        # Swindon, 17.4 miles away, reaching 20: serves the searcher.
        "van": OfferFactory(
            organisation=church, title="Removal van", postcode="SN1 1AE", radius_miles=20
        ),
        # Marlborough, 12.5 miles away, reaching 5: does not.
        "hall": OfferFactory(
            organisation=church, title="Town hall", postcode="SN8 1AA", radius_miles=5
        ),
        "urn": OfferFactory(organisation=church, title="Tea urn", postcode=DEVIZES),
    }
    return made


def test_results_that_serve_the_area_are_grouped_after_and_say_why(client, reaching):
    params = {"postcode": DEVIZES, "radius": 5}
    page = Results(client.get("/search/", params).content.decode())
    body = client.get("/api/search.geojson", params).json()
    features = body["features"]

    lift = f"result-projects-{reaching['lift'].pk}"
    van = f"result-offers-{reaching['van'].pk}"
    ids = [item["id"] for item in page.items]
    assert set(ids[-2:]) == {lift, van}  # after the three within 5 miles
    assert len(ids) == 5
    assert ids == [f["properties"]["id"] for f in features]

    by_id = {item["id"]: item for item in page.items}
    assert by_id[van]["distance"] == "Serves your area (based 17.4 miles away)"
    assert by_id[lift]["distance"] == "Serves your area (based 9.4 miles away)"
    assert {item["list"] for item in page.items[:3]} == {1}
    assert {item["list"] for item in page.items[3:]} == {2}
    assert page.group_headings == ["2 more serve your area from further away"]
    assert page.heading.startswith("3 results within 5 miles of ")
    assert page.heading.endswith("; 2 more serve your area")
    assert body["search"]["description"] == page.heading

    properties = {f["properties"]["id"]: f["properties"] for f in features}
    assert properties[van]["reach_miles"] == 20
    assert properties[lift]["reach_miles"] == 10
    within = [key for key in properties if key not in (van, lift)]
    assert all("reach_miles" not in properties[key] for key in within)
    # The words the list shows are the map's.
    assert [item["distance"] for item in page.items] == [
        f["properties"]["distance_text"] for f in features
    ]


def test_a_search_with_only_results_from_further_away(client, reaching):
    params = {"postcode": "SN15 1AA", "radius": 1, "kind": "offers"}
    page = Results(client.get("/search/", params).content.decode())
    assert page.heading.startswith("0 offers within 1 mile of ")
    assert page.heading.endswith("; 1 more serves your area")
    assert [item["distance"] for item in page.items] == ["Serves your area (based 16 miles away)"]
