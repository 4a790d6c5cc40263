"""Organisations A (St Mary's Church, SN10 1AB) and B (Devizes Mosque), the people of the
permission matrix (from tests/partners/conftest.py), and a need of each."""

import datetime

import pytest

from needs.factories import NeedCheckFactory, NeedFactory
from tests.partners.conftest import build_partner_site

TODAY = datetime.date.today()


def in_days(days):
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def site(tree):
    site = build_partner_site(tree)
    site.need_a = NeedFactory(organisation=site.org_a, title="Lunch club helpers")
    NeedCheckFactory(need=site.need_a, kind="food_hygiene")
    site.need_b = NeedFactory(organisation=site.org_b, title="Iftar drivers", kind="transport")
    return site
