"""Matching volunteers and needs at scale: times and query counts.

    python benchmarks/bench_matching.py                  # 100,000 volunteers, 10,000 needs
    python benchmarks/bench_matching.py 20000 2000       # other sizes

Volunteers and needs are spread over Great Britain (real postcodes of 40 postcode areas, from
Aberdeen to Truro), with skills, availability, checks (about half), dates away and
commitments; needs have every timing, a tenth are online, about a third require a check and
some a skill. Prints the median and p95 time and the query count of suggestions for one need
(every hard rule, the ranking and the suggestion log), for place and online needs, and of
"opportunities that fit you" for one volunteer. The query counts do not grow with the data.
"""

import datetime
import random
import sys
import time

from _setup import cpu_reference, fresh_postgres_database, percentile, setup_django

AREAS = [
    *["AB", "IV", "PH", "DD", "EH", "G", "KA", "DG", "TD", "NE", "CA", "DL", "LA", "YO"],
    *["LS", "M", "L", "S", "NG", "LE", "B", "CV", "NR", "CB", "OX", "SN", "BS", "EX"],
    *["PL", "TR", "CF", "SA", "LL", "SY", "BN", "CT", "TN", "SO", "BH", "N"],
]
PER_AREA = 300
BATCH = 5_000
SAMPLES = 60


def places(rng):
    """(postcode, district, latitude, longitude) of real postcodes over Great Britain."""
    from hub import geocoder

    found = []
    for area in AREAS:
        postcodes = geocoder.postcodes_in(area)
        for postcode in rng.sample(postcodes, min(PER_AREA, len(postcodes))):
            point = geocoder.geocode_postcode(postcode)
            found.append((postcode, postcode.split()[0], point.latitude, point.longitude))
    return found


