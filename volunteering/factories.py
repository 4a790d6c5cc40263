import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from .choices import CheckKind, Workforce
from .models import Credential, Volunteer


class UserFactory(factory.django.DjangoModelFactory):
    """A resident's account, with its e-mail address verified (as allauth keeps it)."""

    username = factory.Sequence(lambda n: f"resident{n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )


class VolunteerFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Sam{n}")
    postcode = "SN10 1AB"
    travel_miles = 5
    availability = factory.LazyFunction(lambda: ["sat_morning", "sun_afternoon"])

    class Meta:
        model = Volunteer


class CredentialFactory(factory.django.DjangoModelFactory):
    volunteer = factory.SubFactory(VolunteerFactory)
    kind = CheckKind.DBS_ENHANCED
    workforce = Workforce.BOTH
    issued_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=200))

    class Meta:
        model = Credential
        skip_postgeneration_save = True

    @factory.post_generation
    def number(self, create, extracted, **kwargs):
        self.set_number(extracted or "001234567890")
        if create:
            self.save(update_fields=["number_token", "number_last4"])
