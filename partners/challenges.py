"""The social challenges a partnership project can address.

Stored as one boolean column per challenge (made by :func:`hub.flags.flag_set`, like
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

from hub.flags import flag_set

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

ProjectChallenges = flag_set(
    "ProjectChallenges", CHALLENGES, listed_as="challenges", module=__name__
)
