"""Where is that? A postcode or a place name in, a point on the map and a label out.

Every caller that turns what a visitor typed into a place (the event filter, the search page,
the map data) goes through :func:`locate`, so they all accept the same things and fail with
the same sentences:

* Great Britain postcodes and outward codes go to the offline geocoder (:mod:`hub.geocoder`,
  the one place postcodes are parsed). Nothing leaves the machine.
* Place names ("Devizes", "Leeds city centre") and Northern Ireland postcodes, which the
  offline data lacks, go to an online geocoder through geopy: Nominatim unless settings name
  another. It is off until ``GEOCODER_USER_AGENT`` is set, because Nominatim's usage policy
  requires a user agent that identifies the site. Its usage policy is kept: one request a
  second at most (geopy's RateLimiter, per process), a timeout of a few seconds, and every
  answer (found or not) kept in the database (:class:`hub.models.PlaceLookup`), so a name is
  asked for once however often it is searched and a restart loses nothing.
* Each visitor's address may cause at most ``PLACE_LOOKUPS_PER_MINUTE`` online look-ups a
  minute (answers already kept are free), so nobody can use the hub to hammer the geocoder.
  The allowance is counted in the shared cache and fails closed: while the cache cannot
  count, no online look-up is made for a visitor (docs/search.md says why).

A failure never hangs a page for long and never raises anything but :class:`PlaceError`, whose
``str()`` is one plain-English sentence that suggests a postcode where that would help.
"""

import functools
import logging
import threading
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError
from django.utils import timezone
from geopy import exc as geopy_errors
from geopy.adapters import RequestsAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, get_geocoder_for_service

from hub import geocoder
from hub.models import PlaceLookup

__all__ = [
    "MAX_LENGTH",
    "Place",
    "PlaceError",
    "PlaceNotFound",
    "PlaceSearchUnavailable",
    "TooManyLookups",
    "client_address",
    "enabled",
    "locate",
    "prompt",
    "refuse_for_a_minute",
]

logger = logging.getLogger(__name__)

MAX_LENGTH = 100

_TRY_A_POSTCODE = "enter a postcode, like SN10 1AB"
# Characters a place name may have besides letters: "St. Mary's", "Bradford-on-Avon",
# "Newcastle upon Tyne, Tyne & Wear".
_NAME_PUNCTUATION = frozenset(" -'’.,&()/")


class Place(NamedTuple):
    point: geocoder.Point
    label: str  # what to call it on the page: "SN10 1AB", "Devizes, Wiltshire"


class PlaceError(ValueError):
    """The text could not be put on the map. ``str(error)`` is a sentence for the visitor."""


class PlaceNotFound(PlaceError):
    """The online geocoder answered, and it knows no such place."""


class PlaceSearchUnavailable(PlaceError):
    """Place names cannot be looked up now: switched off, too slow, or failing."""


class TooManyLookups(PlaceError):
    """This address has used its online look-ups for the minute (HTTP 429)."""


def enabled():
    """True if place names can be looked up (an online geocoder is configured)."""
    return bool(settings.GEOCODER_USER_AGENT)


def prompt():
    """The sentence that asks for a place; it offers names only when they can be looked up."""
    if enabled():
        return "Please enter a postcode or a place name, like SN10 1AB or Devizes."
    return "Please enter a postcode, like SN10 1AB."


def locate(text, client=None):
    """The :class:`Place` for a postcode, an outward code or a place name.

    ``client`` is the visitor's address (:func:`client_address`) when the look-up is made for
    a request; online look-ups are then counted against its allowance. Raises
    :class:`PlaceError` (or a subclass) with a sentence to show.
    """
    text = " ".join((text or "").split())
    if not text:
        raise PlaceError(prompt())
    if len(text) > MAX_LENGTH:
        raise PlaceError("That is too long for a postcode or a place name.")
    # Every postcode has a digit in it and place names almost never do, so text with a digit
    # is taken as a postcode and gets the offline geocoder's precise reason when it is wrong.
    if any(character.isdigit() for character in text):
        return _locate_postcode(text, client)
    return _locate_name(text, client)


def _locate_postcode(text, client):
    try:
        postcode = geocoder.normalise_postcode(text)
        return Place(geocoder.geocode_postcode(postcode), postcode)
    except geocoder.NorthernIrelandPostcode as error:
        if not enabled():
            raise PlaceError(_as_typed(error, text)) from error
        return _look_up(error.postcode, client, label=error.postcode)
    except geocoder.PostcodeError as error:
        raise PlaceError(_as_typed(error, text)) from error


def _as_typed(error, text):
    """The geocoder's sentence, quoting the postcode as the visitor typed it ("sn109zz"), not
    as the geocoder wrote it out ("SN10 9ZZ"), so they see what they typed."""
    message = str(error)
    return message.replace(error.postcode, text) if error.postcode else message


def _locate_name(text, client):
    if not enabled():
        raise PlaceSearchUnavailable(
            f"Searching by place name is not available on this site, so please {_TRY_A_POSTCODE}."
        )
    if not (
        any(character.isalpha() for character in text)
        and all(character.isalpha() or character in _NAME_PUNCTUATION for character in text)
    ):
        raise PlaceError(
            "A place name only has letters, spaces and simple punctuation in it, "
            "like Leeds city centre."
        )
    return _look_up(text, client)


