from django.db import models


class Category(models.TextChoices):
    NEIGHBOUR_DAY = "neighbour-day", "Neighbour Day"
    FAITH_AND_COMMUNITY = "faith-and-community", "Faith and community"
    VOLUNTEERING = "volunteering", "Volunteering"
    ENVIRONMENT = "environment", "Environment"
    FOOD = "food", "Food"
    HEALTH = "health-and-wellbeing", "Health and wellbeing"
    YOUNG_PEOPLE = "young-people", "Young people"
    OLDER_PEOPLE = "older-people", "Older people"
    ARTS = "arts-and-culture", "Arts and culture"


class Status(models.TextChoices):
    SCHEDULED = "scheduled", "Going ahead"
    CANCELLED = "cancelled", "Cancelled"
    POSTPONED = "postponed", "Postponed"
    MOVED_ONLINE = "moved-online", "Moved online"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    FAMILIES = "families", "Families and children"
    YOUNG_PEOPLE = "young-people", "Young people"
    ADULTS = "adults", "Adults"
    OLDER_PEOPLE = "older-people", "Older people"


class Repeat(models.TextChoices):
    NEVER = "", "Does not repeat"
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Every month, on the same weekday (e.g. the first Saturday)"


class DateChange(models.TextChoices):
    SKIPPED = "skipped", "Not happening that day (leave it out)"
    CANCELLED = "cancelled", "Cancelled that day (show it as cancelled)"
    MOVED = "moved", "Moved to another date or time"
