"""The Volunteer Passport with many volunteers: times and query counts.

    python benchmarks/bench_volunteering.py               # 10,000 then 100,000 volunteers
    python benchmarks/bench_volunteering.py 1000 20000    # other sizes

Volunteers live at real postcodes of the demo towns' districts, with skills, availability
and (for about half) encrypted checks. Prints the median and p95 time and the query count of
a volunteer's passport page, the moderators' volunteer list (filtered by district and skill,
and by a valid check), an organisation member's view of a shared passport, and one
volunteer's export: the query counts must not grow with the number of volunteers.
"""

import datetime
import random
import sys
import time

from _setup import setup_django
from bench_events import measure

SIZES = [10_000, 100_000]
BATCH = 2_000


def seed(count, made, today):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from home.demo import TOWNS
    from hub import geocoder
    from volunteering.choices import CAUSES, SKILLS, SLOTS, CheckKind
    from volunteering.models import Credential, Volunteer

    rng = random.Random(count)
    pools = [geocoder.postcodes_in(postcode.split()[0]) for _town, postcode, _venue in TOWNS]
    user_model = get_user_model()
    for start in range(made, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        users = [
            user_model(username=f"bench-{number}", email=f"bench-{number}@example.org")
            for number in numbers
        ]
        for user in users:
            user.set_unusable_password()
        users = user_model.objects.bulk_create(users)
        users = list(user_model.objects.filter(username__in=[u.username for u in users]))
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        volunteers = []
        for user in users:
            volunteer = Volunteer(
                user=user,
                display_name=f"Volunteer {user.username}",
                postcode=rng.choice(rng.choice(pools)),
                travel_miles=rng.choice([1, 3, 5, 10, 25]),
                availability=rng.sample(list(SLOTS), 4),
                reserve=rng.random() < 0.2,
                **dict.fromkeys(rng.sample(list(SKILLS), 3), True),
                **dict.fromkeys(rng.sample(list(CAUSES), 2), True),
            )
            volunteer.place()
            volunteers.append(volunteer)
        volunteers = Volunteer.objects.bulk_create(volunteers)
        credentials = []
        for volunteer in Volunteer.objects.filter(user__in=users).only("pk"):
            if rng.random() < 0.5:
                credential = Credential(
                    volunteer=volunteer,
                    kind=rng.choice(CheckKind.values),
                    issued_on=today - datetime.timedelta(days=rng.randint(1, 1500)),
                    expires_on=rng.choice([None, today + datetime.timedelta(days=200)]),
                )
                credential.set_number(f"{rng.randrange(10**12):012d}")
                credentials.append(credential)
        Credential.objects.bulk_create(credentials)


def main(sizes):
    setup_django()
    from django.db import connection, transaction
    from django.test import Client

    from tests.conftest import build_tree
    from tests.partners.conftest import build_partner_site
    from volunteering.factories import CredentialFactory, VolunteerFactory
    from volunteering.models import CheckVerifier, Credential, ServiceRecord, Share, Volunteer

    today = datetime.date.today()
    with transaction.atomic():
        site = build_partner_site(build_tree())
        volunteer = VolunteerFactory(display_name="Priya", postcode="SN10 3BN", driving=True)
        for kind in ("dbs_enhanced", "first_aid", "food_hygiene"):
            CredentialFactory(volunteer=volunteer, kind=kind)
        ServiceRecord.objects.bulk_create(
            ServiceRecord(
                volunteer=volunteer,
                organisation=site.org_a,
                role="Lunch club",
                date=today - datetime.timedelta(days=day * 7),
                hours=2,
                confirmed_at=datetime.datetime.now(datetime.UTC),
            )
            for day in range(50)
        )
        share = Share.objects.create(volunteer=volunteer, organisation=site.org_a, role="Driver")
        CheckVerifier.objects.create(organisation=site.org_a, may_verify_dbs_enhanced=True)
    own = Client(HTTP_HOST="localhost")
    own.force_login(volunteer.user)
    member = Client(HTTP_HOST="localhost")
    member.force_login(site.member_a)
    moderator = Client(HTTP_HOST="localhost")
    moderator.force_login(site.moderator)
    made = 0
    for size in sizes:
        started = time.perf_counter()
        with transaction.atomic():
            seed(size, made, today)
        made = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = time.perf_counter() - started
        print(
            f"{Volunteer.objects.count():,} volunteers, {Credential.objects.count():,} checks "
            f"(seeded in {seconds:.0f} s, {connection.vendor})"
        )
        for label, client, url in [
            ("passport page (own)", own, "/volunteer/"),
            ("sharing and access list", own, "/volunteer/sharing/"),
            ("export of one volunteer (JSON)", own, "/volunteer/export.json"),
            ("shared passport (member)", member, f"/dashboard/volunteers/{share.pk}/"),
            (
                "admin list, district+skill",
                moderator,
                "/admin/volunteers/?district=SN10&skill=driving",
            ),
            (
                "admin list, valid DBS check",
                moderator,
                "/admin/volunteers/?district=LS1&check=dbs_enhanced",
            ),
            ("admin list, all", moderator, "/admin/volunteers/"),
        ]:
            median, p95, queries = measure(client, url)
            print(f"  {label:<32} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or SIZES)
