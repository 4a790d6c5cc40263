import datetime

import factory

from partners.choices import OfferKind
from volunteering.factories import VolunteerFactory

from .choices import Timing
from .models import Application, Need, NeedCheck


class NeedFactory(factory.django.DjangoModelFactory):
    """A need for 4 volunteers a week from today, 9:30 to 12:00, in Devizes (give it an
    ``organisation``)."""

    title = factory.Sequence(lambda n: f"Need {n}")
    kind = OfferKind.VOLUNTEERS
    description = "Volunteers to help at the lunch club."
    people_needed = 4
    postcode = "SN10 1AB"
    timing = Timing.DATED
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    start_time = datetime.time(9, 30)
    end_time = datetime.time(12)

    class Meta:
        model = Need


class NeedCheckFactory(factory.django.DjangoModelFactory):
    need = factory.SubFactory(NeedFactory)
    kind = "dbs_enhanced"

    class Meta:
        model = NeedCheck


class ApplicationFactory(factory.django.DjangoModelFactory):
    need = factory.SubFactory(NeedFactory)
    volunteer = factory.SubFactory(VolunteerFactory)

    class Meta:
        model = Application
