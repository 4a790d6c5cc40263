import factory
import wagtail_factories

from .models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Neighbour Day Hub"
    slug = "home"
    hero_heading = "Get to know your neighbours"
    hero_text = "Street parties, litter picks, open days and help from faith groups near you."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=3)
    introduction = factory.Faker("paragraph")

    class Meta:
        model = StandardPage
