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
