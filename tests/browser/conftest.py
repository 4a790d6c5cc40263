"""Real-browser tests: Playwright driving Debian's Chromium against the live test server.

Where no Chromium is installed they skip with the reason, except in CI (CI=true), where a
missing browser is a failure.
"""

import contextlib
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _migrated_contents(django_db_setup, django_db_blocker):
    """The database as migrations left it, serialized by the test runner, kept for later.

    Taken before Playwright starts: its event loop gives the main thread a new context, in
    which Django hands out a new connection object that lacks this attribute.
    """
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _serialized_rollback(_migrated_contents):
    """Every browser test starts from the database as migrations left it.

    Browser tests need transactions (the live server is another thread), so the database is
    flushed after each one. Serialized rollback puts back what the migrations made (the root
    page, the default locale and collection, Wagtail's Moderators group and workflow) before
    the next, and keeps the flush from re-running post-migrate handlers whose rows would
    clash with the restored ones.
    """
    from django.db import connections

    connection = connections["default"]
    if _migrated_contents and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _migrated_contents


@pytest.fixture(autouse=True)
def _restore_after_flush(_serialized_rollback, django_db_serialized_rollback):
    """Asks pytest-django for serialized rollback (after the contents are in place)."""


@pytest.fixture(autouse=True)
def _site_url_is_the_live_server(live_server, settings):
    """The site's public address (the Site that build_tree makes) is the live server's."""
    settings.SITE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url


@pytest.fixture(scope="module")
def browser(_migrated_contents):
    if not CHROMIUM:
        reason = "Chromium is not installed (apt-get install chromium) so browser tests cannot run"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # expect() waits for what a page shows after a click as long as any other step may.
    expect.set_options(timeout=15_000)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still ordinary synchronous calls. Allowed only while a module
    # of browser tests runs, so that no other test (e.g. the deploy checks, which run
    # manage.py) inherits it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def watched_page(browser, live_server, **options):
    """A browser tab on the live server (``options`` for its context: viewport, is_mobile).
    The test fails if the Content-Security-Policy refused anything the page tried (Chromium
    reports each refusal on the console)."""
    # Reduced motion, as many people set it: the maps then draw popups without fading in,
    # so what axe-core measures is what a reader sees once the page is still.
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert refused == [], "\n".join(refused)


# A phone's screen (a common size), as the public most often sees the site.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized tab on the live server, watched for refusals (:func:`watched_page`)."""
    with watched_page(browser, live_server, **PHONE) as page:
        yield page


@pytest.fixture
def browser_page(browser, live_server):
    """A desktop-sized tab on the live server, watched for refusals (:func:`watched_page`)."""
    with watched_page(browser, live_server, viewport={"width": 1280, "height": 900}) as page:
        yield page


def assert_accessible(page):
    """axe-core finds no serious or critical WCAG 2.2 AA problem on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()  # a navigation that has begun is measured once it has loaded
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not problems, "\n".join(problems)
