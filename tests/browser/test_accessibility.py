"""Every public page passes axe-core; verdicts are written out; keyboard focus is visible."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from claims import workflow
from claims.models import Claim, Page, Rating, Source

from .helpers import COAL_CHECK, COAL_SLUG, serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def public_pages(demo):
    """One of each kind of public page, a retracted check and the error pages included."""
    retracted = Claim.objects.get(slug="kazakhstan-renamed-export-oil-urals")
    workflow.transition(
        retracted, "retract", User.objects.get(username="editor"), comment="Sources withdrawn."
    )
    coal = Claim.objects.get(slug=COAL_SLUG)
    return [
        "/",
        "/claims/",
        "/claims/?rating=false",
        "/claims/?date_from=not-a-date",
        coal.get_absolute_url(),
        retracted.get_absolute_url(),
        coal.speaker.get_absolute_url(),
        Source.objects.get().get_absolute_url(),
        coal.topics.first().get_absolute_url(),
        reverse("claims:corrections"),
        reverse("claims:suggest"),
        reverse("claims:methodology"),
        Page.objects.get(slug="corrections-policy").get_absolute_url(),
        "/claims/no-such-check/",
        "/impact/",
        reverse("claims:history", args=[coal.slug]),
        reverse("claims:embed", args=[coal.slug]),
        reverse("claims:subscribe"),
        # The same pages in Russian.
        "/ru/",
        "/ru/claims/",
        f"/ru{coal.get_absolute_url()}",
        f"/ru{coal.speaker.get_absolute_url()}",
        "/ru/methodology/",
        "/ru/corrections/",
        "/ru/suggest/",
        "/ru/impact/",
    ]


def test_every_public_page_passes_axe_core(public_pages, axe_page):
    violations = []
    for path in public_pages:
        axe_page.goto(path)
        violations += serious_axe_violations(axe_page)
    assert violations == []


def test_verdicts_are_written_out_not_only_coloured(public_pages, page):
    names = {
        name.casefold()
        for pair in Rating.objects.values_list("name_en", "name_ru")
        for name in pair
        if name
    }
    with translation.override("ru"):
        names.add(gettext("Retracted").casefold())
    badges, unnamed = 0, []
    for path in public_pages:
        page.goto(path)
        for text in page.locator(".verdict").all_text_contents():
            badges += 1
            if text.strip().casefold() not in names | {"retracted"}:
                unnamed.append(f"{path}: {text!r}")
    assert badges > len(public_pages)
    assert unnamed == []
    page.goto(COAL_CHECK)
    assert page.locator(".check-verdict .verdict").text_content() == "False"


FOCUS_INDICATOR = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    return {
        name: el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 40),
        outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        onScreen: box.right > 0 && box.bottom > 0 && box.left < innerWidth,
    };
}"""


def test_keyboard_focus_is_always_visible(demo, page):
    unseen = []
    for path in ["/", COAL_CHECK, "/claims/"]:
        page.goto(path)
        for _ in range(12):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_INDICATOR)
            if not (focus["outlined"] and focus["onScreen"]):
                unseen.append(f"{path}: {focus['name']}")
    assert unseen == []
