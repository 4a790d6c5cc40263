import datetime

import factory
import wagtail_factories

from .choices import Category
from .models import EventDateChange, EventIndexPage, EventPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "What's on"
    slug = "events"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Street party {n}")
    summary = "Bring a plate of food and meet the neighbours."
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    start_time = datetime.time(14, 0)
    end_time = datetime.time(17, 0)
    venue_name = "The Green"
    postcode = "SN10 1AB"
    category = Category.NEIGHBOUR_DAY

    class Meta:
        model = EventPage


class EventDateChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventDateChange
