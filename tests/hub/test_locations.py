"""near(): complete at the edges, sorted, and in agreement with distances worked out apart.

The expected answers come from geographiclib (the reference geodesic code, called directly)
over EVERY row, with no bounding box, so a box that clipped the circle would show up as a
missing row. near() only needs latitude and longitude columns, so most tests use PlaceLookup
rows, which bulk-create in milliseconds; one test runs on real located pages.
"""

import gzip
import math
import random

import pytest
from geographiclib.geodesic import Geodesic

from events.factories import EventPageFactory
from events.models import Occurrence
from hub import geocoder
from hub.geocoder import Point
from hub.locations import MAX_RADIUS_MILES, bounding_box, distance_miles, near
from hub.models import PlaceLookup

METRES_PER_MILE = 1609.344
RADII = [1, 3, 5, 10, 25, MAX_RADIUS_MILES]
# How far near()'s reported distance may be from the geodesic (see hub.locations._estimator):
# 0.002 miles is about 3 metres, far below the 0.1 miles the site shows.
DISTANCE_TOLERANCE = 0.002


def reference_miles(a, b):
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / METRES_PER_MILE


def real_postcodes(area, count, seed):
    """``count`` real postcodes of one Code-Point Open area, picked the same way every time."""
    path = geocoder._data_dir() / f"{area.lower()}.csv.gz"
    with gzip.open(path, "rt", encoding="ascii") as rows:
        postcodes = [row.split(",", 1)[0] for row in rows if not row.endswith(",0,0\n")]
    return random.Random(seed).sample(postcodes, min(count, len(postcodes)))


def store(points):
    """One PlaceLookup row per (label, point); returns {pk: (latitude, longitude)}."""
    PlaceLookup.objects.bulk_create(
        PlaceLookup(
            query=f"{index}:{label}",
            label=label,
            latitude=point[0],
            longitude=point[1],
            looked_up_at="2025-01-01T00:00Z",
        )
        for index, (label, point) in enumerate(points)
    )
    return {row.pk: (row.latitude, row.longitude) for row in PlaceLookup.objects.all()}


def check_near(rows, centre, radius):
    found = near(PlaceLookup.objects.all(), Point(*centre), radius)
    expected = {pk for pk, point in rows.items() if reference_miles(centre, point) <= radius}
    got = [row.pk for row, _ in found]
    assert set(got) == expected, (centre, radius)
    assert len(got) == len(set(got))
    miles = [m for _, m in found]
    assert miles == sorted(miles)
    for row, m in found:
        assert m == pytest.approx(reference_miles(centre, rows[row.pk]), abs=DISTANCE_TOLERANCE)
    return found


# Real postcodes on both sides of the Greenwich meridian (south and east London, Dartford,
# Essex), at the north of Great Britain (Shetland, Orkney, Sutherland) and at its south-west
# (Cornwall and the Scilly Isles).
GRID_AREAS = {
    "greenwich": ["SE", "E", "DA", "RM", "IG"],
    "north": ["ZE", "KW", "IV"],
    "south-west": ["TR", "PL"],
}
CENTRES = {
    "greenwich": ["SE10 8XJ", "E14 9SH", "DA1 1AA"],
    "north": ["ZE2 9AU", "KW15 1AA"],
    "south-west": ["TR21 0HE", "TR18 2AA"],
}


@pytest.fixture(params=list(GRID_AREAS))
def grid(request, db):
    points = []
    for seed, area in enumerate(GRID_AREAS[request.param]):
        for postcode in real_postcodes(area, 400, seed):
            points.append((postcode, geocoder.geocode_postcode(postcode)))
    centres = [geocoder.geocode_postcode(postcode) for postcode in CENTRES[request.param]]
    return store(points), centres


def test_near_finds_exactly_the_rows_within_every_radius(grid):
    rows, centres = grid
    for centre in centres:
        for radius in RADII:
            check_near(rows, centre, radius)


