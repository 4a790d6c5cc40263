from types import SimpleNamespace

import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from events.factories import EventIndexPageFactory
from home.factories import HomePageFactory
from home.models import HubSettings
from partners.factories import OrganisationPageFactory, PartnerIndexPageFactory


def build_tree():
    """The page tree every site has: home, the event listing and the partner directory."""
    # A transactional test before this one flushed the tables, the default locale with them.
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Hub"
    )
    events = EventIndexPageFactory(parent=home, show_in_menus=True)
    partners = PartnerIndexPageFactory(parent=home, show_in_menus=True)
    organisation = OrganisationPageFactory(parent=partners, title="St Mary's Church")
    return SimpleNamespace(
        site=site,
        home=home,
        events=events,
        partners=partners,
        organisation=organisation,
        settings=HubSettings.for_site(site),
    )


@pytest.fixture
def tree(db):
    return build_tree()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
