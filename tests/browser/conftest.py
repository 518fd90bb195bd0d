"""Browser tests: Debian's Chromium, driven by Playwright, against the live test server.

Chromium is a system package (``apt-get install -y chromium``) and axe-core an npm package
(``make browser-deps``); when either is missing the tests fail and say how to install it.
"""

import html
import io

import pytest
from django.core.management import call_command
from django.db import connections

from .helpers import AXE_SCRIPT, CHROMIUM, CHROMIUM_ARGS, DESKTOP


@pytest.fixture(scope="module")
def browser(django_db_setup):
    from playwright.sync_api import Error, sync_playwright

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API keeps an event loop running in this thread. Django then refuses
    # ORM calls unless told they are safe (they are: the loop only drives the browser), and
    # hands out separate connection objects, which lack the snapshot of the seeded data
    # (rating scale, groups) that serialized_rollback restores before each test.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            reason = str(error).strip().splitlines()[0]
            raise pytest.fail.Exception(
                f"Chromium did not start ({reason}). Install it with: apt-get install -y chromium",
                pytrace=False,
            ) from None
        yield browser
        browser.close()


def _stand_in_for_external_sites(route):
    """Answer links that leave the site with a small page, so tests never hit the network."""
    url = html.escape(route.request.url)
    route.fulfill(
        content_type="text/html",
        body=f"<!doctype html><title>External page</title><h1>External page</h1><p>{url}</p>",
    )


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport=MOBILE)``: a page in a fresh browser context (its own cookies)."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        context.route(lambda url: not url.startswith(live_server.url), _stand_in_for_external_sites)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def demo(live_server):
    """The demo data set (the seed article, its claims in every state, demo users)."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def axe_page(new_page):
    """A page that can run axe-core.

    The site's Content-Security-Policy allows only its own scripts; injecting axe-core's
    source would be refused, so this context (and only this one) bypasses the CSP.
    """
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing ({AXE_SCRIPT.name}). Install it with: make browser-deps")
    return new_page(bypass_csp=True)
