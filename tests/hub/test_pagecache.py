"""The shared page cache (hub.pagecache): what is kept, for whom, under which key, with which
headers; and what is never kept. Through Django's test client, on the suite's cache."""

import gzip

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from events.factories import EventPageFactory
from hub import pagecache

CACHE = pagecache.CACHE_HEADER


@pytest.fixture
def event(tree):
    return EventPageFactory(parent=tree.events, title="Fish supper on the green")


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


def test_an_anonymous_page_is_kept_and_served_again_without_queries(client, event):
    first = client.get(event.url)
    assert first.status_code == 200 and first[CACHE] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(event.url)
    assert again[CACHE] == "hit" and len(queries) == 0
    assert again.content == first.content and b"Fish supper on the green" in again.content
    assert again["ETag"] == first["ETag"]
    assert int(again["Age"]) >= 0


def test_anonymous_pages_say_how_proxies_and_cdns_may_keep_them(client, event, settings):
    response = client.get(event.url)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert directives == {
        "public",
        f"max-age={settings.PAGE_CACHE_BROWSER_SECONDS}",
        f"s-maxage={settings.PAGE_CACHE_SECONDS}",
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_SECONDS}",
    }
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert vary == {"cookie", "accept-encoding"}


def test_compressed_once_with_a_weak_etag_and_conditional_gets(client, event):
    plain = client.get(event.url)
    zipped = client.get(event.url, headers={"accept-encoding": "gzip, deflate"})
    assert zipped[CACHE] == "hit" and zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert zipped["ETag"] == f"W/{plain['ETag']}"
    assert int(zipped["Content-Length"]) == len(zipped.content)
    not_modified = client.get(event.url, headers={"if-none-match": plain["ETag"]})
    assert not_modified.status_code == 304 and not not_modified.content


def test_head_is_answered_from_what_a_get_kept(client, event):
    body = client.get(event.url).content
    head = client.head(event.url)
    assert head[CACHE] == "hit" and head.content == b""
    assert int(head["Content-Length"]) == len(body)


def test_the_key_ignores_parameter_order_and_empty_values(client, tree, event, settings):
    client.get("/events/", {"radius": "5", "postcode": "SN10 1AB"})
    same = "/events/?postcode=SN10+1AB&category=&radius=5&free="
    response = client.get(same)
    assert response[CACHE] == "hit"
    settings.PAGE_CACHE_SECONDS = 0  # the same address rendered afresh is the same page
    assert client.get(same).content == response.content
    settings.PAGE_CACHE_SECONDS = 120
    assert client.get("/events/", {"postcode": "SN10 1AB", "radius": "10"})[CACHE] == "miss"


def test_the_key_holds_the_scheme_host_path_and_language():
    factory = RequestFactory()
    base = pagecache.key_for(factory.get("/events/", HTTP_HOST="localhost"))
    others = [
        factory.get("/events/", HTTP_HOST="localhost", secure=True),
        factory.get("/events/", HTTP_HOST="127.0.0.1"),
        factory.get("/events/past/", HTTP_HOST="localhost"),
    ]
    keys = {pagecache.key_for(request) for request in others}
    with translation.override("cy"):
        keys.add(pagecache.key_for(factory.get("/events/", HTTP_HOST="localhost")))
    assert base not in keys and len(keys) == 4


def test_404_and_301_are_kept_other_statuses_are_not(client, tree):
    assert client.get("/no-such-page/")[CACHE] == "miss"
    assert client.get("/no-such-page/")[CACHE] == "hit"
    assert client.get("/events").status_code == 301  # CommonMiddleware adds the slash
    moved = client.get("/events")
    assert moved.status_code == 301 and moved[CACHE] == "hit"
    assert moved["Location"] == "/events/"
    for _ in range(2):
        refused = client.get("/api/search.geojson")  # no postcode: 400
        assert refused.status_code == 400 and refused[CACHE] == "skip"
        assert refused["Cache-Control"] == "private, no-store"


def test_an_editor_never_gets_the_anonymous_copy(client, event, editor):
    assert client.get(event.url)[CACHE] == "miss"
    client.force_login(editor)
    response = client.get(event.url)
    assert response[CACHE] == "skip"
    assert b"wagtail-userbar" in response.content  # the editor's own page
    assert response["Cache-Control"] == "private, no-store"


def test_an_anonymous_visitor_never_gets_an_editors_page(client, event, editor):
    client.force_login(editor)
    assert b"wagtail-userbar" in client.get(event.url).content
    client.logout()
    response = client.get(event.url)
    assert response[CACHE] == "miss" and b"wagtail-userbar" not in response.content


def test_rules_about_who_asks():
    factory = RequestFactory()
    assert pagecache.reasons_not_to_serve(factory.get("/events/")) == set()
    signed_in = factory.get("/events/")
    signed_in.COOKIES["sessionid"] = "abc"
    assert pagecache.reasons_not_to_serve(signed_in) == {"session"}
    assert pagecache.reasons_not_to_serve(factory.get("/", HTTP_AUTHORIZATION="Basic x")) == {
        "authorization"
    }
    assert pagecache.reasons_not_to_serve(factory.post("/events/")) == {"method"}
    for path in ("/admin/", "/admin/pages/3/edit/preview/", "/dashboard/", "/documents/1/a.pdf"):
        assert pagecache.reasons_not_to_serve(factory.get(path)) == {"path"}
    assert pagecache.reasons_not_to_serve(factory.get("/events/feed.ics")) == {"path"}


