import datetime

import pytest
from django.utils import timezone

from events.factories import EventPageFactory
from hub.models import NeighbourDayDate


@pytest.mark.django_db
def test_home_shows_next_neighbour_day_from_the_site_setting(client, tree):
    today = timezone.localdate()
    past = today - datetime.timedelta(days=30)
    soon = today + datetime.timedelta(days=40)
    later = today + datetime.timedelta(days=400)
    for day in (past, later, soon):
        NeighbourDayDate.objects.create(settings=tree.settings, date=day)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'datetime="{soon:%Y-%m-%d}"' in html
    assert "to go" in html
    assert f'datetime="{later:%Y-%m-%d}"' not in html


@pytest.mark.django_db
def test_home_without_neighbour_day_date_still_renders(client, tree):
    response = client.get("/")
    assert response.status_code == 200
    assert "The next Neighbour Day" not in response.content.decode()


@pytest.mark.django_db
def test_home_features_upcoming_live_events_with_a_postcode_box(client, tree):
    EventPageFactory(parent=tree.events, title="Featured lunch", featured=True)
    draft = EventPageFactory(parent=tree.events, title="Secret draft")
    draft.unpublish()
    html = client.get("/").content.decode()
    assert "Featured lunch" in html
    assert "Secret draft" not in html
    assert 'autocomplete="postal-code"' in html
    assert "Contains OS data © Crown copyright and database right" in html


@pytest.mark.django_db
def test_navigation_lists_menu_sections(client, tree):
    html = client.get("/events/").content.decode()
    assert 'aria-label="Main"' in html
    assert 'href="/events/" aria-current="page"' in html
    assert 'href="/partners/"' in html
    assert 'class="skip-link" href="#main"' in html
