"""Internal comments on a claim: in the desk only; @username tells that colleague."""

import pytest
from django.core import mail
from django.urls import reverse

from claims.models import Comment
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def comment(client, claim, text, capture):
    with capture(execute=True):
        return client.post(
            reverse("admin:claims_claim_comment", args=[claim.pk]), {"comment": text}, follow=True
        )


def test_a_mention_tells_that_colleague_and_no_one_else(
    client, editor, researcher, django_capture_on_commit_callbacks
):
    UserFactory(username="gone", is_active=False)
    claim = ClaimFactory(published=True, text="Wheat exports doubled")
    client.force_login(editor)
    page = comment(
        client,
        claim,
        "@researcher can you find the 2021 figure? cc @gone @nobody, mail me at x@editor",
        django_capture_on_commit_callbacks,
    ).text
    assert "can you find the 2021 figure?" in page
    (message,) = mail.outbox
    assert message.to == ["researcher@example.org"]
    assert message.subject == "You were mentioned: Wheat exports doubled"
    assert "can you find the 2021 figure?" in message.body


def test_comments_are_never_public(client, editor):
    claim = ClaimFactory(published=True)
    Comment.objects.create(claim=claim, author=editor, text="Internal: source is shaky")
    for url in (claim.get_absolute_url(), f"/api/claims/{claim.slug}.json", "/claims.csv"):
        assert "source is shaky" not in client.get(url).text


def test_an_empty_comment_is_refused(client, editor, django_capture_on_commit_callbacks):
    claim = ClaimFactory()
    client.force_login(editor)
    page = comment(client, claim, "   ", django_capture_on_commit_callbacks).text
    assert "A comment needs some text." in page
    assert not Comment.objects.exists()
