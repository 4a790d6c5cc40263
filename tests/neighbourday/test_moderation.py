"""Moderators hide a registration with a reason, in the admin; the organiser is told."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from neighbourday import counts
from neighbourday.models import CouncilGuidance, Gathering

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("mod", password="x", is_staff=False)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_a_moderator_hides_a_gathering_with_a_reason(resident, nd, client, moderator):
    resident.register_and_confirm()
    gathering = Gathering.objects.get()
    page = gathering.event
    admin = resident.client
    admin.force_login(moderator)
    listing = admin.get("/admin/neighbour-day/registrations/")
    assert listing.status_code == 200
    url = f"/admin/neighbour-day/registrations/edit/{gathering.pk}/"
    assert admin.get(url).status_code == 200
    refused = resident.post(url, {"hidden": "on", "hidden_reason": ""})
    assert refused.status_code == 200 and "Say why" in refused.content.decode()
    resident.post(url, {"hidden": "on", "hidden_reason": "This is an advert, not a gathering."})
    gathering.refresh_from_db()
    page.refresh_from_db()
    assert gathering.hidden and not page.live
    assert counts.totals(nd.day.year)["gatherings"] == 0
    assert "advert" in mail.outbox[-1].body and mail.outbox[-1].to == [gathering.organiser_email]
    admin.logout()
    assert page.title not in client.get("/events/").content.decode()
    # Shown again.
    admin.force_login(moderator)
    resident.post(url, {"hidden_reason": "A mistake."})
    gathering.refresh_from_db()
    page.refresh_from_db()
    assert not gathering.hidden and page.live
    assert counts.totals(nd.day.year)["gatherings"] == 1


def test_moderators_edit_the_road_closure_table(client, moderator, nd):
    client.force_login(moderator)
    assert client.get("/admin/neighbour-day/road-closures/").status_code == 200
    assert client.get("/admin/neighbour-day/pack/").status_code == 200
    response = client.post(
        "/admin/neighbour-day/road-closures/new/",
        {
            "postcode": "sn10",
            "council": "Wiltshire",
            "lead_time_weeks": "8",
            "link": "www.wiltshire.gov.uk/road-closures",
            "notes": "",
        },
    )
    assert response.status_code == 302
    guidance = CouncilGuidance.objects.get()
    assert guidance.postcode == "SN10"
    assert guidance.link == "https://www.wiltshire.gov.uk/road-closures"  # typed without https


def test_the_public_cannot_see_registrations(client, nd):
    assert client.get("/admin/neighbour-day/registrations/").status_code == 302
