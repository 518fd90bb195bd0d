"""Evidence links: only full http(s) addresses are stored; readers get exactly what was stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Evidence
from tests.factories import ClaimFactory, EvidenceFactory
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_evidence(client, editor):
    """Post the claim's change form with one new evidence row, as the editor would."""

    def post(claim, url):
        client.force_login(editor)
        page = reverse("admin:claims_claim_change", args=[claim.pk])
        data = form_data(client.get(page).text, "claim_form")
        row = int(data["evidence-TOTAL_FORMS"])
        data.update(
            {
                "evidence-TOTAL_FORMS": str(row + 1),
                f"evidence-{row}-url": url,
                f"evidence-{row}-title": "Official statistics",
                f"evidence-{row}-stance": "refutes",
            }
        )
        return client.post(page, data)

    return post


REFUSED = [
    pytest.param("javascript:alert(document.cookie)", id="javascript"),
    pytest.param("JavaScript:alert(1)//https://example.org", id="javascript-mixed-case"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
    pytest.param("file:///etc/passwd", id="file"),
    pytest.param("ftp://example.org/report.pdf", id="ftp"),
    pytest.param("/reports/2022", id="relative-path"),
    pytest.param("../reports/2022", id="relative-dots"),
    pytest.param("https://example.org/" + "a" * 2000, id="over-long"),
    pytest.param("https://example.org/a\x07b", id="bell-character"),
    pytest.param("https://example.org/a\x1b[31mb", id="escape-character"),
    pytest.param("https://example.org/\u202egpj.exe", id="right-to-left-override"),
    pytest.param("https://exa\tmple.org/", id="tab"),
    pytest.param("https://example.org/a\nb", id="newline"),
    pytest.param("https://example.org/a\x00b", id="nul"),
]


@pytest.mark.parametrize("url", REFUSED)
def test_a_bad_evidence_link_is_refused_with_a_message_and_nothing_saved(add_evidence, url):
    claim = ClaimFactory(status="researching")
    response = add_evidence(claim, url)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    messages = [m for row in errors for field in row.values() for m in field]
    assert messages, f"{url!r} was accepted"
    assert not Evidence.objects.filter(claim=claim).exists()
    claim.refresh_from_db()
    assert claim.version == 1


@pytest.mark.parametrize("url", REFUSED)
def test_the_model_refuses_bad_links_from_any_code_path(url):
    evidence = EvidenceFactory.build(claim=ClaimFactory(), url=url)
    with pytest.raises(ValidationError):
        evidence.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://bücher.example/straße?q=äöü#teil", id="idn-and-unicode-path"),
        pytest.param("https://xn--bcher-kva.example/stra%C3%9Fe", id="punycode-and-percent"),
        pytest.param("https://example.org/a%20b?x=%3Cscript%3E&y=1%2B1", id="percent-encoded"),
        pytest.param("http://example.org/report", id="plain-http"),
    ],
)
def test_good_links_are_stored_and_shown_exactly(add_evidence, client, editor, url):
    claim = ClaimFactory(status="researching")
    response = add_evidence(claim, url)
    assert response.status_code == 302
    assert Evidence.objects.get(claim=claim).url == url

    # Readers see it once the check is published: the same address, escaped only for HTML.
    published = ClaimFactory(published=True)
    evidence = Evidence.objects.get(claim=claim)
    evidence.claim = published
    evidence.save()
    page = client.get(published.get_absolute_url()).content.decode()
    assert f'href="{url.replace("&", "&amp;")}"' in page


@pytest.mark.parametrize("typed", ["example.org/report", "//example.org/report"])
def test_an_address_without_a_scheme_is_stored_as_https(add_evidence, typed):
    claim = ClaimFactory(status="researching")
    add_evidence(claim, typed)
    assert Evidence.objects.get(claim=claim).url == "https://example.org/report"
