"""Partner directory, projects, offers and the partner dashboard: times and query counts.

    python benchmarks/bench_partners.py                 # two sizes, see SIZES
    python benchmarks/bench_partners.py 50:100:500      # organisations:projects:offers

Each size adds organisations (in 30 real towns), partnership projects with outcomes, and
offers, then prints the median and p95 time of each page and its query count, in one run.
"""

import random
import sys
import time

from _setup import setup_django
from bench_events import measure

SIZES = [(100, 200, 1_000), (300, 1_000, 10_000)]


def seed(tree, organisations, projects, offers, made):
    from home.demo import TOWNS
    from hub.accessibility import FEATURES
    from partners.challenges import CHALLENGES
    from partners.choices import OfferKind, OrganisationKind, OutcomeMeasure, Tradition
    from partners.models import Offer, OrganisationPage, ProjectOutcome, ProjectPage

    rng = random.Random(organisations + projects + offers)
    kinds, traditions = OrganisationKind.values, Tradition.values
    for number in range(made[0], organisations):
        town, postcode, _venue = TOWNS[number % len(TOWNS)]
        kind = kinds[number % len(kinds)]
        page = OrganisationPage(
            title=f"{town} partner {number}",
            slug=f"partner-{number}",
            kind=kind,
            tradition=traditions[number % len(traditions)] if kind == "faith-group" else "",
            postcode=postcode,
        )
        tree.partners.add_child(instance=page)
    every = list(OrganisationPage.objects.all())
    for number in range(made[1], projects):
        town, postcode, _venue = TOWNS[number % len(TOWNS)]
        project = ProjectPage(
            title=f"{town} project {number}",
            slug=f"project-{number}",
            summary="Working together.",
            postcode=postcode,
            radius_miles=rng.choice([1, 3, 5, 10]),
            status=rng.choice(["idea", "active", "active", "completed"]),
            **dict.fromkeys(rng.sample(list(CHALLENGES), 2), True),
        )
        tree.partnerships.add_child(instance=project)
        project.lead_organisations.set(rng.sample(every, 2))
        project.save(update_fields=[])
        ProjectOutcome.objects.bulk_create(
            ProjectOutcome(project=project, measure=measure, value=rng.randrange(1, 500))
            for measure in rng.sample(OutcomeMeasure.values[:4], 2)
        )
    batch = []
    for number in range(made[2], offers):
        town, postcode, _venue = TOWNS[number % len(TOWNS)]
        offer = Offer(
            organisation=every[number % len(every)],
            kind=OfferKind.values[number % len(OfferKind.values)],
            title=f"{town} offer {number}",
            description="Get in touch.",
            postcode=postcode,
            radius_miles=rng.choice([1, 3, 5, 10]),
            **{feature: rng.random() < 0.3 for feature in FEATURES},
        )
        offer.locate()
        batch.append(offer)
    Offer.objects.bulk_create(batch, batch_size=1000)


def main(sizes):
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from partners.models import Offer, OrganisationPage, ProjectPage
    from partners.sections import add_editor
    from tests.conftest import build_tree
    from tests.partners.conftest import build_partner_site

    with transaction.atomic():
        tree = build_partner_site(build_tree())
    public = Client(HTTP_HOST="localhost")
    member = Client(HTTP_HOST="localhost")
    member.force_login(tree.member_a)
    moderator = Client(HTTP_HOST="localhost")
    moderator.force_login(tree.moderator)
    made = (OrganisationPage.objects.count(), 0, 0)
    for organisations, projects, offers in sizes:
        started = time.perf_counter()
        with transaction.atomic():
            seed(tree, organisations, projects, offers, made)
        made = (organisations, projects, offers)
        seconds = time.perf_counter() - started
        busiest = OrganisationPage.objects.order_by("pk")[2]
        add_editor(busiest, get_user_model().objects.get(username="member-a"))
        print(
            f"{OrganisationPage.objects.count():,} organisations, "
            f"{ProjectPage.objects.count():,} projects, {Offer.objects.count():,} offers "
            f"(seeded in {seconds:.0f} s)"
        )
        for label, client, url in [
            ("/partners/", public, "/partners/"),
            ("/partners/ faith, near", public, "/partners/?kind=faith-group&postcode=LS1+1UR"),
            ("/partnerships/", public, "/partnerships/"),
            (
                "/partnerships/ filtered, near",
                public,
                "/partnerships/?challenge=loneliness&status=active&postcode=SN10+1AB&radius=10",
            ),
            ("/offers/", public, "/offers/"),
            ("/offers/ venues near", public, "/offers/?kind=venue&postcode=B1+1BB&radius=5"),
            ("organisation profile", public, busiest.url),
            ("dashboard (member)", member, "/dashboard/?show=all"),
            ("dashboard (moderator)", moderator, "/dashboard/?show=all"),
            ("admin offers (moderator)", moderator, "/admin/offers/"),
        ]:
            median, p95, queries = measure(client, url)
            print(f"  {label:<30} median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")


if __name__ == "__main__":
    arguments = [tuple(int(part) for part in arg.split(":")) for arg in sys.argv[1:]]
    main(arguments or SIZES)
