"""The site's styles reach the browser; screenshots for a reviewer; claim pages print well."""

import pytest

from claims.models import Claim

from .helpers import (
    COAL_CHECK,
    COAL_SLUG,
    DESKTOP,
    MOBILE,
    log_in,
    overflows_horizontally,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def rgb(hex_colour):
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_site_styles_and_verdict_colours_are_applied(demo, page):
    page.goto(COAL_CHECK)
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    rating = Claim.objects.get(slug=COAL_SLUG).rating
    badge = page.locator(".check-verdict .verdict")
    assert badge.evaluate("el => getComputedStyle(el).backgroundColor") == rgb(rating.colour)
    assert badge.evaluate("el => getComputedStyle(el).color") == rgb(rating.text_colour)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_screenshots_of_home_claim_and_desk(demo, new_page, viewport):
    width = viewport["width"]
    reader = new_page(viewport=viewport)
    for name, path in [("home", "/"), ("claim", COAL_CHECK)]:
        reader.goto(path)
        assert not overflows_horizontally(reader)
        screenshot(reader, f"{name}-{width}")

    editor = new_page(viewport=viewport)
    log_in(editor, "editor")
    in_review = Claim.objects.filter(status="in_review").first()
    editor.goto(f"/admin/claims/claim/{in_review.pk}/change/")
    panel = editor.locator(".workflow-panel")
    panel.get_by_role("button", name="Publish").wait_for()
    screenshot(editor, f"admin-claim-{width}")


def test_claim_page_prints_with_its_address_and_evidence_addresses_without_navigation(demo, page):
    page.goto(COAL_CHECK)
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.locator(".site-footer").is_visible()
    link = page.locator(".evidence a").first
    printed = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert link.get_attribute("href") in printed
    assert page.locator(".print-only").inner_text() == page.url
    screenshot(page, "claim-print")
