"""The public side of Neighbour Day: register, confirm, manage, the pack, and the country's
counts and map.

``/neighbour-day/``, the stats JSON and the map data are public and anonymous, so the page
cache keeps them. They show the counts (and the map which gatherings are counted), which
change only through ``counts.changing``: so they are declared in the counts' own scope
(``pagecache.scoped(counts.SCOPE)``), and a registration makes only them stale, not the
whole site's pages. The registration form carries a CSRF token, so it is never cached; every page
reached through a signed link is the organiser's own and is marked ``no-store``.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.models import Site

from hub import pagecache
from hub.addresses import base_url
from volunteering.models import Volunteer

from . import asking, counts, help, limits, pack, registration, tokens
from .choices import Status
from .forms import (
    AttendanceForm,
    EditForm,
    RegistrationForm,
    ResendForm,
    SignedInRegistrationForm,
)
from .models import Gathering
from .week import current

SORTS = {
    "gatherings": ("gatherings", True),
    "people": ("people", True),
    "name": (None, False),
}


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site here.")
    return site


def figures(site, today=None):
    """Everything /neighbour-day/ and the stats JSON show, from the stored counts."""
    today = today or timezone.localdate()
    day = current(site, today)
    year = day.year if day else today.year
    return {
        "neighbour_day": day,
        "days_to_go": (day - today).days if day else None,
        "year": year,
        "totals": counts.totals(year),
        "areas": counts.by_area(year),
        "districts": counts.by_district(year),
    }


def _sorted(rows, sort, key):
    field, descending = SORTS.get(sort, SORTS["gatherings"])
    if field is None:
        return sorted(rows, key=lambda row: row[key])
    return sorted(rows, key=lambda row: (-row[field] if descending else row[field], row[key]))


@require_safe
@pagecache.scoped(counts.SCOPE)
def overview(request):
    site = _site(request)
    numbers = figures(site)
    sort = request.GET.get("sort", "gatherings")
    if sort not in SORTS:
        sort = "gatherings"
    area = request.GET.get("area", "").upper()[:2]
    districts = numbers["districts"]
    if area:
        districts = [row for row in districts if row["area"] == area]
    context = {
        "numbers": numbers,
        "sort": sort,
        "sort_choices": [
            ("gatherings", "most gatherings"),
            ("people", "most people"),
            ("name", "name"),
        ],
        "area": area,
        "areas": _sorted(numbers["areas"], sort, "area"),
        "districts": _sorted(districts, sort, "district")[: None if area else 50],
        "map_config": {
            "districts": reverse("neighbourday:districts_geojson"),
            "gatherings": reverse("neighbourday:gatherings_geojson"),
            "tiles": {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        },
    }
    return render(request, "neighbourday/overview.html", context)


def _json(data, status=200, content_type="application/json"):
    return JsonResponse(
        data, status=status, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
@pagecache.scoped(counts.SCOPE)
def stats_json(request):
    """The same figures as /neighbour-day/, as open data."""
    numbers = figures(_site(request))
    day = numbers["neighbour_day"]
    return _json(
        {
            "neighbour_day": day.isoformat() if day else None,
            "days_to_go": numbers["days_to_go"],
            "year": numbers["year"],
            "totals": {
                "gatherings": numbers["totals"]["gatherings"],
                "open_gatherings": numbers["totals"]["open_gatherings"],
                "people_expected": numbers["totals"]["people"],
                "people_came": numbers["totals"]["attended"],
            },
            "areas": [_area_row(row, "area") for row in numbers["areas"]],
            "districts": [_area_row(row, "district") for row in numbers["districts"]],
            "licence": "Open Government Licence v3.0 compatible: free to reuse with attribution",
        }
    )


def _area_row(row, key):
    return {
        key: row[key],
        "gatherings": row["gatherings"],
        "open_gatherings": row["open_gatherings"],
        "people_expected": row["people"],
        "people_came": row["attended"],
    }


@require_safe
@pagecache.scoped(counts.SCOPE)
def districts_geojson(request):
    """One point per district with gatherings (its counts): the map's view of the country."""
    year = figures(_site(request))["year"]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
            "properties": {
                "district": row.district,
                "gatherings": row.gatherings,
                "people_expected": row.people,
            },
        }
        for row in counts.located_rows(year)
    ]
    return _json(
        {"type": "FeatureCollection", "features": features}, content_type="application/geo+json"
    )


