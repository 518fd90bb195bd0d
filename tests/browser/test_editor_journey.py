"""A claim goes from the seed article to the public site through the editors' desk."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from .helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENTENCE = (
    "President of Kazakhstan Kassym-Zhomart Tokayev made a number of harsh statements at the "
    "SPIEF economic forum in St. Petersburg."
)


def choose(page, field, text):
    """Pick ``text`` in one of the admin's autocomplete boxes (select2)."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).click()


def add_evidence(page, n, url, title, stance):
    page.get_by_text("Add another Evidence").click()
    row = page.locator(f"#evidence-{n}")
    row.get_by_label("Link").fill(url)
    row.get_by_label("Title").fill(title)
    row.get_by_label("Stance").select_option(label=stance)


def make_transition(page, label, comment=""):
    if comment:
        page.get_by_label("Comment for the log").fill(comment)
    page.locator(".workflow-panel").get_by_role("button", name=label).click()


def expect_message(page, text):
    expect(page.locator(".messagelist")).to_contain_text(text)


def test_a_claim_travels_from_the_seed_article_to_the_public_site(demo, new_page):
    researcher = new_page()
    log_in(researcher, "researcher")
    researcher.get_by_role("link", name="Claims").first.click()
    researcher.get_by_role("link", name="Add claim").click()
    researcher.get_by_label("Claim as stated").fill(SENTENCE)
    choose(researcher, "speaker", "The article's author")
    choose(researcher, "source", "Why did Putin and Tokayev quarrel?")
    researcher.get_by_label("Rating").select_option(label="True")
    researcher.get_by_label("Ruling").fill("Tokayev spoke at the plenary session.")
    researcher.get_by_label("Summary").fill("He did, on stage next to Putin.")
    add_evidence(
        researcher,
        0,
        "https://example.org/spief-2022-plenary",
        "Plenary transcript",
        "Supports the claim",
    )
    add_evidence(researcher, 1, "https://example.net/spief-report", "Forum report", "Context")
    researcher.get_by_role("button", name="Save and continue editing").click()
    expect_message(researcher, "was added successfully")
    make_transition(researcher, "Start research")
    expect_message(researcher, "the claim is now researching")
    make_transition(researcher, "Submit for review")
    expect_message(researcher, "the claim is now in review")
    claim_page = researcher.url

    editor = new_page()
    log_in(editor, "editor")
    editor.get_by_role("link", name="Claims").first.click()
    editor.get_by_role("link", name="Awaiting my review").click()
    editor.get_by_role("link", name=re.compile("Tokayev made a number of harsh")).click()
    make_transition(editor, "Send back to research", comment="Quote the transcript's words.")
    expect_message(editor, "the claim is now researching")

    researcher.goto(claim_page)
    expect(researcher.locator("#events-group")).to_contain_text("Quote the transcript's words.")
    # The desk offers the researcher no Publish button; sending the form anyway is refused,
    # and the refusal's reason is shown on the claim's page.
    panel = researcher.locator(".workflow-panel")
    expect(panel.get_by_role("button", name="Publish")).to_have_count(0)
    form = panel.locator("form")
    researcher.request.post(
        form.get_attribute("action"),
        form={
            "csrfmiddlewaretoken": form.locator("[name=csrfmiddlewaretoken]").input_value(),
            "version": form.locator("[name=version]").input_value(),
            "transition": "publish",
        },
        max_redirects=0,  # the browser follows the redirect, as it would after a click
    )
    researcher.reload()
    expect(researcher.locator(".messagelist .error")).to_have_text(
        "Not done: You do not have permission to publish."
    )
    expect(researcher.locator(".workflow-status")).to_have_text("Researching")

    researcher.get_by_label("Ruling").fill(
        "In the plenary transcript Tokayev says he will not recognise the “DNR” and “LNR”."
    )
    researcher.get_by_role("button", name="Save and continue editing").click()
    expect_message(researcher, "was changed successfully")
    make_transition(researcher, "Submit for review")
    expect_message(researcher, "the claim is now in review")

    editor.reload()
    make_transition(editor, "Publish")  # the desk's checklist is not ticked yet
    expect(editor.locator(".messagelist .error")).to_contain_text(
        "Publishing needs the checklist ticked: “Claimant asked for comment”"
    )
    checklist = editor.locator(".checklist-panel")
    for item in ("Claimant asked for comment", "Every source archived"):
        checklist.locator("li", has_text=item).get_by_role("button", name="Tick").click()
        expect(checklist.locator("li", has_text=item)).to_contain_text("ticked by editor")
    make_transition(editor, "Publish")
    expect_message(editor, "the claim is now published")

    reader = new_page()
    reader.goto("/")
    expect(reader.locator("main")).to_contain_text("harsh statements at the SPIEF")
    reader.goto("/claims/")
    reader.get_by_role("link", name=re.compile("harsh statements at the SPIEF")).click()
    expect(reader.locator(".ruling")).to_contain_text("will not recognise")
    reader.get_by_role("link", name="Why did Putin and Tokayev quarrel?").click()
    marked = reader.locator(".claim-mark", has_text="harsh statements at the SPIEF")
    expect(marked.locator(".verdict")).to_have_text("True")
    feed = feedparser.parse(reader.request.get("/feeds/checks.rss").text())
    assert any("harsh statements at the SPIEF" in entry.title for entry in feed.entries)
