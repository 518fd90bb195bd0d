"""A reader finds a verdict, reads how it was reached, and follows new checks."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from claims.models import Claim

from .helpers import COAL_CHECK, MOBILE, overflows_horizontally

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

COAL_TITLE = "Kazakhstan's authorities blocked 1,700 wagons of Russian coal"


def test_reader_finds_a_false_verdict_and_reads_how_it_was_reached(demo, page):
    page.goto("/")
    cards = page.locator("main article.card")
    newest = Claim.objects.listed().with_related().newest_first().first()
    expect(cards.first.locator(".card-title")).to_have_text(newest.reviewed_text)
    expect(cards.first.locator(".verdict")).to_have_text(re.compile(newest.rating.name, re.I))
    expect(cards.filter(has_text=COAL_TITLE).locator(".verdict")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="All checks").click()
    page.get_by_label("Verdict").select_option(label="False")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/claims/\?.*rating=false"))
    expect(cards).to_have_count(Claim.objects.listed().filter(rating__slug="false").count())
    for badge in cards.locator(".verdict").all():
        expect(badge).to_have_text(re.compile("^false$", re.IGNORECASE))

    page.get_by_role("link", name=re.compile(COAL_TITLE)).click()
    expect(page).to_have_url(re.compile(re.escape(COAL_CHECK) + "$"))
    expect(page.locator(".check-verdict .verdict")).to_have_text(re.compile("false", re.I))
    expect(page.get_by_role("heading", name="Why we rated it false")).to_be_visible()
    expect(page.locator(".ruling")).to_contain_text("Kazakhstan Temir Zholy, called it fake")

    evidence = page.get_by_role("region", name="Evidence")
    refuting = evidence.get_by_role("list").nth(0)
    expect(evidence.get_by_role("heading", level=3)).to_have_text(["Refutes the claim", "Context"])
    expect(refuting.get_by_role("link")).to_have_count(2)
    expect(evidence.get_by_role("list").nth(1).get_by_role("link")).to_have_count(1)
    for link in evidence.get_by_role("link").all():
        expect(link).to_have_attribute("href", re.compile(r"^https://[^/\s]+\.[a-z]+/"))

    # An evidence link opens the publisher's page (a stand-in here); Back returns to the check.
    refuting.get_by_role("link", name="Fake reports: freight trains").click()
    expect(page.get_by_role("heading", name="External page")).to_be_visible()
    expect(page).to_have_url(re.compile(r"^https://golos-naroda\.kz/"))
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(COAL_CHECK) + "$"))

    page.get_by_role("link", name="Why did Putin and Tokayev quarrel?").click()
    expect(page).to_have_url(re.compile(r"/sources/why-did-putin-and-tokayev-quarrel/#claim-"))
    marked = page.locator("#claim-kazakhstan-blocked-1700-wagons-russian-coal")
    expect(marked).to_be_in_viewport()
    expect(marked.locator(".verdict")).to_have_text(re.compile("false", re.I))
    page.go_back()
    expect(page.locator("h1")).to_contain_text("1,700 wagons with Russian coal")

    subscribe = page.get_by_role("navigation", name="Main").get_by_role("link", name="Subscribe")
    expect(subscribe).to_have_attribute("href", "/feeds/checks.rss")
    feed = feedparser.parse(page.request.get(subscribe.get_attribute("href")).text())
    assert feed.version == "rss20"
    assert any(COAL_CHECK in entry.link for entry in feed.entries)


def test_nothing_overflows_a_phone_screen(demo, new_page):
    page = new_page(viewport=MOBILE)
    overflowing = []
    for path in [
        "/",
        "/claims/?rating=false",
        COAL_CHECK,
        "/sources/why-did-putin-and-tokayev-quarrel/",
    ]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        if overflows_horizontally(page):
            overflowing.append(path)
    assert overflowing == []


def test_filters_work_on_a_phone(demo, new_page):
    page = new_page(viewport=MOBILE)
    page.goto("/claims/")
    verdict = page.get_by_label("Verdict")
    verdict.scroll_into_view_if_needed()
    expect(verdict).to_be_in_viewport()
    verdict.select_option(label="True")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".active-filters")).to_contain_text("Verdict: True")
    cards = page.locator("main article.card")
    expect(cards).to_have_count(Claim.objects.listed().filter(rating__slug="true").count())
    for badge in cards.locator(".verdict").all():
        expect(badge).to_have_text(re.compile("^true$", re.IGNORECASE))
