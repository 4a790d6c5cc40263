import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from hub.demo import next_neighbour_day
from hub.models import NeighbourDayDate
from neighbourday import pages
from tests.conftest import build_tree

# Real postcodes: Devizes, and another street in the same district.
POSTCODE = "SN10 1AB"
OTHER_POSTCODE = "SN10 1AE"


def neighbour_day():
    return next_neighbour_day(timezone.localdate() + datetime.timedelta(days=1))


def build_nd_tree():
    tree = build_tree()
    tree.day = neighbour_day()
    NeighbourDayDate.objects.create(settings=tree.settings, date=tree.day)
    tree.section = pages.section(tree.site)
    return tree


@pytest.fixture
def nd(db):
    return build_nd_tree()


def form_data(day, **changes):
    data = {
        "kind": "road-closed",
        "date": day.isoformat(),
        "start_time": "13:00",
        "end_time": "17:00",
        "street": "12 Long Street",
        "postcode": POSTCODE,
        "people": "21-50",
        "description": "Bring a chair and a dish to share.",
        "open_to_everyone": "True",
        "organiser_name": "Ada Organiser",
        "organiser_email": "ada.organiser@example.org",
        "website": "",
    }
    data.update(changes)
    return data


LINK = re.compile(r"http://testserver(/neighbour-day/(?:confirm|manage)/[^/\s]+/)")


def links_in(message):
    return LINK.findall(message.body)


class Resident:
    """A visitor using the site through the test client, whose e-mails are delivered."""

    def __init__(self, client, capture, day):
        self.client, self.capture, self.day = client, capture, day

    def post(self, url, data=None, **kwargs):
        with self.capture(execute=True):
            return self.client.post(url, data or {}, **kwargs)

    def get(self, url, **kwargs):
        with self.capture(execute=True):
            return self.client.get(url, **kwargs)

    def register(self, **changes):
        return self.post("/neighbour-day/register/", form_data(self.day, **changes))

    def confirm_from_email(self):
        """Open the confirmation link of the last e-mail; the management page's path."""
        (path,) = links_in(mail.outbox[-1])
        response = self.get(path)
        assert response.status_code == 302, response
        return response["Location"].split("?")[0]

    def register_and_confirm(self, **changes):
        response = self.register(**changes)
        assert response.status_code == 302, response.content.decode()
        return self.confirm_from_email()


@pytest.fixture
def resident(nd, client, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return Resident(client, django_capture_on_commit_callbacks, nd.day)