@require_safe
@pagecache.scoped(counts.SCOPE)
def gatherings_geojson(request):
    """The open gatherings of one postcode district (?district=SN10), at street level."""
    district = "".join(request.GET.get("district", "").split()).upper()
    if not district or len(district) > 4 or not district.isalnum():
        return _json({"error": "Give a postcode district as ?district=, like ?district=SN10."}, 400)
    site = _site(request)
    # Addresses from the pages' url_path under the site's root: no page objects are built.
    root_path = site.root_page.url_path
    rows = (
        Gathering.objects.listed()
        .filter(
            district=district,
            event__live=True,
            event__url_path__startswith=root_path,
            event__pin_latitude__isnull=False,
        )
        .order_by("date", "start_time", "pk")
        .values(
            "date",
            "start_time",
            "street",
            "district",
            "event__title",
            "event__url_path",
            "event__pin_latitude",
            "event__pin_longitude",
        )
    )
    base = base_url(site=site)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [row["event__pin_longitude"], row["event__pin_latitude"]],
            },
            "properties": {
                "title": row["event__title"],
                "url": base + row["event__url_path"][len(root_path) - 1 :],
                "date": row["date"].isoformat(),
                "start": row["start_time"].strftime("%H:%M"),
                "place": f"{row['street']}, {row['district']}",
            },
        }
        for row in rows
    ]
    return _json(
        {"type": "FeatureCollection", "features": features}, content_type="application/geo+json"
    )


def _signed_in_organiser(request):
    """The signed-in volunteer and their verified e-mail address, or (None, '')."""
    if not request.user.is_authenticated:
        return None, ""
    volunteer = Volunteer.objects.filter(user=request.user).first()
    email = volunteer.verified_email() if volunteer else ""
    return (volunteer, email) if email else (None, "")


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    site = _site(request)
    day = current(site)
    volunteer, account_email = _signed_in_organiser(request)
    form_class = SignedInRegistrationForm if volunteer else RegistrationForm
    form = form_class(request.POST or None, neighbour_day=day)
    page = {"neighbour_day": day, "volunteer": volunteer, "account_email": account_email}
    status = 200
    if request.method == "POST":
        email = account_email or request.POST.get("organiser_email", "").strip()
        refusal = limits.refusal(request, email)
        if refusal:
            form.is_valid()
            form.add_error(None, refusal)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            email = account_email or data["organiser_email"]
            existing = limits.duplicate(email, data["postcode"], data["date"])
            if existing is not None:
                form.add_error(
                    None,
                    "You have already registered a gathering at that postcode on that day. "
                    "We can e-mail you the link to manage it again: see below.",
                )
                return render(
                    request,
                    "neighbourday/register.html",
                    {"form": form, "duplicate": True, **page},
                    status=409,
                )
            gathering = form.save(commit=False)
            gathering.client_hash = limits.client_hash(request)
            gathering.link_sent_at = timezone.now()
            if volunteer:
                registration.register_signed_in(gathering, volunteer, account_email, site)
                return _done(tokens.make(gathering, tokens.MANAGE), "confirmed")
            registration.register(gathering, site)
            return redirect("neighbourday:registered")
        else:
            status = 400
    return render(request, "neighbourday/register.html", {"form": form, **page}, status=status)


