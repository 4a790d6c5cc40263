from django.db import models


class Kind(models.TextChoices):
    ROAD_CLOSED = "road-closed", "A street party with the road closed"
    DRIVEWAYS = "driveways", "On driveways or front gardens"
    PARK = "park", "In a park or on a green"
    VENUE = "venue", "In a hall, café or other venue"
    ONLINE = "online", "Online"


class People(models.TextChoices):
    """How many people are expected, in bands; ``estimate`` is what the counts add up."""

    UP_TO_20 = "up-to-20", "Up to 20"
    UP_TO_50 = "21-50", "21 to 50"
    UP_TO_100 = "51-100", "51 to 100"
    UP_TO_250 = "101-250", "101 to 250"
    UP_TO_500 = "251-500", "251 to 500"

    @property
    def estimate(self):
        return ESTIMATES[self]


ESTIMATES = {
    People.UP_TO_20: 15,
    People.UP_TO_50: 35,
    People.UP_TO_100: 75,
    People.UP_TO_250: 175,
    People.UP_TO_500: 375,
}


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Waiting for the organiser to confirm"
    CONFIRMED = "confirmed", "Confirmed"
    CANCELLED = "cancelled", "Cancelled by the organiser"
