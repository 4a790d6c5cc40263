from django.db import models


class OrganisationKind(models.TextChoices):
    FAITH_GROUP = "faith-group", "Faith group"
    CHARITY = "charity", "Charity"
    COMMUNITY_GROUP = "community-group", "Community group"
    BUSINESS = "business", "Business"
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS body"
    SCHOOL = "school", "School"
    POLICE = "police", "Police"


class Tradition(models.TextChoices):
    CHRISTIAN = "christian", "Christian"
    MUSLIM = "muslim", "Muslim"
    JEWISH = "jewish", "Jewish"
    SIKH = "sikh", "Sikh"
    HINDU = "hindu", "Hindu"
    BUDDHIST = "buddhist", "Buddhist"
    BAHAI = "bahai", "Bahá'í"
    INTERFAITH = "interfaith", "Interfaith"
    OTHER = "other", "Other"


class ProjectStatus(models.TextChoices):
    IDEA = "idea", "Idea: looking for partners"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class OutcomeMeasure(models.TextChoices):
    VOLUNTEERS = "volunteers", "Volunteers"
    VOLUNTEER_HOURS = "volunteer-hours", "Volunteer hours"
    PEOPLE_REACHED = "people-reached", "People reached"
    MEALS = "meals", "Meals"
    OTHER = "other", "Something else (name it)"


class OfferKind(models.TextChoices):
    VOLUNTEERS = "volunteers", "Volunteers"
    VENUE = "venue", "Venue or space"
    FOOD = "food", "Food"
    EQUIPMENT = "equipment", "Equipment"
    TRANSPORT = "transport", "Transport"
    SKILLS = "skills", "Skills or professional help"
    FUNDING = "funding", "Funding"
    OTHER = "other", "Something else"


class OfferStatus(models.TextChoices):
    """What members can set. "Expired" is never stored: see ``Offer.current_status``."""

    AVAILABLE = "available", "Available"
    COMMITTED = "committed", "Committed: promised to someone"
    WITHDRAWN = "withdrawn", "Withdrawn"


EXPIRED = "expired"
EXPIRED_LABEL = "Expired: its end date has passed"


def outcome_label(measure, name):
    """What an outcome figure counts: its measure's label, or for "something else" its name."""
    if measure == OutcomeMeasure.OTHER:
        return name.capitalize()
    return OutcomeMeasure(measure).label
