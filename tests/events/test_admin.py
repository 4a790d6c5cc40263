"""Editing events in the Wagtail admin: clear messages, and nothing an editor typed is lost."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventPage


def event_form(**fields):
    data = {
        "title": "Quiz night",
        "slug": "quiz-night",
        "summary": "Teams of four.",
        "start_date": "2030-06-15",
        "start_time": "19:00",
        "end_time": "21:00",
        "postcode": "SN10 1AB",
        "category": "neighbour-day",
        "audience": "everyone",
        "status": "scheduled",
        "body": streamfield([]),
        "date_changes": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def admin_client(client, tree):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_unknown_postcode_is_saved_with_a_warning(admin_client, tree):
    url = f"/admin/pages/add/events/eventpage/{tree.events.pk}/"
    response = admin_client.post(url, event_form(postcode="sn10 1aa"), follow=True)
    assert response.status_code == 200
    event = EventPage.objects.get(slug="quiz-night")
    assert event.postcode == "SN10 1AA"
    assert event.latitude is None
    messages = [str(m) for m in response.context["messages"]]
    assert any("SN10 1AA" in m and "will not show in map" in m for m in messages)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_time": "18:00"}, "The event ends before it starts."),
        ({"repeat": "weekly"}, "A repeating event needs a last date or a number of times."),
        ({"postcode": "hello"}, "not a UK postcode"),
    ],
)
def test_invalid_event_is_refused_with_the_reason_and_the_input_kept(
    admin_client, tree, fields, message
):
    url = f"/admin/pages/add/events/eventpage/{tree.events.pk}/"
    response = admin_client.post(url, event_form(**fields))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert 'value="Teams of four."' in html or "Teams of four.</textarea>" in html
    assert not EventPage.objects.filter(slug="quiz-night").exists()
