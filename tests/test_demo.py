import feedparser
import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from claims import workflow
from claims.models import (
    Appearance,
    ChecklistItem,
    Claim,
    Correction,
    CorrectionRequest,
    ReviewEvent,
    Source,
    WatchedSource,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _counts():
    return [model.objects.count() for model in (Claim, ReviewEvent, Source, Appearance)]


def test_load_demo_twice_duplicates_nothing(demo):
    counts = _counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == counts


def test_demo_has_every_claim_in_its_state(demo):
    by_status = dict(Claim.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert by_status == {
        "published": 9,
        "in_review": 1,
        "researching": 2,
        "draft": 3,
        "not_checkable": 3,
    }


def test_demo_published_checks_are_complete(demo):
    for claim in Claim.objects.listed():
        assert claim.rating and claim.ruling and claim.summary
        assert claim.evidence.exists()
        assert claim.researcher != claim.reviewer


def test_demo_serves_nine_checks_on_home_list_and_feed(client, demo):
    urls = [claim.get_absolute_url() for claim in Claim.objects.listed()]
    html = client.get("/claims/").text
    assert "9 checks" in html
    feed = feedparser.parse(client.get("/feeds/checks.rss").content)
    assert len(feed.entries) == 9
    home = client.get("/").text
    assert all(f'href="{url}"' in home for url in urls)


def test_demo_coal_check_is_false_with_refuting_evidence(client, demo):
    html = client.get("/claims/kazakhstan-blocked-1700-wagons-russian-coal/").text
    assert '<span class="verdict verdict--false">False</span>' in html
    assert "Refutes the claim" in html


def test_demo_demining_check_carries_the_july_5_update(client, demo):
    update = Correction.objects.get(claim__slug="next-demining-work-june-20-until-end-of-month")
    assert update.kind == "update"
    assert "5 July" in update.text
    html = client.get("/claims/next-demining-work-june-20-until-end-of-month/").text
    assert "Corrections and updates" in html


def test_demo_methodology_says_it_is_a_demonstration(client, demo):
    assert "demonstration data set" in client.get("/methodology/").text


def test_demo_article_page_marks_every_published_check(client, demo):
    html = client.get("/sources/why-did-putin-and-tokayev-quarrel/").text
    assert html.count('<mark id="claim-') == 9


def test_demo_users_can_log_in_with_the_printed_password(client, demo):
    for username in ["researcher", "editor", "admin"]:
        assert client.login(username=username, password="factcheck-demo")


def test_demo_coal_check_shows_where_it_was_said_again(client, demo):
    html = client.get("/claims/kazakhstan-blocked-1700-wagons-russian-coal/").text
    assert "Also said" in html and "some 1700 railway wagons" in html
    assert "Demo commentator (fictional)" in html


def test_demo_watches_nothing_from_outside(demo):
    assert not WatchedSource.objects.exists()


def test_demo_has_assignments_and_a_checklist_that_guards_its_claim_in_review(client, demo):
    assert Claim.objects.filter(due_date__isnull=False).count() == 4
    assert Claim.objects.overdue(timezone.localdate()).count() == 1
    in_review = Claim.objects.get(status="in_review")
    assert in_review.requested_reviewer.username == "editor"
    assert list(ChecklistItem.objects.values_list("text", flat=True)) == [
        "Claimant asked for comment",
        "Every source archived",
    ]
    with pytest.raises(workflow.WorkflowError, match="Claimant asked for comment"):
        workflow.transition(in_review, "publish", in_review.requested_reviewer)
    client.login(username="editor", password="factcheck-demo")
    desk = client.get(reverse("admin:index")).text
    assert "Awaiting my review" in desk and "Assigned to me: overdue" in desk


def test_demo_records_two_correction_requests_one_corrected(client, demo):
    requests = CorrectionRequest.objects.public()
    assert requests.tally() == (2, 1)
    coal = client.get("/claims/kazakhstan-blocked-1700-wagons-russian-coal/").text
    assert "<strong>corrected</strong>" in coal


def test_demo_impact_page_charts_its_checks_and_requests(client, demo):
    html = client.get("/impact/").text
    assert html.count("<svg") >= 5
    assert '<th scope="row">Corrected</th><td>1</td>' in html
    assert '<th scope="row">All checks</th><td>9</td>' in html


def test_demo_has_russian_versions_of_five_checks_with_the_coal_claim(client, demo):
    russian = client.get("/ru/claims/").text
    assert "5 проверок" in russian
    coal = client.get("/ru/claims/kazakhstan-blocked-1700-wagons-russian-coal/").text
    assert '<html lang="ru">' in coal
    assert "1700 вагонов с российским углём" in coal
    assert "Ложь" in coal  # the rating scale in Russian
    assert '"inLanguage": "ru"' in coal
    feed = feedparser.parse(client.get("/ru/feeds/checks.rss").content)
    assert len(feed.entries) == 5
    assert all(
        entry.title.split(":")[0] in {"Ложь", "Правда", "Полуправда"} for entry in feed.entries
    )


def test_demo_tokayev_quotes_keep_their_russian_wording(client, demo):
    html = client.get("/claims/tokayev-500-or-600-states-chaos/").text
    assert '<q lang="ru">Ведь если право наций на самоопределение' in html
    russian = client.get("/ru/claims/tokayev-500-or-600-states-chaos/").text
    assert '<h1 class="check-claim">«Ведь если право наций' in russian


def test_demo_methodology_in_russian(client, demo):
    html = client.get("/ru/methodology/").text
    assert "<h1>Как мы оцениваем утверждения</h1>" in html
    assert "Это демонстрационный набор данных." in html
    assert "Полуправда" in html and "Не доказано" in html


def test_demo_english_only_checks_stay_english(client, demo):
    assert (
        client.get("/ru/claims/next-demining-work-june-20-until-end-of-month/").status_code == 302
    )
    assert "next-demining-work" not in client.get("/ru/claims/").text


def test_demo_policy_pages_in_russian(client, demo):
    html = client.get("/ru/").text
    assert "Политика исправлений" in html and "Финансирование" in html
    assert "ЧЕРНОВИК" in client.get("/ru/pages/funding/").text
