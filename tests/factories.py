"""One factory per model, with minimal defaults; tests set the fields they depend on."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from claims.models import Claim, Correction, Evidence, Page, Rating, Source, Speaker, Status, Topic


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
    """A draft by default; ``ClaimFactory(published=True)`` is a complete published check."""

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
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def topics(claim, create, extracted, **kwargs):
        if create and extracted:
            claim.topics.set(extracted)

    @factory.post_generation
    def stored_pages(claim, create, extracted, **kwargs):
        """What publishing through the workflow stores: related checks and the page."""
        if create and claim.is_published:
            claim.relate()
            claim.publish_page()


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
