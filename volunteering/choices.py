"""The controlled lists of the Volunteer Passport: skills, checks, the weekly grid."""

from django.db import models

from hub.flags import flag_set
from partners.challenges import CHALLENGES

SKILLS = {
    "driving": "Driving",
    "cooking": "Cooking and food hygiene",
    "befriending": "Befriending and listening",
    "diy": "DIY and repairs",
    "gardening": "Gardening",
    "it_help": "IT help",
    "interpreting": "Languages and interpreting",
    "first_aid": "First aid",
    "admin": "Admin",
    "stewarding": "Event stewarding",
    "caring": "Caring and support",
    "teaching": "Teaching and tutoring",
    "fundraising": "Fundraising",
}

Skills = flag_set("Skills", SKILLS, listed_as="skills", module=__name__)

# The causes a volunteer cares about are the hub's project challenges, one list for both.
CAUSES = {f"cares_{key}": label for key, label in CHALLENGES.items()}
Causes = flag_set("Causes", CAUSES, listed_as="causes", module=__name__)

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TIMES = ["morning", "afternoon", "evening"]
# "mon_morning" ... "sun_evening": the cells of the weekly availability grid.
SLOTS = {f"{day[:3].lower()}_{time}": f"{day} {time}" for day in DAYS for time in TIMES}


class CheckKind(models.TextChoices):
    DBS_BASIC = "dbs_basic", "DBS basic check"
    DBS_STANDARD = "dbs_standard", "DBS standard check"
    DBS_ENHANCED = "dbs_enhanced", "DBS enhanced check"
    DBS_BARRED = "dbs_barred", "DBS enhanced check with barred list"
    PVG = "pvg", "PVG scheme membership (Scotland)"
    ACCESSNI = "accessni", "AccessNI check (Northern Ireland)"
    FIRST_AID = "first_aid", "First aid certificate"
    FOOD_HYGIENE = "food_hygiene", "Food hygiene certificate"
    SAFEGUARDING = "safeguarding", "Safeguarding training"
    MANUAL_HANDLING = "manual_handling", "Manual handling training"
    MENTAL_HEALTH = "mental_health", "Mental health first aid"
    DRIVING = "driving", "Driving licence"


# Criminal record checks: they have a workforce and a certificate number.
RECORD_CHECKS = frozenset(
    {
        CheckKind.DBS_BASIC,
        CheckKind.DBS_STANDARD,
        CheckKind.DBS_ENHANCED,
        CheckKind.DBS_BARRED,
        CheckKind.PVG,
        CheckKind.ACCESSNI,
    }
)
DBS_CHECKS = frozenset(kind for kind in RECORD_CHECKS if kind.startswith("dbs_"))


class Workforce(models.TextChoices):
    CHILDREN = "children", "Children"
    ADULTS = "adults", "Adults"
    BOTH = "both", "Children and adults"


class CheckStatus(models.TextChoices):
    SELF_DECLARED = "self_declared", "Self-declared"
    VERIFIED = "verified", "Verified"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


# The checks an organisation may mark as verified: one column per kind, set by moderators.
VerifiableKinds = flag_set(
    "VerifiableKinds",
    {f"may_verify_{kind}": f"May verify: {label}" for kind, label in CheckKind.choices},
    listed_as="verifiable_labels",
    module=__name__,
)
