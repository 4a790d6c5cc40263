"""Volunteer Reserve call-outs: only eligible Reserve members are asked, within their daily
limit, in batches; the signed "I can help" link works once, without signing in, and not
after the need closes; the call-out page's counts; who may call out."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from needs.choices import ApplicationStatus, NeedStatus
from needs.models import Application, Need
from partners.models import OrganisationPage
from reserve import callouts
from reserve.models import Ask, CallOut
from volunteering.factories import VolunteerFactory

from .flow_site import flow_site_fixture, mail_at_once_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_at_once")]
LINK = re.compile(r"http://testserver(/reserve/help/\S+/)")


def member(site, name, **fields):
    return VolunteerFactory(
        display_name=name, user__email=f"{name.lower()}@example.org", reserve=True, **fields
    )


@pytest.fixture
def emergency(flow_site):
    site = flow_site
    OrganisationPage.objects.filter(pk=site.org_a.pk).update(verified=True)
    site.need.emergency, site.need.people_needed = True, 2
    site.need.save()
    site.ada, site.bo, site.cy = (member(site, name) for name in ("Ada", "Bo", "Cy"))
    site.far = member(site, "Far", postcode="LS1 1UR")  # fails the distance rule
    site.busy = member(site, "Busy")  # already asked today by another call-out
    site.keen = member(site, "Keen", callouts_per_day=3)  # asked today, but wants more
    site.quiet = member(site, "Quiet")  # left call-out e-mails
    VolunteerFactory(display_name="Nonmember", reserve=False)  # fits, not in the Reserve
    other = CallOut.objects.create(need=site.need_b)
    Ask.objects.bulk_create([Ask(callout=other, volunteer=v) for v in (site.busy, site.keen)])
    from hub import optout

    optout.leave("quiet@example.org", callouts.CALLOUTS)
    return site


def call_out(site, django_capture_on_commit_callbacks, user=None):
    with django_capture_on_commit_callbacks(execute=True):
        return callouts.start(site.need, user or site.member_a)


def test_only_eligible_reserve_members_within_their_limit_are_asked_in_batches(
    emergency, django_capture_on_commit_callbacks, monkeypatch
):
    site = emergency
    batches = []
    send = callouts.send

    def record_batch(callout, asks):
        batches.append(len(asks))
        return send(callout, asks)

    monkeypatch.setattr(callouts, "BATCH", 3)
    monkeypatch.setattr(callouts, "send", record_batch)
    mail.outbox.clear()
    callout = call_out(site, django_capture_on_commit_callbacks)
    asked = {ask.volunteer.display_name for ask in callout.asks.select_related("volunteer")}
    assert asked == {"Ada", "Bo", "Cy", "Keen"}
    assert batches == [3, 1]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.org",
        "bo@example.org",
        "cy@example.org",
        "keen@example.org",
    ]
    message = mail.outbox[0]
    assert LINK.search(message.body) and "To stop e-mails about" in message.body
    assert callouts.counts(callout) == {"queued": 4, "asked": 4, "said_yes": 0, "confirmed": 0}


def test_the_link_works_once_without_signing_in_then_asks_to_sign_in_to_confirm(
    client, emergency, django_capture_on_commit_callbacks
):
    site = emergency
    callout = call_out(site, django_capture_on_commit_callbacks)
    by_name = {m.to[0]: LINK.search(m.body)[1] for m in mail.outbox if LINK.search(m.body)}
    link = by_name["ada@example.org"]

    page = client.get(link)  # opening it (as a mail scanner would) answers nothing
    assert page.status_code == 200 and "I can help" in page.content.decode()
    assert not Application.objects.filter(volunteer=site.ada).exists()
    mail.outbox.clear()
    response = client.post(link)
    application = Application.objects.get(need=site.need, volunteer=site.ada)
    assert application.status == ApplicationStatus.ACCEPTED
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "sign in to confirm" in thanks.content.decode().lower()
    assert [m.to for m in mail.outbox] == [["member-a@example.org"]]

    again = client.post(link)
    assert again.status_code == 410 and "already answered" in again.content.decode()
    assert client.get(link[:-6] + "abcde/").status_code == 400  # forged

    client.force_login(site.ada.user)
    client.post(f"/volunteer/applications/{application.pk}/confirm/")
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.CONFIRMED
    assert callouts.counts(callout) == {"queued": 4, "asked": 4, "said_yes": 1, "confirmed": 1}

    # Once the need closes, the other links stop working.
    Need.objects.filter(pk=site.need.pk).update(status=NeedStatus.CLOSED)
    closed = client.post(by_name["bo@example.org"])
    assert closed.status_code == 410 and "has closed" in closed.content.decode()
    assert not Application.objects.filter(volunteer=site.bo).exists()


def test_opening_the_link_records_nothing_only_the_button_says_yes(
    client, emergency, django_capture_on_commit_callbacks
):
    """Mail link scanners (Microsoft Defender Safe Links and the like) open every link in an
    e-mail before its reader does: however often the link is opened, nobody has said yes."""
    site = emergency
    callout = call_out(site, django_capture_on_commit_callbacks)
    link = next(LINK.search(m.body)[1] for m in mail.outbox if m.to == ["ada@example.org"])
    ask = Ask.objects.get(callout=callout, volunteer=site.ada)
    mail.outbox.clear()

    for _ in range(2):
        page = client.get(link)
        assert page.status_code == 200
        assert 'method="post"' in page.content.decode()
    ask.refresh_from_db()
    assert ask.answered_at is None and ask.application is None
    assert not Application.objects.filter(volunteer=site.ada).exists()
    assert callouts.counts(callout)["said_yes"] == 0
    assert mail.outbox == []

    assert client.post(link).status_code == 302
    ask.refresh_from_db()
    assert ask.answered_at is not None
    assert ask.application.status == ApplicationStatus.ACCEPTED
    again = client.post(link)
    assert again.status_code == 410 and "You have already answered" in again.content.decode()
    assert Application.objects.filter(volunteer=site.ada).count() == 1
    assert callouts.counts(callout)["said_yes"] == 1


def test_a_full_need_thanks_the_late_ones(client, emergency, django_capture_on_commit_callbacks):
    site = emergency
    call_out(site, django_capture_on_commit_callbacks)
    links = [LINK.search(m.body)[1] for m in mail.outbox if LINK.search(m.body)]
    client.post(links[0])
    client.post(links[1])  # two places
    late = client.post(links[2])
    assert late.status_code == 410 and "Enough people" in late.content.decode()
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 2


def test_the_callout_page_shows_the_counts_to_its_organisation_only(
    client, emergency, django_capture_on_commit_callbacks
):
    site = emergency
    callout = call_out(site, django_capture_on_commit_callbacks)
    for user, status in [
        (site.member_a, 200),
        (site.moderator, 200),
        (site.admin, 200),
        (site.member_b, 404),
        (site.priya.user, 404),
    ]:
        client.force_login(user)
        assert client.get(f"/dashboard/callouts/{callout.pk}/").status_code == status
        counts = client.get(f"/dashboard/callouts/{callout.pk}/counts.json")
        assert counts.status_code == status
        if status == 200:
            assert counts.json()["asked"] == 4
    client.logout()
    assert client.get(f"/dashboard/callouts/{callout.pk}/")["Location"].startswith(
        "/dashboard/login/"
    )


@pytest.mark.parametrize(
    ("who", "verified", "emergency", "started"),
    [
        ("member_a", True, True, True),
        ("member_a", False, True, False),  # an organisation not verified
        ("member_a", True, False, False),  # not an emergency
        ("moderator", False, True, True),
        ("admin", False, True, True),
        ("member_b", True, True, False),  # another organisation's need: 404
        ("anonymous", True, True, False),
    ],
)
def test_who_may_call_out(client, flow_site, who, verified, emergency, started):
    site = flow_site
    OrganisationPage.objects.filter(pk=site.org_a.pk).update(verified=verified)
    Need.objects.filter(pk=site.need.pk).update(emergency=emergency)
    if who != "anonymous":
        client.force_login(getattr(site, who))
    response = client.post(f"/dashboard/callouts/new/{site.need.pk}/")
    assert CallOut.objects.filter(need=site.need).exists() == started
    if who == "member_b":
        assert response.status_code == 404


def test_a_day_limit_counts_the_last_24_hours(emergency):
    site = emergency
    Ask.objects.filter(volunteer=site.busy).update(
        created_at=timezone.now() - timezone.timedelta(hours=25)
    )
    callout = CallOut.objects.create(need=site.need)
    callouts.queue.call(callout.pk)
    assert callout.asks.filter(volunteer=site.busy).exists()


def test_call_outs_a_day_is_a_passport_setting(client, flow_site):
    site = flow_site
    client.force_login(site.priya.user)
    client.post("/volunteer/reserve/", {"reserve": "yes"})
    assert "Call-outs a day at most" in client.get("/volunteer/").content.decode()
    assert client.post("/volunteer/reserve/", {"callouts_per_day": "3"}).status_code == 302
    site.priya.refresh_from_db()
    assert site.priya.callouts_per_day == 3 and site.priya.reserve
    assert client.post("/volunteer/reserve/", {"callouts_per_day": "99"}).status_code == 400
    site.priya.refresh_from_db()
    assert site.priya.callouts_per_day == 3