def test_rules_about_the_answer(rf, editor):
    def request(**meta):
        made = rf.get("/events/", **meta)
        made.user = AnonymousUser()
        return made

    assert pagecache.reasons_not_to_store(request(), HttpResponse("ok")) == set()
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("messages", "hello")
    assert pagecache.reasons_not_to_store(request(), with_cookie) == {"cookies"}
    assert pagecache.reasons_not_to_store(
        request(CSRF_COOKIE_NEEDS_UPDATE=True), HttpResponse("<form>")
    ) == {"csrf"}
    with_token = HttpResponse("<form>")
    with_token.set_cookie("csrftoken", "secret")  # what CsrfViewMiddleware leaves
    assert pagecache.reasons_not_to_store(request(), with_token) == {"csrf", "cookies"}
    by_editor = request()
    by_editor.user = editor
    assert pagecache.reasons_not_to_store(by_editor, HttpResponse("ok")) == {"signed in"}
    preview = request()
    preview.is_preview = True
    assert pagecache.reasons_not_to_store(preview, HttpResponse("ok")) == {"preview"}
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert pagecache.reasons_not_to_store(request(), private) == {"cache-control"}
    varies = HttpResponse("ok", headers={"Vary": "Cookie, Origin"})
    assert pagecache.reasons_not_to_store(request(), varies) == {"vary"}
    assert pagecache.reasons_not_to_store(request(), HttpResponse(status=302)) == {"status"}
    head = rf.head("/events/")
    head.user = AnonymousUser()
    assert pagecache.reasons_not_to_store(head, HttpResponse("ok")) == {"method"}


def test_a_page_with_a_csrf_token_is_never_kept_nor_compressed(client, event):
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="swordfish"
    )
    tokens = set()
    for _ in range(2):
        response = client.get(event.url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200 and response[CACHE] == "skip"
        assert "Content-Encoding" not in response  # BREACH: no secret in a compressed body
        assert b"csrfmiddlewaretoken" in response.content
        tokens.add(response.cookies["csrftoken"].value)
        client.cookies.clear()
    assert len(tokens) == 2


def test_a_view_restricted_page_is_never_kept_for_anyone(client, event, editor):
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.PASSWORD, password="swordfish"
    )
    form = client.get(event.url)
    restriction = PageViewRestriction.objects.get(page=event)
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{event.pk}/",
        {"password": "swordfish", "return_url": event.url},
    )
    passed = client.get(event.url)
    assert passed[CACHE] == "skip" and b"Fish supper on the green" in passed.content
    assert "private" in passed["Cache-Control"] and "public" not in passed["Cache-Control"]
    # What Wagtail served the visitor who knew the password is kept for nobody else...
    request = RequestFactory().get(event.url)
    request.user = AnonymousUser()
    assert "cache-control" in pagecache.reasons_not_to_store(request, passed)
    client.cookies.clear()
    again = client.get(event.url)
    assert b"Fish supper on the green" not in again.content
    assert again.content.count(b"csrfmiddlewaretoken") == form.content.count(b"csrfmiddlewaretoken")


def test_a_draft_is_never_shown_and_a_preview_never_kept(client, event, editor):
    client.get(event.url)
    event.title = "Draft title nobody may see"
    event.save_revision()
    assert b"Draft title" not in client.get(event.url).content
    client.force_login(editor)
    preview = client.get(f"/admin/pages/{event.pk}/view_draft/")
    assert preview.status_code == 200 and b"Draft title" in preview.content
    assert preview[CACHE] == "skip"
    client.logout()
    assert b"Draft title" not in client.get(event.url).content


def test_calendar_feeds_keep_their_own_caching(client, event):
    feed = client.get("/events/feed.ics")
    assert feed[CACHE] == "skip" and feed["Cache-Control"] == "public, max-age=600"
    polled = client.get("/events/feed.ics", headers={"if-none-match": feed["ETag"]})
    assert polled.status_code == 304 and polled[CACHE] == "skip"


def test_off_when_page_cache_seconds_is_0(client, event, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(event.url)
    assert client.get(event.url)[CACHE] == "skip"


def test_a_scope_makes_stale_only_the_views_that_declare_it(
    db, rf, django_capture_on_commit_callbacks
):
    built = []

    @pagecache.scoped("tally")
    def tally(request):
        built.append("tally")
        return HttpResponse("12 gatherings")

    def other(request):
        built.append("other")
        return HttpResponse("about us")

    def get(view, path):
        request = rf.get(path)
        request.user = AnonymousUser()
        return pagecache.PageCacheMiddleware(view)(request)[CACHE]

    assert [get(tally, "/tally/"), get(other, "/about/")] == ["miss", "miss"]
    assert [get(tally, "/tally/"), get(other, "/about/")] == ["hit", "hit"]
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.scope_changed("tally")
    assert [get(tally, "/tally/"), get(other, "/about/")] == ["miss", "hit"]
    assert get(tally, "/tally/") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.scope_changed("something-else")
    assert get(tally, "/tally/") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed()  # the whole site: scoped pages too
    assert [get(tally, "/tally/"), get(other, "/about/")] == ["miss", "miss"]
    assert built == ["tally", "other", "tally", "tally", "other"]


def test_a_scoped_page_built_while_its_scope_changes_is_not_served_again(db, rf):
    @pagecache.scoped("tally")
    def tally(request):
        pagecache.scope_changed("tally")  # as if a registration committed meanwhile
        return HttpResponse("12 gatherings")

    def get():
        request = rf.get("/tally/")
        request.user = AnonymousUser()
        return pagecache.PageCacheMiddleware(tally)(request)[CACHE]

    assert [get(), get()] == ["miss", "miss"]
