"""What every app's demo content is built with: pages made once, and a summary of what was made.

The demo is built by ``load_demo`` (``home.demo`` puts the site together and asks each app
for its part); running it again must change nothing, so every page is looked up before it
is made.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Summary:
    created: dict = field(default_factory=dict)

    def add(self, what, count=1):
        self.created[what] = self.created.get(what, 0) + count

    def lines(self):
        if not self.created:
            return ["The demo content is already there: nothing to add."]
        return [f"Created {count} {what}" for what, count in sorted(self.created.items())]


def next_neighbour_day(today):
    """Neighbour Day in the demo: the third Saturday of June, this year or next."""
    year = today.year
    while True:
        june = datetime.date(year, 6, 15)
        day = june + datetime.timedelta(days=(5 - june.weekday()) % 7)
        if day >= today:
            return day
        year += 1


def child(parent, model, slug, **fields):
    """The child page with this slug, created (and published) if it is missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True
