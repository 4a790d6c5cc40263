"""/offers/ and /partnerships/ searched by postcode say, as the map search does, when a row is
listed because its own area reaches the searcher: "Serves your area (based 17.4 miles away)",
after the rows within the radius and under the same heading as there (see
tests/search/test_reach.py, same fixture, same words).
"""

from html.parser import HTMLParser

import pytest

from tests.search.test_reach import DEVIZES, reaching  # noqa: F401

pytestmark = pytest.mark.django_db


class Cards(HTMLParser):
    """Each card's title, distance text and group heading, in order, and the results heading."""

    def __init__(self, html):
        super().__init__()
        self.cards, self.heading, self.group, self._field = [], "", "", None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h2" and dict(attrs).get("id") == "results-heading":
            self._field = "heading"
        elif tag == "h3" and "results__group" in classes:
            self.group, self._field = "", "group"
        elif tag == "article":
            self.cards.append({"title": "", "distance": "", "group": self.group})
        elif tag == "h3" and any(c.endswith("-card__title") for c in classes):
            self._field = "title"
        elif tag == "span" and any(c.endswith("-card__distance") for c in classes):
            self._field = "distance"

    def handle_endtag(self, tag):
        if tag in ("h2", "h3", "span"):
            self._field = None

    def handle_data(self, data):
        if self._field == "heading":
            self.heading += data
        elif self._field == "group":
            self.group += data
        elif self._field:
            self.cards[-1][self._field] += data.strip()


def cards(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return Cards(response.content.decode())


def test_offers_that_serve_the_area_come_after_and_say_why(client, reaching):  # noqa: F811
    page = cards(client, "/offers/", postcode=DEVIZES, radius=5)
    assert [(card["title"], card["distance"]) for card in page.cards] == [
        ("Tea urn", "under 0.1 miles away"),
        ("Removal van", "Serves your area (based 17.4 miles away)"),
    ]  # not the town hall: 12.5 miles away, it reaches 5
    assert page.heading.endswith(": 1 found; 1 more serves your area")


def test_projects_that_serve_the_area_come_after_and_say_why(client, reaching):  # noqa: F811
    page = cards(client, "/partnerships/", postcode=DEVIZES, radius=5)
    assert [(card["title"], card["distance"]) for card in page.cards] == [
        ("Church larder", "0.2 miles away"),
        ("Lifts to hospital", "Serves your area (based 9.4 miles away)"),
    ]


def test_only_serving_rows_and_the_same_words_as_the_search(client, reaching):  # noqa: F811
    params = {"postcode": "SN15 1AA", "radius": 1}
    page = cards(client, "/offers/", **params)
    search = client.get("/api/search.geojson", {**params, "kind": "offers"}).json()
    assert [card["distance"] for card in page.cards] == [
        feature["properties"]["distance_text"] for feature in search["features"]
    ]
    assert [card["distance"] for card in page.cards] == ["Serves your area (based 16 miles away)"]
    assert page.heading.endswith(": 0 found; 1 more serves your area")


@pytest.mark.parametrize(
    ("url", "within", "serving"),
    [
        ("/offers/", "Tea urn", "Removal van"),
        ("/partnerships/", "Church larder", "Lifts to hospital"),
    ],
)
@pytest.mark.usefixtures("reaching")
def test_those_serving_the_area_are_listed_under_a_heading_of_their_own(
    client, url, within, serving
):
    page = cards(client, url, postcode=DEVIZES, radius=5)
    assert [(card["title"], card["group"]) for card in page.cards] == [
        (within, ""),
        (serving, "1 more serves your area from further away"),
    ]
    search = client.get("/search/", {"postcode": DEVIZES, "radius": 5}).content.decode()
    assert "2 more serve your area from further away" in search  # the van and the lifts


def test_no_serving_heading_when_none_serve_from_further_away(client, reaching):  # noqa: F811
    page = cards(client, "/offers/", postcode=DEVIZES, radius=25)  # all of them within it
    assert len(page.cards) == 3 and {card["group"] for card in page.cards} == {""}
    assert "more serve" not in page.heading