def test_a_row_exactly_on_the_edge_is_in_and_just_beyond_it_is_out(grid):
    """Radii chosen so that real postcodes sit on the circle: in the box's corners, at its
    north and south edges and due east and west, wherever they happen to fall. Only the
    exact geodesic can settle these, so they also prove the fast estimate hands them over."""
    rows, centres = grid
    rng = random.Random(7)
    for centre in centres:
        nearby = [pk for pk, point in rows.items() if 0.5 < reference_miles(centre, point) < 40]
        for pk in rng.sample(nearby, min(40, len(nearby))):
            # A tenth of a millimetre either side of the row's distance (1e-7 miles).
            edge = reference_miles(centre, rows[pk])
            just_in = near(PlaceLookup.objects.all(), Point(*centre), edge + 1e-7)
            assert pk in {row.pk for row, _ in just_in}
            just_out = near(PlaceLookup.objects.all(), Point(*centre), edge - 1e-7)
            assert pk not in {row.pk for row, _ in just_out}


def test_the_greenwich_grid_really_straddles_the_meridian(db):
    longitudes = [
        geocoder.geocode_postcode(p).longitude
        for area in GRID_AREAS["greenwich"]
        for p in real_postcodes(area, 50, 1)
    ]
    assert min(longitudes) < -0.05 and max(longitudes) > 0.05


def points_around(centre, radius, count=72, fractions=(0.5, 0.999, 1.001, 1.5)):
    """Synthetic points at every 5 degrees of bearing, inside, on and outside the circle."""
    points = []
    for fraction in fractions:
        for step in range(count):
            line = Geodesic.WGS84.Direct(
                centre[0], centre[1], step * 360 / count, radius * fraction * METRES_PER_MILE
            )
            lon = (line["lon2"] + 180) % 360 - 180
            points.append((f"{fraction}/{step}", (line["lat2"], lon)))
    return points


@pytest.mark.django_db
@pytest.mark.parametrize(
    "centre",
    [
        (0.0, 10.0),  # the equator, where a degree of latitude is shortest
        (51.4773, -0.0015),  # the Greenwich meridian
        (89.95, 30.0),  # the North Pole inside the circle: every longitude
        (-89.5, 0.0),  # near the South Pole
        (65.0, 179.9),  # across the antimeridian
        (-17.8, -179.95),  # across it the other way
    ],
)
@pytest.mark.parametrize("radius", [1, 25, MAX_RADIUS_MILES])
def test_near_is_complete_at_the_equator_poles_and_antimeridian(centre, radius):
    rows = store(points_around(centre, radius))
    found = check_near(rows, centre, radius)
    assert len(found) == 72 * 2  # the 0.5 and 0.999 rings, never the 1.001 ring


def test_bounding_box_contains_the_circle():
    for centre in [(0.0, 0.0), (51.5, -0.1), (60.8, -0.8), (80.0, 45.0)]:
        for radius in RADII:
            lat_min, lat_max, lng_min, lng_max = bounding_box(Point(*centre), radius)
            for _, (lat, lng) in points_around(centre, radius, fractions=(1.0,)):
                assert lat_min <= lat <= lat_max
                assert lng_min <= lng <= lng_max
            # ...and is not wastefully large: no more than 1% beyond the radius.
            assert lat_max - centre[0] < math.degrees(radius * METRES_PER_MILE * 1.01 / 6.3354e6)


@pytest.mark.django_db
@pytest.mark.parametrize("radius", [0, -1, MAX_RADIUS_MILES + 0.1, 10_000, float("nan")])
def test_near_refuses_a_radius_beyond_the_limit(radius):
    with pytest.raises(ValueError, match="at most"):
        near(PlaceLookup.objects.all(), Point(51.5, -0.1), radius)


def test_distance_miles_is_the_geodesic():
    a, b = (51.352599, -1.99733), (55.953252, -3.188267)
    assert distance_miles(Point(*a), *b) == pytest.approx(reference_miles(a, b), rel=1e-9)


def test_near_on_located_pages_and_through_a_relation(tree):
    devizes = EventPageFactory(parent=tree.events, title="Devizes", postcode="SN10 1AB")
    chippenham = EventPageFactory(parent=tree.events, title="Chippenham", postcode="SN15 3BD")
    EventPageFactory(parent=tree.events, title="Edinburgh", postcode="EH1 1YZ")
    here = geocoder.geocode_postcode("SN10 1AB")

    found = near(type(devizes).objects.all(), here, 25)
    assert [(page.title, round(miles, 1)) for page, miles in found] == [
        ("Devizes", 0.0),
        ("Chippenham", round(reference_miles(here, chippenham.point), 1)),
    ]
    occurrences = near(Occurrence.objects.all(), here, 1, prefix="event__")
    assert {occurrence.event_id for occurrence, _ in occurrences} == {devizes.pk}
