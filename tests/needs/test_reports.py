"""Reports: an organisation sees its own figures, a moderator everyone's; the tables, the
chart and the CSV say the same; the number of queries does not grow with the data."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs import flow
from needs.factories import NeedFactory

from .flow_site import flow_site_fixture, in_the_past, mail_at_once_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_at_once")]


@pytest.fixture
def figures(flow_site):
    site = flow_site
    application = flow.apply(site.need, site.priya)
    flow.accept(application, site.member_a)
    flow.confirm(application)  # one place: the need is filled
    in_the_past(site.need)
    flow.record_attendance(application, site.member_a, True, "3")
    return site


def rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_member_sees_their_own_organisation(client, figures):
    site = figures
    client.force_login(site.member_a)
    page = client.get("/dashboard/reports/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "St Mary" in html and "Devizes Mosque" not in html
    assert "<svg" in html and "3 h" in html  # the chart, with its figures as text
    needs = rows(client.get("/dashboard/reports/needs.csv"))
    assert needs[0] == ["Organisation", "Open", "Filled", "Closed", "Total"]
    assert needs[1:] == [["St Mary's Church", "0", "0", "1", "1"]]  # past its date: closed
    hours = rows(client.get("/dashboard/reports/hours.csv"))
    assert hours[1][0] == "St Mary's Church" and hours[1][2] == "3"
    fill = rows(client.get("/dashboard/reports/fill.csv"))
    assert fill[1][:2] == ["St Mary's Church", "1"]
    assert rows(client.get("/dashboard/reports/districts.csv"))[1:] == [["SN10", "1"]]
    assert client.get("/dashboard/reports/nothing.csv").status_code == 404

    client.force_login(site.member_b)
    assert "St Mary" not in client.get("/dashboard/reports/").content.decode()
    assert rows(client.get("/dashboard/reports/hours.csv"))[1:] == []


def test_a_moderator_sees_every_organisation(client, figures):
    client.force_login(figures.moderator)
    needs = rows(client.get("/dashboard/reports/needs.csv?months=3"))
    assert [row[0] for row in needs[1:]] == ["Devizes Mosque", "St Mary's Church"]


def test_residents_and_strangers(client, figures):
    assert client.get("/dashboard/reports/")["Location"].startswith("/dashboard/login/")
    client.force_login(figures.priya.user)
    assert "not linked to an organisation" in client.get("/dashboard/reports/").content.decode()
    assert rows(client.get("/dashboard/reports/needs.csv"))[1:] == []


def test_a_spreadsheet_formula_in_a_name_is_not_run(client, figures):
    site = figures
    site.org_a.title = "=HYPERLINK(1)"
    site.org_a.save_revision().publish()
    client.force_login(site.member_a)
    assert rows(client.get("/dashboard/reports/needs.csv"))[1][0] == "'=HYPERLINK(1)"


def test_the_queries_do_not_grow_with_the_data(client, figures):
    site = figures
    client.force_login(site.moderator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/reports/").status_code == 200
        return len(captured)

    queries()  # the session and the permission caches, once
    before = queries()
    for number in range(10):
        NeedFactory(organisation=site.org_b, title=f"More {number}")
    assert queries() == before