@require_safe
def registered(request):
    return render(request, "neighbourday/registered.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def resend(request):
    """E-mail an organiser their links again; says the same whatever the address."""
    form = ResendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.resend_links(form.cleaned_data["email"], _site(request))
        return render(request, "neighbourday/resend.html", {"sent": True})
    return render(
        request, "neighbourday/resend.html", {"form": form}, status=400 if form.errors else 200
    )


DONE = {
    "confirmed": "Thank you: your gathering is confirmed.",
    "saved": "Your changes are saved.",
    "cancelled": "Your gathering is cancelled.",
    "counted": "Thank you for telling us how it went.",
    "asked": "Your request is sent: the organisation has your name and e-mail address, and "
    "will reply to you.",
}


def _done(token, what):
    return redirect(reverse("neighbourday:manage", args=[token]) + f"?done={what}")


def _managed(token, purpose=tokens.MANAGE):
    gathering = tokens.read(token, purpose)
    if gathering is None:
        raise Http404("That link is not valid. Check you copied all of it from the e-mail.")
    return gathering


@never_cache
@require_safe
def confirm(request, token):
    gathering = tokens.read(token, tokens.CONFIRM, max_age=tokens.UNCONFIRMED_KEPT)
    if gathering is not None:
        registration.confirm(gathering, _site(request))
    if gathering is None or gathering.status == Status.UNCONFIRMED:
        return render(request, "neighbourday/link_invalid.html", status=404)
    return _done(tokens.make(gathering, tokens.MANAGE), "confirmed")


@never_cache
@require_safe
def manage(request, token):
    gathering = _managed(token)
    site = _site(request)
    context = {"gathering": gathering, "token": token, "done": DONE.get(request.GET.get("done"))}
    if gathering.status == Status.UNCONFIRMED:
        context["unconfirmed"] = True
    elif gathering.status == Status.CONFIRMED:
        context["offers"] = help.offers_for(gathering, site)
        context["asked"] = asking.asked(gathering)
        context["may_ask"] = not gathering.hidden and len(context["asked"]) < asking.MAX_REQUESTS
        context["road_closure"] = help.road_closure(gathering)
        context["documents"] = pack.documents()
        context["after_the_day"] = gathering.date <= timezone.localdate()
    return render(request, "neighbourday/manage.html", context)


def _editable(token):
    gathering = _managed(token)
    if gathering.status != Status.CONFIRMED:
        raise Http404("Only a confirmed gathering can be changed.")
    return gathering


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, token):
    gathering = _editable(token)
    site = _site(request)
    form = EditForm(
        request.POST or None, instance=gathering, neighbour_day=current(site, gathering.date)
    )
    if request.method == "POST" and form.is_valid():
        registration.update(form.save(commit=False), site)
        return _done(token, "saved")
    return render(
        request,
        "neighbourday/edit.html",
        {"form": form, "gathering": gathering, "token": token},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    gathering = _editable(token)
    if request.method == "POST":
        registration.cancel(gathering, _site(request))
        return _done(token, "cancelled")
    return render(request, "neighbourday/cancel.html", {"gathering": gathering, "token": token})


@never_cache
@require_POST
def ask(request, token, offer_id):
    """One click: ask for an offer suggested to the gathering (only those are allowed)."""
    gathering = _editable(token)
    site = _site(request)
    offer = next((o for o in help.offers_for(gathering, site) if o.pk == offer_id), None)
    if offer is None or gathering.hidden:
        raise Http404("That offer is not one suggested for your gathering.")
    try:
        asking.ask(gathering, offer, site)
    except asking.TooManyRequests:
        return render(
            request,
            "neighbourday/asked_too_many.html",
            {"gathering": gathering, "token": token, "most": asking.MAX_REQUESTS},
            status=429,
        )
    return _done(token, "asked")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request, token):
    gathering = _editable(token)
    if gathering.date > timezone.localdate():
        raise Http404("You can tell us how many came once the day has come.")
    form = AttendanceForm(
        request.POST or None,
        initial={"people": gathering.attendance, "note": gathering.attendance_note},
    )
    if request.method == "POST" and form.is_valid():
        registration.record_attendance(
            gathering, form.cleaned_data["people"], form.cleaned_data["note"]
        )
        return _done(token, "counted")
    return render(
        request,
        "neighbourday/attendance.html",
        {"form": form, "gathering": gathering, "token": token},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
def invitation(request, token, poster=False):
    gathering = _editable(token)
    site = _site(request)
    url = pack.public_url(gathering, site)
    return render(
        request,
        "neighbourday/poster.html" if poster else "neighbourday/invitation.html",
        {"gathering": gathering, "token": token, "url": url, "qr": pack.qr_svg(url)},
    )
