"""One factory per model, with minimal defaults; tests set the fields they depend on."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from claims import workflow
from claims.models import (
    PUBLIC_STATUSES,
    Appearance,
    Byline,
    Claim,
    Correction,
    CorrectionRequest,
    Evidence,
    InboxSentence,
    MonitoredItem,
    Page,
    Rating,
    Source,
    Speaker,
    Status,
    Topic,
    WatchedSource,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """UserFactory(role="Editor") puts the user in that group."""
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")


def rating(slug):
    """A rating of the default scale (seeded by a migration)."""
    return Rating.objects.get(slug=slug)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft by default; ``ClaimFactory(published=True)`` is a complete published check,
    published through the workflow."""

    class Meta:
        model = Claim
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"Claim number {n} about the economy")
    speaker = factory.SubFactory(SpeakerFactory)

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            rating=factory.LazyFunction(lambda: rating("false")),
            ruling="Because the records say otherwise.",
            summary="It did not happen.",
            researcher=factory.SubFactory(UserFactory, role="Researcher"),
            reviewer=factory.SubFactory(UserFactory, role="Editor"),
        )

    @factory.post_generation
    def topics(claim, create, extracted, **kwargs):
        if create and extracted:
            claim.topics.set(extracted)

    @classmethod
    def _create(cls, model_class, *args, status=Status.DRAFT, **kwargs):
        """A published or retracted check gets there through the workflow, as in the desk:
        submitted (with one evidence link if it has none), published by its reviewer, then
        retracted by them. An explicit ``published_at`` is kept."""
        if status not in PUBLIC_STATUSES:
            return super()._create(model_class, *args, status=status, **kwargs)
        published_at = kwargs.pop("published_at", None)
        reviewer = kwargs.pop("reviewer")
        claim = super()._create(model_class, *args, status=Status.IN_REVIEW, **kwargs)
        EvidenceFactory(claim=claim)
        workflow.transition(claim, "publish", reviewer)
        if status == Status.RETRACTED:
            workflow.transition(claim, "retract", reviewer, comment="The check was wrong.")
        if published_at is not None:
            Claim.objects.filter(pk=claim.pk).update(published_at=published_at)
            claim.refresh_from_db()
        return claim


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://example.org/report-{n}")
    title = factory.Sequence(lambda n: f"Report {n}")


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    claim = factory.SubFactory(ClaimFactory, published=True)
    text = "We corrected a date."
    actor = factory.SubFactory(UserFactory, role="Editor")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    slug = factory.Sequence(lambda n: f"page-{n}")
    title = factory.Sequence(lambda n: f"Page {n}")
    body = "Some policy."


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline

    user = factory.SubFactory(UserFactory, role="Editor")
    display_name = factory.Sequence(lambda n: f"Reporter {n}")


class WatchedSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchedSource

    url = factory.Sequence(lambda n: f"https://news.example/feed-{n}.xml")


class MonitoredItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoredItem

    watched = factory.SubFactory(WatchedSourceFactory)
    url = factory.Sequence(lambda n: f"https://news.example/article-{n}")
    title = factory.Sequence(lambda n: f"News article {n}")


class InboxSentenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboxSentence

    item = factory.SubFactory(MonitoredItemFactory)
    text = factory.Sequence(lambda n: f"Exports rose by {n}% last year, the ministry said.")
    fingerprint = factory.LazyAttribute(lambda o: InboxSentence.fingerprint_of(o.text))
    start_offset = 0
    end_offset = factory.LazyAttribute(lambda o: len(o.text))
    score = 0.8
    day = factory.LazyFunction(lambda: datetime.date(2026, 11, 30))


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory, published=True)
    text = factory.LazyAttribute(lambda o: o.claim.text)
    url = factory.Sequence(lambda n: f"https://news.example/again-{n}")
    title = factory.Sequence(lambda n: f"Said again {n}")


class CorrectionRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorrectionRequest

    claim = factory.SubFactory(ClaimFactory, published=True)
    asked = factory.Sequence(lambda n: f"Outlet {n}")
    asked_on = datetime.date(2022, 6, 24)


def publish_version(claim, language="ru", **texts):
    """``claim`` (published) with its version in ``language`` published through the workflow:
    written by one user, published by another. Texts default to marked copies of English."""
    texts = {
        field: texts.get(field) or f"[{language}] {claim.text_in(field, 'en') or claim.text}"
        for field in workflow.VERSION_FIELDS
    }
    workflow.submit_version(claim, language, UserFactory(role="Researcher"), texts)
    workflow.publish_version(claim, language, UserFactory(role="Editor"))
    claim.refresh_from_db()
    return claim
