"""The desk opens on "My desk": counts of my work, each a link to the list so filtered."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def my_desk(client):
    """{label: (count, link)} from the desk's front page."""
    page = client.get(reverse("admin:index")).text
    section = page[page.index('id="my-desk-heading"') :]
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td><a[^>]*>(\d+)', section
    )
    return {
        label.replace("&#x27;", "'"): (int(count), url.replace("&amp;", "&"))
        for url, label, count in rows
    }


def listed(client, url):
    return client.get(url).text


def test_my_desk_counts_my_work_and_each_count_links_to_those_claims(client, editor, researcher):
    today = timezone.localdate()
    ClaimFactory(status="draft", researcher=editor, text="My draft")
    ClaimFactory(
        status="researching", researcher=editor, due_date=today - timedelta(days=1), text="My late"
    )
    ClaimFactory(
        status="researching", researcher=editor, due_date=today + timedelta(days=3), text="My soon"
    )
    ClaimFactory(status="in_review", researcher=researcher, text="For anyone to review")
    ClaimFactory(
        status="in_review", researcher=researcher, requested_reviewer=editor, text="Asked of me"
    )
    ClaimFactory(status="researching", researcher=researcher, due_date=today - timedelta(days=5),
                 text="Their late")  # fmt: skip
    ClaimFactory(published=True, due_date=today - timedelta(days=9), text="Done long ago")
    ClaimFactory(reader_tip=True, text="A reader's tip")
    client.force_login(editor)
    desk = my_desk(client)
    assert {label: count for label, (count, _) in desk.items()} == {
        "Assigned to me: drafts": 1,
        "Assigned to me: researching": 2,
        "Assigned to me: in review": 0,
        "Awaiting my review": 2,
        "Assigned to me: overdue": 1,
        "Assigned to me: due this week": 1,
        "Whole desk: overdue": 2,
        "Readers' tips not yet answered": 1,
        "Background tasks failed": 0,
    }
    overdue = listed(client, desk["Assigned to me: overdue"][1])
    assert "My late" in overdue and "My soon" not in overdue and "Their late" not in overdue
    review = listed(client, desk["Awaiting my review"][1])
    assert "Asked of me" in review and "For anyone to review" in review
    week = listed(client, desk["Assigned to me: due this week"][1])
    assert "My soon" in week and "My late" not in week
    tips = listed(client, desk["Readers' tips not yet answered"][1])
    assert "A reader&#x27;s tip" in tips and "My draft" not in tips


def test_a_review_asked_of_someone_else_is_not_awaiting_mine(client, editor, researcher):
    ClaimFactory(
        status="in_review",
        researcher=researcher,
        requested_reviewer=UserFactory(role="Editor"),
        text="Asked of another",
    )
    client.force_login(editor)
    assert my_desk(client)["Awaiting my review"][0] == 0
    assert "Asked of another" not in listed(
        client, reverse("admin:claims_claim_changelist") + "?mine=review"
    )


def test_the_list_sorts_by_due_date_and_priority(client, editor):
    today = timezone.localdate()
    ClaimFactory(text="Later", due_date=today + timedelta(days=9), priority=3)
    ClaimFactory(text="Sooner", due_date=today + timedelta(days=1), priority=1)
    client.force_login(editor)
    changelist = reverse("admin:claims_claim_changelist")
    fields = client.get(changelist).context["cl"].list_display
    by_due = listed(client, f"{changelist}?o={fields.index('due_date')}")
    assert by_due.index("Sooner") < by_due.index("Later")
    by_priority = listed(client, f"{changelist}?o=-{fields.index('priority')}")
    assert by_priority.index("Later") < by_priority.index("Sooner")