def seed(volunteers, needs, today):
    from django.contrib.auth import get_user_model

    from needs.choices import ApplicationStatus, Timing
    from needs.models import Application, Need, NeedCheck
    from partners.choices import OfferKind
    from partners.models import OrganisationPage, PartnerIndexPage
    from tests.conftest import build_tree
    from volunteering.choices import SKILLS, SLOTS, CheckKind, Workforce
    from volunteering.models import Absence, Credential, Volunteer

    rng = random.Random(volunteers + needs)
    spots = places(rng)
    build_tree()
    partners = PartnerIndexPage.objects.get()
    organisations = []
    for number in range(40):
        postcode, *_ = rng.choice(spots)
        page = OrganisationPage(
            title=f"Partner {number}", slug=f"partner-{number}", kind="charity", postcode=postcode
        )
        partners.add_child(instance=page)
        organisations.append(page)
    skills, slots, kinds = list(SKILLS), list(SLOTS), CheckKind.values
    user_model = get_user_model()
    for start in range(0, volunteers, BATCH):
        numbers = range(start, min(volunteers, start + BATCH))
        users = user_model.objects.bulk_create(
            user_model(username=f"bench-{n}", email=f"bench-{n}@example.org") for n in numbers
        )
        users = user_model.objects.filter(username__in=[u.username for u in users])
        rows = []
        for user in users:
            postcode, district, latitude, longitude = rng.choice(spots)
            online_only = rng.random() < 0.05
            rows.append(
                Volunteer(
                    user=user,
                    display_name=f"Volunteer {user.pk}",
                    postcode=postcode,
                    district=district,
                    latitude=latitude,
                    longitude=longitude,
                    online_only=online_only,
                    travel_miles=None if online_only else rng.choice([1, 3, 5, 10, 25]),
                    availability=rng.sample(slots, rng.randint(3, 10)),
                    commitment_limit=rng.choice([1, 2, 3, 3, 5]),
                    **dict.fromkeys(rng.sample(skills, 3), True),
                )
            )
        Volunteer.objects.bulk_create(rows)
        made = list(Volunteer.objects.filter(user__in=users).only("pk"))
        credentials, absences = [], []
        for volunteer in made:
            for kind in rng.sample(kinds, rng.choice([0, 0, 1, 2])):
                credentials.append(
                    Credential(
                        volunteer=volunteer,
                        kind=kind,
                        workforce=rng.choice(Workforce.values),
                        issued_on=today - datetime.timedelta(days=rng.randint(1, 900)),
                        expires_on=rng.choice([None, today + datetime.timedelta(days=300)]),
                        verified_at=rng.choice([None, datetime.datetime.now(datetime.UTC)]),
                    )
                )
            if rng.random() < 0.1:
                away = today + datetime.timedelta(days=rng.randint(0, 60))
                absences.append(
                    Absence(
                        volunteer=volunteer,
                        starts_on=away,
                        ends_on=away + datetime.timedelta(days=rng.randint(1, 14)),
                    )
                )
        Credential.objects.bulk_create(credentials)
        Absence.objects.bulk_create(absences)
    batch = []
    timings = Timing.values
    for number in range(needs):
        postcode, *_ = rng.choice(spots)
        online = rng.random() < 0.1
        timing = timings[number % len(timings)]
        start = today + datetime.timedelta(days=rng.randint(1, 60))
        hour = rng.choice([9, 13, 18])
        need = Need(
            organisation=rng.choice(organisations),
            kind=OfferKind.VOLUNTEERS if rng.random() < 0.8 else rng.choice(OfferKind.values),
            title=f"Need {number}",
            description="Help wanted.",
            people_needed=rng.randint(1, 10),
            postcode="" if online else postcode,
            online=online,
            timing=timing,
            starts_on=None if timing == Timing.FLEXIBLE else start,
            start_time=None if timing == Timing.FLEXIBLE else datetime.time(hour),
            end_time=None if timing == Timing.FLEXIBLE else datetime.time(hour + 2),
            repeat_until=start + datetime.timedelta(days=rng.choice([28, 56, 90])),
            deadline=start if timing == Timing.FLEXIBLE else None,
            wanted_skills=rng.sample(skills, 2),
            **({rng.choice(skills): True} if rng.random() < 0.3 else {}),
        )
        need.locate()
        need.last_day = need.compute_last_day()
        batch.append(need)
    Need.objects.bulk_create(batch, batch_size=2000)
    checks = [
        NeedCheck(need=need, kind=rng.choice(kinds), workforce=rng.choice(["", "children"]))
        for need in Need.objects.only("pk")
        if rng.random() < 0.3
    ]
    NeedCheck.objects.bulk_create(checks)
    open_needs = list(Need.objects.filter(kind=OfferKind.VOLUNTEERS).values_list("pk", flat=True))
    taken = set()
    applications = []
    for volunteer in rng.sample(
        list(Volunteer.objects.values_list("pk", flat=True)), volunteers // 10
    ):
        need = rng.choice(open_needs)
        if (need, volunteer) not in taken:
            taken.add((need, volunteer))
            applications.append(
                Application(
                    need_id=need,
                    volunteer_id=volunteer,
                    status=rng.choice([ApplicationStatus.ACCEPTED, ApplicationStatus.APPLIED]),
                )
            )
    Application.objects.bulk_create(applications)


def measure(function, arguments):
    """Median and p95 milliseconds of ``function`` over ``arguments``, the most queries one
    call made, and the average number of results."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, queries, results = [], 0, 0
    for argument in arguments:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            results += len(function(argument))
            samples.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return percentile(samples, 0.5), percentile(samples, 0.95), queries, results / len(arguments)


def main(volunteers, needs):
    fresh_postgres_database()
    setup_django()
    from django.db import connection, transaction

    from needs import matching
    from needs.models import Need
    from volunteering.models import Volunteer

    today = datetime.date.today()
    started = time.perf_counter()
    with transaction.atomic():
        seed(volunteers, needs, today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{Volunteer.objects.count():,} volunteers, {Need.objects.open(today).count():,} open "
        f"needs (seeded in {time.perf_counter() - started:.0f} s, {connection.vendor}; "
        f"CPU reference {cpu_reference():.0f} ms)"
    )
    rng = random.Random(1)
    people = Need.objects.filter(kind__in=matching.PEOPLE_KINDS)
    place = rng.sample(list(people.filter(online=False)), SAMPLES)
    online = rng.sample(list(people.filter(online=True)), SAMPLES // 2)
    volunteers = rng.sample(list(Volunteer.objects.all()), SAMPLES)
    for label, function, arguments in [
        ("suggestions for a need (place)", matching.suggestions, place),
        ("suggestions for a need (online)", matching.suggestions, online),
        ("opportunities that fit a volunteer", matching.fitting, volunteers),
    ]:
        median, p95, queries, found = measure(function, arguments)
        print(
            f"  {label:<36} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"{queries} queries  ({found:.1f} found on average)"
        )


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 10_000]
    main(*sizes)
