"""Open public needs, and the list of them, are in /sitemap.xml; nothing else of needs is.

The sitemap is read as a crawler reads it (parsed as XML), and costs the same number of
queries whatever the number of needs.
"""

from urllib.parse import urlsplit

import pytest
from defusedxml import ElementTree
from django.db import connection
from django.test.utils import CaptureQueriesContext

from needs.factories import NeedFactory

from .test_public import needs  # noqa: F401  (the spread of needs that show and do not)

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(client):
    """{path: lastmod text or None} of every address in /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    found, roots = {}, set()
    for url in ElementTree.fromstring(response.content).iter(f"{NS}url"):
        location = urlsplit(url.find(f"{NS}loc").text)
        roots.add((location.scheme, location.netloc))
        lastmod = url.find(f"{NS}lastmod")
        found[location.path] = lastmod.text if lastmod is not None else None
    assert roots == {("http", "testserver")}  # the Site's address, as every page's
    return found


def test_the_sitemap_lists_open_public_needs_and_their_list(client, needs):  # noqa: F811
    found = entries(client)
    for need in (needs.need_a, needs.need_b, needs.saturday, needs.evening, needs.online):
        path = f"/volunteer/opportunities/{need.uuid}/"
        assert path in found, need.title
        assert found[path] == need.updated_at.date().isoformat()
        assert client.get(path).status_code == 200
    assert found["/volunteer/opportunities/"] is not None
    hidden = [needs.closed, needs.filled, needs.past, needs.private_need]
    hidden += list(NeedFactory._meta.model.objects.filter(title="Draft chapel need"))
    for need in hidden:
        assert f"/volunteer/opportunities/{need.uuid}/" not in found, need.title
    assert sum("/volunteer/opportunities/" in path for path in found) == 7  # 6 open + the list


def test_the_sitemap_costs_the_same_queries_whatever_the_number_of_needs(
    client,
    needs,  # noqa: F811
    django_assert_num_queries,
    settings,
):
    settings.PAGE_CACHE_SECONDS = 0  # count the sitemap's own queries, not a cache hit

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    count()  # the first request also caches the site's root paths
    few = count()
    for number in range(10):
        NeedFactory(organisation=needs.org_b, title=f"Extra {number}")
    with django_assert_num_queries(few):
        response = client.get("/sitemap.xml")
    assert response.content.decode().count("/volunteer/opportunities/") == 17
