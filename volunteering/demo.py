"""Demo volunteers: 240 residents spread over the demo towns, each at a real postcode of the
town's district (never one the public pages show), with a realistic mix of skills,
availability, checks (verified, self-declared and expired) and Reserve members, and one
volunteer who can sign in.

Built once: the demo volunteer's account is the marker. Accounts other than the demo login
have no usable password, so building is quick (no password hashing).
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from hub import geocoder

from .choices import CAUSES, DBS_CHECKS, RECORD_CHECKS, SKILLS, SLOTS, CheckKind, Workforce
from .models import CheckVerifier, Credential, ServiceRecord, Share, Volunteer

USERS = [
    (
        "volunteer",
        "neighbour-volunteer",
        "volunteer: signs in at /accounts/login/ as volunteer@example.org",
    )
]
COUNT = 240
NAMES = [
    "Aisha", "Ben", "Chloe", "Dev", "Ella", "Farah", "George", "Hana", "Isaac", "Jas",
    "Kemi", "Liam", "Maya", "Noor", "Owen", "Priya", "Rosa", "Sam", "Tariq", "Uma",
    "Vik", "Wendy", "Yusuf", "Zara", "Alan", "Bridget", "Callum", "Dot", "Eilidh", "Gwen",
]  # fmt: skip
LANGUAGES = ["Polish", "Urdu", "Punjabi", "Welsh", "Gaelic", "Arabic", "Romanian", "BSL"]
TRAINING = [
    CheckKind.FIRST_AID,
    CheckKind.FOOD_HYGIENE,
    CheckKind.SAFEGUARDING,
    CheckKind.MANUAL_HANDLING,
    CheckKind.MENTAL_HEALTH,
    CheckKind.DRIVING,
]
# Organisations whose members may verify checks, and which.
VERIFIERS = {
    "st-marys-church-devizes": [CheckKind.DBS_ENHANCED, CheckKind.DBS_BARRED, CheckKind.FIRST_AID],
    "leeds-food-aid-network": [CheckKind.DBS_BASIC, CheckKind.FOOD_HYGIENE],
    "wiltshire-council": [*DBS_CHECKS, CheckKind.SAFEGUARDING],
}


def build(summary, towns, organisations, public_postcodes, today):
    """Add the demo volunteers. ``towns`` are (name, postcode, venue); ``organisations`` the
    live organisation pages; ``public_postcodes`` every postcode public pages show."""
    user_model = get_user_model()
    if user_model.objects.filter(username="volunteer").exists():
        return
    rng = random.Random(13)  # the same demo every time
    by_slug = {organisation.slug: organisation for organisation in organisations}
    for slug, kinds in VERIFIERS.items():
        if slug in by_slug:
            CheckVerifier.objects.get_or_create(
                organisation=by_slug[slug], defaults={f"may_verify_{k}": True for k in kinds}
            )
    pools = {
        town: [p for p in geocoder.postcodes_in(postcode.split()[0]) if p not in public_postcodes]
        for town, postcode, _venue in towns
    }
    volunteers = [_login_volunteer(pools[towns[0][0]])]
    users = [
        user_model(
            username=f"demo-volunteer-{number}", email=f"demo-volunteer-{number}@example.org"
        )
        for number in range(1, COUNT)
    ]
    for user in users:
        user.set_unusable_password()
    user_model.objects.bulk_create(users)
    users = list(user_model.objects.filter(username__startswith="demo-volunteer-").order_by("pk"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    for number, user in enumerate(users):
        town = towns[number % len(towns)][0]
        volunteers.append(_volunteer(rng, user, rng.choice(pools[town])))
    Volunteer.objects.bulk_create(volunteers[1:])
    volunteers = [volunteers[0], *Volunteer.objects.filter(user__in=users).order_by("pk")]
    editors = {
        organisation.pk: organisation.section.group.user_set.first()
        for organisation in organisations
    }
    credentials = [
        c for v in volunteers for c in _credentials(rng, v, organisations, editors, today)
    ]
    Credential.objects.bulk_create(credentials)
    ServiceRecord.objects.bulk_create(
        record for v in volunteers for record in _hours(rng, v, organisations, today)
    )
    devizes = by_slug.get("st-marys-church-devizes")
    if devizes is not None:
        Share.objects.bulk_create(
            Share(volunteer=v, organisation=devizes, role=rng.choice(["Lunch club", "Driver"]))
            for v in volunteers[:: len(towns)]
        )
    summary.add("volunteers", len(volunteers))
    summary.add("volunteer checks", len(credentials))


def _login_volunteer(pool):
    user = get_user_model().objects.create_user(
        username=USERS[0][0], email="volunteer@example.org", password=USERS[0][1]
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    volunteer = Volunteer(
        user=user,
        display_name="Alex",
        postcode=pool[len(pool) // 2],
        travel_miles=5,
        about="Retired teacher. Happy to drive, cook for a lunch club or help with homework.",
        languages="English, French",
        driving=True,
        cooking=True,
        teaching=True,
        cares_loneliness=True,
        cares_older_people=True,
        availability=["tue_morning", "wed_morning", "sat_afternoon"],
        reserve=True,
        reserve_joined_at=timezone.now(),
    )
    volunteer.save()
    volunteer.tags.add("baking", "minibus driving")
    return volunteer


def _volunteer(rng, user, postcode):
    online = rng.random() < 0.1
    fields = {
        "user": user,
        "display_name": rng.choice(NAMES),
        "postcode": postcode,
        "online_only": online,
        "travel_miles": None if online else rng.choice([1, 2, 3, 5, 5, 10, 15, 25]),
        "languages": ", ".join(["English", *rng.sample(LANGUAGES, rng.choice([0, 0, 0, 1, 2]))]),
        "availability": sorted(rng.sample(list(SLOTS), rng.randint(2, 9)), key=list(SLOTS).index),
        "reserve": rng.random() < 0.3,
    }
    fields.update(dict.fromkeys(rng.sample(list(SKILLS), rng.randint(1, 4)), True))
    fields.update(dict.fromkeys(rng.sample(list(CAUSES), rng.randint(1, 3)), True))
    if fields["reserve"]:
        fields["reserve_joined_at"] = timezone.now()
    volunteer = Volunteer(**fields)
    volunteer.place()
    return volunteer


def _credentials(rng, volunteer, organisations, editors, today):
    made = []
    if rng.random() < 0.55:
        kind = rng.choice([*RECORD_CHECKS, CheckKind.DBS_ENHANCED, CheckKind.DBS_BASIC])
        made.append(_credential(rng, volunteer, kind, today, expires=False))
    for kind in rng.sample(TRAINING, rng.choice([0, 0, 1, 1, 2])):
        made.append(_credential(rng, volunteer, kind, today, expires=True))
    for credential in made:
        outcome = rng.random()
        if outcome < 0.4:
            organisation = rng.choice(organisations)
            credential.verified_organisation = organisation
            credential.verified_by = editors.get(organisation.pk)
            credential.verified_at = timezone.now() - datetime.timedelta(days=rng.randint(1, 300))
        elif outcome < 0.45:
            credential.revoked_at = timezone.now()
    return made


def _credential(rng, volunteer, kind, today, expires):
    issued = today - datetime.timedelta(days=rng.randint(30, 1500))
    credential = Credential(
        volunteer=volunteer,
        kind=kind,
        issued_on=issued,
        # Training lasts three years: some of it has run out (expired, with no job run).
        expires_on=issued + datetime.timedelta(days=3 * 365) if expires else None,
        workforce=rng.choice(Workforce.values) if kind in RECORD_CHECKS else "",
        update_service=kind in DBS_CHECKS and rng.random() < 0.5,
    )
    digits = 16 if kind == CheckKind.PVG else 12
    credential.set_number("".join(rng.choice("0123456789") for _ in range(digits)))
    return credential


def _hours(rng, volunteer, organisations, today):
    if rng.random() > 0.35:
        return []
    organisation = rng.choice(organisations)
    role = rng.choice(["Lunch club", "Litter pick", "Food bank shift", "Befriending call"])
    return [
        ServiceRecord(
            volunteer=volunteer,
            organisation=organisation,
            role=role,
            date=today - datetime.timedelta(days=rng.randint(1, 700)),
            hours=rng.choice([1, 2, 2, 3, 4]),
            confirmed_at=timezone.now(),
        )
        for _ in range(rng.randint(1, 6))
    ]