def _look_up(query, client, label=None):
    """Ask the online geocoder, unless its answer is already kept in the database."""
    key = query.casefold()[:MAX_LENGTH]  # casefolding can lengthen text ("ß" is "ss")
    now = timezone.now()
    kept = PlaceLookup.objects.filter(query=key).first()
    if kept is None or not kept.is_fresh(now):
        _spend_lookup(client)
        location = _ask(query)
        values = {"looked_up_at": now, "latitude": None, "longitude": None, "label": ""}
        if location is not None:
            values.update(
                latitude=location.latitude,
                longitude=location.longitude,
                label=_short_label(location.address, query),
            )
        try:
            kept, _ = PlaceLookup.objects.update_or_create(query=key, defaults=values)
        except IntegrityError:  # another request stored the same name at the same moment
            kept = PlaceLookup(query=key, **values)
    if kept.latitude is None or kept.longitude is None:
        raise PlaceNotFound(
            f"We couldn't find a place called “{query}” in the UK. "
            f"Please check the spelling, or {_TRY_A_POSTCODE}."
        )
    return Place(geocoder.Point(kept.latitude, kept.longitude), label or kept.label)


def _short_label(address, query):
    """'Devizes, Wiltshire' from 'Devizes, Wiltshire, England, SN10 1AB, United Kingdom'."""
    parts = [part.strip() for part in (address or "").split(",") if part.strip()]
    return ", ".join(parts[:2])[:200] or query


def _spend_lookup(client):
    """Count one online look-up against ``client``'s allowance for this minute."""
    if client is None:  # not made for a visitor: management commands, benchmarks
        return
    key = f"places:lookups:{int(time.time() // 60)}:{client}"
    cache.add(key, 0, timeout=120)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        used = 1
    if used is None:
        # The shared cache did not answer (hub.cache.RedisCache answers None rather than
        # raise), so the allowance cannot be counted: refuse rather than go out unlimited.
        raise _unavailable()
    if used > settings.PLACE_LOOKUPS_PER_MINUTE:
        raise TooManyLookups(
            "You have looked up a lot of places in the last minute, so please wait a minute, "
            f"or {_TRY_A_POSTCODE} (postcodes have no limit)."
        )


def _unavailable():
    return PlaceSearchUnavailable(
        "The place-name search is not answering at the moment, so please try again later, "
        f"or {_TRY_A_POSTCODE}."
    )


# One online request at a time per process: with geopy's RateLimiter spacing them a second
# apart, a visitor never queues behind more than one other, and gives up rather than wait long.
_ASKING = threading.Lock()
# The one asking and one waiting: anyone else is told at once that the place-name search is
# busy, so a slow geocoder ties up at most two of a worker's threads and every other
# request (a postcode search needs no network) still finds a free one.
_ASKING_OR_WAITING = threading.BoundedSemaphore(2)


def _ask(query):
    """The geopy Location for ``query``, or None if the geocoder knows no such place."""
    if not _ASKING_OR_WAITING.acquire(blocking=False):
        raise _unavailable()
    try:
        return _ask_in_turn(query)
    finally:
        _ASKING_OR_WAITING.release()


def _ask_in_turn(query):
    timeout = settings.GEOCODER_TIMEOUT
    if not _ASKING.acquire(timeout=timeout):
        raise _unavailable()
    try:
        geocode, options = _service(
            settings.GEOCODER_SERVICE,
            settings.GEOCODER_USER_AGENT,
            settings.GEOCODER_DOMAIN,
            settings.GEOCODER_SCHEME,
            timeout,
            settings.GEOCODER_MIN_DELAY_SECONDS,
        )
        return geocode(query, **options)
    except geopy_errors.GeopyError as error:
        logger.warning("Place look-up for %r failed: %r", query, error)
        raise _unavailable() from error
    finally:
        _ASKING.release()


@functools.cache
def _service(service, user_agent, domain, scheme, timeout, min_delay):
    """The rate-limited geocode function for these settings, made once per process."""
    geocoder_class = get_geocoder_for_service(service)
    kwargs = {
        "user_agent": user_agent,
        "timeout": timeout,
        "scheme": scheme,
        # geopy's default retries a read that timed out twice, which would triple the wait.
        "adapter_factory": functools.partial(RequestsAdapter, max_retries=0),
    }
    if domain:
        kwargs["domain"] = domain
    instance = geocoder_class(**kwargs)
    options = {"exactly_one": True}
    if isinstance(instance, Nominatim):
        options["country_codes"] = "gb"  # the UK, Northern Ireland included
    limited = RateLimiter(
        instance.geocode,
        min_delay_seconds=min_delay,
        max_retries=0,
        swallow_exceptions=False,
    )
    return limited, options


def refuse_for_a_minute(response):
    """Make ``response`` the HTTP 429 for a visitor who has used their look-ups."""
    response.status_code = 429
    response["Retry-After"] = "60"
    return response


def client_address(request):
    """The visitor's IP address, for the per-address allowance.

    Behind a reverse proxy every request comes from the proxy, so ``CLIENT_IP_HEADER`` can
    name the header the proxy sets (e.g. ``X-Forwarded-For``); the last address in it is the
    one the proxy itself saw, which a visitor cannot forge.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        last = value.rsplit(",", 1)[-1].strip()
        if last:
            return last[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]
