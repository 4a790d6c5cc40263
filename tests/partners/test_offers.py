"""The offers log: the dashboard's forms, the history of every change, and expiry by date."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from partners.choices import EXPIRED, OfferStatus
from partners.factories import OfferFactory
from partners.models import Offer, OfferChange

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def offer_form(**fields):
    data = {
        "kind": "venue",
        "title": "Church hall",
        "description": "Seats 80, with a kitchen.",
        "quantity": "80",
        "quantity_unit": "people",
        "available_from": "",
        "available_until": "",
        "regular_times": "Weekday evenings",
        "postcode": "sn10 1ab",
        "radius_miles": "3",
        "step_free": "on",
    }
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def member(client, site):
    client.force_login(site.member_a)
    return client


def test_a_member_logs_an_offer_for_their_organisation(member, site):
    response = member.post("/dashboard/offers/new/", offer_form())
    offer = Offer.objects.get(title="Church hall")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboard/offers/{offer.pk}/"
    assert offer.organisation == site.org_a
    assert offer.postcode == "SN10 1AB"
    assert offer.latitude is not None
    assert offer.status == OfferStatus.AVAILABLE
    assert offer.created_by == site.member_a
    assert offer.step_free and not offer.hearing_loop
    page = member.get(response["Location"]).content.decode()
    assert "Thank you: “Church hall” is logged." in page
    assert "Logged the offer" in page


def test_three_edits_leave_three_entries_with_the_changed_fields(member, site):
    offer = site.offer_a
    url = f"/dashboard/offers/{offer.pk}/edit/"
    unchanged = {
        "kind": offer.kind,
        "title": offer.title,
        "description": offer.description,
        "quantity": str(offer.quantity),
        "quantity_unit": offer.quantity_unit,
        "postcode": offer.postcode,
        "radius_miles": str(offer.radius_miles),
        "status": "available",
    }
    first = {**unchanged, "quantity": "12"}
    second = {**first, "description": "Twelve on the day."}
    third = {**second, "status": "committed"}
    for data in (first, second, third):
        assert member.post(url, data).status_code == 302
    edits = list(offer.changes.exclude(action=OfferChange.Action.CREATED).order_by("at", "pk"))
    assert len(edits) == 3
    assert all(change.user == site.member_a for change in edits)
    assert edits[0].changes == {"quantity": [6, 12]}
    assert edits[1].changes == {
        "description": ["Volunteers to help on the day.", "Twelve on the day."]
    }
    assert edits[2].changes == {"status": ["available", "committed"]}
    assert edits[0].at <= edits[1].at <= edits[2].at

    page = member.get(f"/dashboard/offers/{offer.pk}/").content.decode()
    assert page.count("Changed the offer") == 3
    assert '<th scope="row">How many</th><td>6</td><td>12</td>' in page
    assert "Committed: promised to someone" in page
    assert "Twelve on the day." in page


def test_saving_without_changes_records_nothing(member, site):
    offer = site.offer_a
    offer.save()
    before = offer.changes.count()
    offer.save(changed_by=site.member_a)
    assert offer.changes.count() == before


def test_the_admin_records_history_too(client, site):
    client.force_login(site.moderator)
    offer = site.offer_a
    response = client.post(
        f"/admin/offers/edit/{offer.pk}/",
        {
            "organisation": str(offer.organisation_id),
            "kind": offer.kind,
            "title": "Renamed in the admin",
            "description": offer.description,
            "postcode": offer.postcode,
            "radius_miles": "5",
            "status": "available",
        },
    )
    assert response.status_code == 302
    change = offer.changes.first()
    assert change.user == site.moderator
    assert change.changes["title"] == [offer.title, "Renamed in the admin"]
    inspect = client.get(f"/admin/offers/inspect/{offer.pk}/").content.decode()
    assert "Renamed in the admin" in inspect and "Changed the offer" in inspect


def test_withdraw_and_reopen_are_statuses_with_history(member, site):
    offer = site.offer_a
    assert member.get(f"/dashboard/offers/{offer.pk}/withdraw/").status_code == 200
    member.post(f"/dashboard/offers/{offer.pk}/withdraw/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert offer.changes.first().action == OfferChange.Action.WITHDRAWN
    row = f">{offer.title}</a></th>"
    assert row not in member.get("/dashboard/").content.decode()  # current offers only
    assert row in member.get("/dashboard/?show=ended").content.decode()
    member.post(f"/dashboard/offers/{offer.pk}/reopen/")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AVAILABLE
    assert offer.changes.first().action == OfferChange.Action.REOPENED


def test_reopening_an_offer_past_its_last_day_asks_for_a_new_date(member, site):
    offer = OfferFactory(
        organisation=site.org_a,
        status=OfferStatus.WITHDRAWN,
        available_until=TODAY - datetime.timedelta(days=1),
    )
    response = member.post(f"/dashboard/offers/{offer.pk}/reopen/", follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    assert response.redirect_chain[-1][0] == f"/dashboard/offers/{offer.pk}/edit/"
    assert "Its last day has passed" in response.content.decode()


def test_only_moderators_delete(client, site):
    client.force_login(site.member_a)
    response = client.post(f"/dashboard/offers/{site.offer_a.pk}/delete/")
    assert response.status_code == 403
    assert "withdraw it instead" in response.content.decode()
    assert "Delete it" not in client.get(f"/dashboard/offers/{site.offer_a.pk}/").content.decode()
    client.force_login(site.moderator)
    assert "Delete it" in client.get(f"/dashboard/offers/{site.offer_a.pk}/").content.decode()
    assert client.post(f"/dashboard/offers/{site.offer_a.pk}/delete/").status_code == 302
    assert not Offer.objects.filter(pk=site.offer_a.pk).exists()


# --- expiry ----------------------------------------------------------------------------


def test_an_offer_past_its_end_date_is_no_longer_available_without_any_job_running(client, site):
    offer = OfferFactory(
        organisation=site.org_a,
        title="Soup kitchen helpers",
        available_until=TODAY - datetime.timedelta(days=1),
    )
    last_day = OfferFactory(organisation=site.org_a, title="Ends today", available_until=TODAY)
    # Nothing has touched the stored status...
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.AVAILABLE
    # ...but it is expired wherever it is read.
    assert offer.current_status == EXPIRED
    assert last_day.current_status == OfferStatus.AVAILABLE
    available = Offer.objects.available()
    assert offer not in available and last_day in available
    annotated = Offer.objects.with_current_status().get(pk=offer.pk)
    assert annotated.status_now == EXPIRED
    listing = client.get("/offers/").content.decode()
    assert "Soup kitchen helpers" not in listing
    assert "Ends today" in listing
    assert "Soup kitchen helpers" not in client.get(site.org_a.url).content.decode()
    detail = client.get(f"/offers/{offer.pk}/").content.decode()
    assert "no longer available" in detail and "Expired" in detail

    client.force_login(site.member_a)
    assert "Soup kitchen helpers" not in client.get("/dashboard/").content.decode()
    ended = client.get("/dashboard/?show=ended").content.decode()
    assert "Soup kitchen helpers" in ended and "Expired" in ended


def test_expiry_follows_the_calendar_day(site):
    offer = OfferFactory(organisation=site.org_a, available_until=TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert offer in Offer.objects.available(today=TODAY)
    assert offer not in Offer.objects.available(today=tomorrow)
    assert not offer.is_past_end(TODAY) and offer.is_past_end(tomorrow)


def test_a_withdrawn_offer_stays_withdrawn_after_its_end_date(site):
    offer = OfferFactory(
        organisation=site.org_a,
        status=OfferStatus.WITHDRAWN,
        available_until=TODAY - datetime.timedelta(days=3),
    )
    assert offer.current_status == OfferStatus.WITHDRAWN
    assert Offer.objects.with_current_status().get(pk=offer.pk).status_now == "withdrawn"


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"available_from": "2030-06-10", "available_until": "2030-06-01"},
            "available_until",
            "The last day is before the first day.",
        ),
        ({"quantity": "-5"}, "quantity", "Give a number of 1 or more, or leave it empty."),
        ({"postcode": "not a postcode"}, "postcode", "not a UK postcode"),
        ({"postcode": "SN10 1AA"}, "postcode", "couldn't find the postcode SN10 1AA"),
        ({"postcode": ""}, "postcode", "This field is required."),
        (
            {"description": "x" * 50_000},
            "description",
            "Keep the description to 5000 characters or fewer (it has 50000).",
        ),
        ({"title": ""}, "title", "This field is required."),
        ({"kind": "spaceship"}, "kind", "Select a valid choice."),
        ({"radius_miles": "500"}, "radius_miles", "less than or equal to 50"),
        ({"available_from": "2030-13-45"}, "available_from", "Enter a valid date."),
        (
            {"available_until": (TODAY - datetime.timedelta(days=2)).isoformat()},
            "available_until",
            "That day has passed",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_the_rest_is_kept(
    member, site, fields, field, message
):
    before = Offer.objects.count()
    response = member.post("/dashboard/offers/new/", offer_form(**fields))
    assert response.status_code == 400
    assert Offer.objects.count() == before
    html = response.content.decode().replace("&#x27;", "'")
    error = f'id="id_{field}_error">'
    assert error in html
    assert message in html.split(error, 1)[1].split("</p>", 1)[0]
    assert f'aria-describedby="id_{field}_help id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    assert "Please check" in html  # the summary at the top
    # Everything else typed is still there.
    if field != "regular_times":
        assert 'value="Weekday evenings"' in html
    if field != "description":
        assert "Seats 80, with a kitchen.</textarea>" in html
    if field != "title":
        assert 'value="Church hall"' in html
    assert 'name="step_free" id="id_step_free" checked' in html or (
        'checked id="id_step_free"' in html or 'id="id_step_free" checked' in html
    )


def test_an_edit_with_bad_input_keeps_the_offer_unchanged(member, site):
    offer = site.offer_a
    response = member.post(
        f"/dashboard/offers/{offer.pk}/edit/",
        offer_form(title="New title", quantity="-1", status="available"),
    )
    assert response.status_code == 400
    offer.refresh_from_db()
    assert offer.title != "New title"
    assert 'value="New title"' in response.content.decode()


def test_a_northern_ireland_postcode_is_accepted_with_a_warning(member, site):
    response = member.post("/dashboard/offers/new/", offer_form(postcode="BT1 1AA"), follow=True)
    offer = Offer.objects.get(title="Church hall")
    assert offer.postcode == "BT1 1AA"
    assert "will not show in searches by place" in response.content.decode()


def test_forms_need_the_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.member_a)
    assert client.post("/dashboard/offers/new/", offer_form()).status_code == 403
    assert client.post(f"/dashboard/offers/{site.offer_a.pk}/withdraw/").status_code == 403
    assert client.post("/dashboard/logout/").status_code == 403
    assert not Offer.objects.filter(title="Church hall").exists()
    page = client.get("/dashboard/offers/new/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_member_of_two_organisations_chooses_which(client, site):
    from partners.sections import add_editor

    add_editor(site.org_b, site.member_a)
    client.force_login(site.member_a)
    form = client.get("/dashboard/offers/new/").content.decode()
    assert "Which organisation is offering it?" in form
    client.post("/dashboard/offers/new/", offer_form(organisation=str(site.org_b.pk)))
    assert Offer.objects.get(title="Church hall").organisation == site.org_b
    listing = client.get("/dashboard/?show=all").content.decode()
    assert site.offer_a.title in listing and site.offer_b.title in listing


def test_someone_without_an_organisation_is_told_what_to_do(client, site):
    from tests.partners.conftest import make_user

    client.force_login(make_user("newcomer"))
    page = client.get("/dashboard/").content.decode()
    assert "not linked to a partner organisation yet" in page
    assert client.get("/dashboard/offers/new/").status_code == 403


def test_guessed_ids_are_not_found(member, site):
    missing = Offer.objects.order_by("-pk").first().pk + 100
    for url in (
        f"/dashboard/offers/{missing}/",
        f"/dashboard/offers/{missing}/edit/",
        f"/admin/offers/edit/{missing}/",
        f"/offers/{missing}/",
    ):
        assert member.get(url).status_code == 404, url
