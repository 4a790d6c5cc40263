"""The social challenges a partnership project can address.

Stored as one boolean column per challenge (the same shape as
:class:`hub.accessibility.AccessibilityFeatures`) rather than as a many-to-many table or a
JSON list, because:

* the listing filters on them, and ``filter(food_insecurity=True)`` is a plain indexed
  column test on both SQLite and PostgreSQL (SQLite has no array type, and JSON "contains"
  lookups are not portable);
* the list is fixed by the issue that defines the hub, so there is no table of rows to seed
  and keep in step with the code (a flushed test database or a fresh install needs nothing);
* the values are ordinary page fields, so they are kept in page revisions and go through
  moderation with the rest of the page.
"""

from django.db import models

CHALLENGES = {
    "loneliness": "Loneliness and isolation",
    "food_insecurity": "Food insecurity",
    "homelessness": "Homelessness",
    "young_people": "Young people",
    "older_people": "Older people",
    "mental_health": "Mental health",
    "environment": "Environment",
    "integration": "Integration",
    "crime_and_safety": "Crime and safety",
    "employment_and_skills": "Employment and skills",
}


class ProjectChallenges(models.Model):
    loneliness = models.BooleanField(CHALLENGES["loneliness"], default=False)
    food_insecurity = models.BooleanField(CHALLENGES["food_insecurity"], default=False)
    homelessness = models.BooleanField(CHALLENGES["homelessness"], default=False)
    young_people = models.BooleanField(CHALLENGES["young_people"], default=False)
    older_people = models.BooleanField(CHALLENGES["older_people"], default=False)
    mental_health = models.BooleanField(CHALLENGES["mental_health"], default=False)
    environment = models.BooleanField(CHALLENGES["environment"], default=False)
    integration = models.BooleanField(CHALLENGES["integration"], default=False)
    crime_and_safety = models.BooleanField(CHALLENGES["crime_and_safety"], default=False)
    employment_and_skills = models.BooleanField(CHALLENGES["employment_and_skills"], default=False)

    class Meta:
        abstract = True

    @property
    def challenges(self):
        return [label for name, label in CHALLENGES.items() if getattr(self, name)]
