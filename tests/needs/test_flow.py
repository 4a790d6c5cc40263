"""The application flow end to end over HTTP: apply, accept or decline, confirm, hours into
the passport, withdrawal by either side; the e-mail each step sends to the other side; the
need filling up, and never over-filling."""

import re
from decimal import Decimal

import pytest
from django.core import mail, signing

from needs import flow
from needs.choices import ApplicationStatus, NeedStatus, WithdrawnBy
from needs.models import Application, Need
from volunteering.models import ServiceRecord

from .flow_site import flow_site_fixture, in_the_past, mail_at_once_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_at_once")]
Status = ApplicationStatus
UNSUBSCRIBE = re.compile(r"To stop e-mails about .*: (http://testserver/unsubscribe/\S+/)")


def test_apply_accept_confirm_and_hours_reach_the_passport(client, flow_site):
    site = flow_site
    need = site.need

    client.force_login(site.priya.user)
    page = client.get(f"/volunteer/opportunities/{need.uuid}/apply/")
    assert page.status_code == 200 and "Lunch club helpers" in page.content.decode()
    response = client.post(
        f"/volunteer/opportunities/{need.uuid}/apply/", {"message": "I can bring a van."}
    )
    application = Application.objects.get(need=need, volunteer=site.priya)
    assert response.status_code == 302
    assert response["Location"] == f"/volunteer/applications/{application.pk}/"
    assert application.status == Status.APPLIED and application.message == "I can bring a van."
    [applied] = mail.outbox
    assert applied.to == ["member-a@example.org"]  # the other side: organisation A's members
    assert "I can bring a van." in applied.body
    assert UNSUBSCRIBE.search(applied.body), "news of an application is not essential"
    assert "List-Unsubscribe" in applied.extra_headers
    assert "/volunteer/applications/" in client.get("/volunteer/applications/").content.decode()

    mail.outbox.clear()
    client.force_login(site.member_a)
    detail = client.get(f"/dashboard/applications/{application.pk}/").content.decode()
    assert "I can bring a van." in detail and "priya@example.org" not in detail
    response = client.post(f"/dashboard/applications/{application.pk}/accept/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.decided_by == site.member_a
    [accepted] = mail.outbox
    assert accepted.to == ["priya@example.org"] and "please confirm" in accepted.subject
    assert not UNSUBSCRIBE.search(accepted.body), "a decision about you is essential"
    assert (
        "priya@example.org"
        in client.get(f"/dashboard/applications/{application.pk}/").content.decode()
    )  # accepted: now they may contact her

    mail.outbox.clear()
    client.force_login(site.priya.user)
    assert client.post(f"/volunteer/applications/{application.pk}/confirm/").status_code == 302
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    need.refresh_from_db()
    assert need.status == NeedStatus.FILLED  # one place, one confirmed volunteer
    assert need.changes.filter(action="filled").exists()
    [confirmed] = mail.outbox
    assert confirmed.to == ["member-a@example.org"]

    # Not before the date.
    client.force_login(site.member_a)
    early = client.post(
        f"/dashboard/applications/{application.pk}/attendance/", {"attended": "yes", "hours": "3"}
    )
    assert early.status_code == 409
    assert not ServiceRecord.objects.filter(volunteer=site.priya).exists()

    in_the_past(need)
    mail.outbox.clear()
    bad = client.post(
        f"/dashboard/applications/{application.pk}/attendance/", {"attended": "yes", "hours": ""}
    )
    assert bad.status_code == 400 and "Give the hours they gave." in bad.content.decode()
    response = client.post(
        f"/dashboard/applications/{application.pk}/attendance/", {"attended": "yes", "hours": "3"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.COMPLETED and application.hours == Decimal(3)
    record = application.service_record
    assert (record.volunteer, record.organisation, record.hours) == (
        site.priya,
        site.org_a,
        Decimal(3),
    )
    assert record.role == "Lunch club helpers" and record.confirmed_at is not None
    [completed] = mail.outbox
    assert completed.to == ["priya@example.org"] and "3 hours confirmed" in completed.subject

    client.force_login(site.priya.user)
    passport = client.get("/volunteer/record/").content.decode()
    assert "Lunch club helpers" in passport and "St Mary" in passport


def test_declining_needs_a_reason_and_keeps_what_was_typed(client, flow_site):
    site = flow_site
    application = flow.apply(site.need, site.priya, "Hello")
    mail.outbox.clear()
    client.force_login(site.member_a)
    url = f"/dashboard/applications/{application.pk}/decline/"
    empty = client.post(url, {"decline-reason": "  "})
    assert empty.status_code == 400 and "Give a reason" in empty.content.decode()
    long = "Too long. " * 5000  # 50,000 characters
    too_long = client.post(url, {"decline-reason": long})
    assert too_long.status_code == 400
    assert "at most 1000 characters" in too_long.content.decode()
    assert "Too long. Too long." in too_long.content.decode()  # kept
    assert Application.objects.get(pk=application.pk).status == Status.APPLIED
    assert mail.outbox == []
    assert client.post(url, {"decline-reason": "We need drivers."}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.reason) == (Status.DECLINED, "We need drivers.")
    [declined] = mail.outbox
    assert declined.to == ["priya@example.org"] and "We need drivers." in declined.body
    # Declined is an answer: she cannot apply again.
    client.force_login(site.priya.user)
    again = client.post(f"/volunteer/opportunities/{site.need.uuid}/apply/", {"message": ""})
    assert again.status_code == 302 and Application.objects.get(pk=application.pk).status == (
        Status.DECLINED
    )


def test_a_confirmed_volunteer_withdrawing_reopens_the_need(client, flow_site):
    site = flow_site
    application = flow.apply(site.need, site.priya)
    flow.accept(application, site.member_a)
    flow.confirm(application)
    assert Need.objects.get(pk=site.need.pk).status == NeedStatus.FILLED
    mail.outbox.clear()
    client.force_login(site.priya.user)
    url = f"/volunteer/applications/{application.pk}/withdraw/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "I have broken my leg."}).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.withdrawn_by == WithdrawnBy.VOLUNTEER
    assert Need.objects.get(pk=site.need.pk).status == NeedStatus.OPEN
    [withdrawn] = mail.outbox
    assert withdrawn.to == ["member-a@example.org"] and "broken my leg" in withdrawn.body
    assert not UNSUBSCRIBE.search(withdrawn.body), "losing a confirmed volunteer is essential"
    # Having withdrawn, she may apply again.
    client.post(f"/volunteer/opportunities/{site.need.uuid}/apply/", {"message": "Healed"})
    assert Application.objects.get(pk=application.pk).status == Status.APPLIED


def test_the_organisation_withdraws_with_a_reason(client, flow_site):
    site = flow_site
    application = flow.apply(site.need, site.priya)
    flow.accept(application, site.member_a)
    mail.outbox.clear()
    client.force_login(site.member_a)
    response = client.post(
        f"/dashboard/applications/{application.pk}/withdraw/",
        {"withdraw-reason": "The lunch club is cancelled."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.withdrawn_by) == (
        Status.WITHDRAWN,
        WithdrawnBy.ORGANISATION,
    )
    [message] = mail.outbox
    assert message.to == ["priya@example.org"] and "cancelled" in message.body


def test_the_last_place_cannot_be_taken_twice(client, flow_site):
    site = flow_site
    first = flow.apply(site.need, site.priya)
    second = flow.apply(site.need, site.tom)
    flow.accept(first, site.member_a)
    client.force_login(site.member_a)
    response = client.post(f"/dashboard/applications/{second.pk}/accept/")
    assert response.status_code == 409
    assert "All 1 places are taken" in response.content.decode()
    assert Application.objects.get(pk=second.pk).status == Status.APPLIED


def test_an_invitation_answered_yes_confirms_and_is_unsubscribable(client, flow_site):
    site = flow_site
    client.force_login(site.member_a)
    response = client.post(
        f"/volunteer/opportunities/{site.need.uuid}/invite/", {"volunteer": site.tom.pk}
    )
    application = Application.objects.get(need=site.need, volunteer=site.tom)
    assert response.status_code == 302 and application.status == Status.INVITED
    [invitation] = mail.outbox
    assert invitation.to == ["tom@example.org"]
    link = UNSUBSCRIBE.search(invitation.body)[1]
    assert invitation.extra_headers["List-Unsubscribe"] == f"<{link}>"

    mail.outbox.clear()
    client.force_login(site.tom.user)
    page = client.get(f"/volunteer/opportunities/{site.need.uuid}/apply/")
    assert "Yes, I will help" in page.content.decode()
    client.post(f"/volunteer/opportunities/{site.need.uuid}/apply/", {"message": "Happy to"})
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED
    assert Need.objects.get(pk=site.need.pk).status == NeedStatus.FILLED
    [answer] = mail.outbox
    assert answer.to == ["member-a@example.org"] and "said yes" in answer.body

    # The unsubscribe link works without signing in; opening it changes nothing. It holds
    # no e-mail address (the request log writes every path).
    client.logout()
    path = link.removeprefix("http://testserver")
    payload = path.split("/")[2].split(":")[0]
    assert b"tom" not in signing.b64_decode(payload.encode())
    assert "Stop these e-mails" in client.get(path).content.decode()
    assert client.post(path).status_code == 200
    assert "You will not get these e-mails" in client.get(path).content.decode()
    assert client.get(path[:-5] + "xxxx/").status_code == 400  # forged
    mail.outbox.clear()
    flow.invite(site.need_b, site.tom, site.member_b)
    assert mail.outbox == []  # Tom left invitations


def test_inviting_checks_the_volunteer_and_the_need(client, flow_site):
    site = flow_site
    client.force_login(site.member_a)
    url = f"/volunteer/opportunities/{site.need.uuid}/invite/"
    assert client.post(url, {"volunteer": "999999"}).status_code == 302
    assert client.post(url, {"volunteer": "x"}).status_code == 302
    assert not Application.objects.exists()
    flow.apply(site.need, site.priya)
    client.post(url, {"volunteer": site.priya.pk})
    assert Application.objects.get(volunteer=site.priya).status == Status.APPLIED
