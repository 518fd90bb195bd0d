"""Fill the database with many realistic claims, in bulk, for benchmarks and scale tests."""

import random
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from claims import visibility
from claims.models import (
    Claim,
    Correction,
    Evidence,
    Rating,
    ReviewEvent,
    Source,
    Speaker,
    Status,
    Topic,
)

SUBJECTS = {
    "Economy": ["inflation", "growth", "wages", "unemployment", "exports"],
    "Health": ["hospital waiting lists", "nurses", "vaccination rates", "life expectancy"],
    "Immigration": ["net migration", "asylum claims", "work visas", "border crossings"],
    "Crime": ["knife crime", "burglaries", "police numbers", "prison places"],
    "Climate": ["emissions", "wind power", "heatwaves", "flood defences"],
    "Energy": ["gas prices", "electricity bills", "oil imports", "solar capacity"],
    "Education": ["teacher numbers", "class sizes", "school funding", "exam results"],
    "Housing": ["house prices", "rents", "homelessness", "new homes"],
    "Taxes": ["income tax", "corporation tax", "the tax burden", "fuel duty"],
    "Transport": ["rail fares", "road deaths", "bus routes", "potholes"],
    "Agriculture": ["wheat prices", "farm subsidies", "food imports", "fertiliser costs"],
    "Defence": ["military spending", "troop numbers", "arms exports", "cyber attacks"],
    "Welfare": ["child poverty", "pensions", "benefit claims", "food banks"],
    "Elections": ["turnout", "postal votes", "party membership", "campaign spending"],
    "Technology": ["broadband coverage", "data breaches", "tech investment", "mobile signal"],
}
CHANGES = ["rose", "fell", "doubled", "halved", "tripled", "went up", "went down"]
TEMPLATES = [
    "{subject} {change} by {pct}% since {year}",
    "{subject} {change} under this government",
    "We have the highest {subject} in {region}",
    "We have the lowest {subject} in {region}",
    "{subject} cost taxpayers {amount} billion last year",
    "More than {count} thousand people were affected by {subject} in {year}",
    "{subject} is at its worst level in {years} years",
    "{subject} in {region} {change} faster than anywhere else",
]
REGIONS = ["Europe", "the region", "the north", "the capital", "the country", "the G7"]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jonas", "Kemal",
         "Lena", "Malik", "Nora", "Omar", "Petra", "Quinn", "Rosa", "Sami", "Tara"]  # fmt: skip
LAST = ["Adams", "Bauer", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova",
        "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Rossi"]  # fmt: skip
ROLES = ["Minister", "Member of Parliament", "Mayor", "Party leader", "Campaigner", "Senator"]
PUBLISHERS = ["Daily Ledger", "Evening Post", "Radio One", "The Courier", "Channel 4 News",
              "Morning Star", "Public Broadcaster", "Policy Blog"]  # fmt: skip
# Most checks find claims false or half true.
RATING_SLUGS = ["true", "mostly-true", "half-true", "mostly-false", "false", "unproven"]
RATING_WEIGHTS = [10, 15, 20, 20, 30, 5]
OTHER_STATUSES = [Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW, Status.NOT_CHECKABLE]


class Command(BaseCommand):
    help = (
        "Add N realistic claims (about 70% published, over ten years) with speakers, sources, "
        "topics, evidence and review history, written in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=1, help="random seed (same data)")

    def handle(self, *args, claims, batch, seed, **options):
        if claims < 1 or batch < 1:
            raise CommandError("--claims and --batch must be positive numbers.")
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.ratings = {r.slug: r for r in Rating.objects.all()}
        missing = set(RATING_SLUGS) - set(self.ratings)
        if missing:
            raise CommandError(f"The default rating scale is missing: {', '.join(missing)}.")
        first = (Claim.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        with transaction.atomic():
            self.prepare(claims, tag=first)
        for start in range(0, claims, batch):
            with transaction.atomic():
                self.add_claims(first + start, min(batch, claims - start))
            self.stdout.write(f"{start + min(batch, claims - start)} of {claims} claims")
        # Fresh statistics, so the planner picks the right index; on PostgreSQL also the
        # visibility map, so counts are index-only scans (VACUUM needs no open transaction).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        visibility.bump()

    def prepare(self, n, tag):
        """Users, topics, speakers and sources in proportion to ``n`` claims.

        Their slugs end in ``tag`` (the first new claim's number), so runs never collide.
        """
        r = self.random
        self.researchers = [self.user(f"bench-researcher-{i}", "Researcher") for i in range(8)]
        self.editors = [self.user(f"bench-editor-{i}", "Editor") for i in range(4)]
        existing = set(Topic.objects.values_list("slug", flat=True))
        Topic.objects.bulk_create(
            Topic(name=name, slug=slugify(name))
            for name in SUBJECTS
            if slugify(name) not in existing
        )
        self.topics = list(Topic.objects.filter(slug__in=[slugify(name) for name in SUBJECTS]))
        speakers = []
        for i in range(max(20, n // 100)):
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            speakers.append(
                Speaker(name=name, slug=f"{slugify(name)}-{tag}-{i}", role=r.choice(ROLES))
            )
        self.speakers = Speaker.objects.bulk_create(speakers)
        sources = []
        for i in range(max(20, n // 10)):
            topic = r.choice(list(SUBJECTS))
            title = f"{r.choice(SUBJECTS[topic]).capitalize()}: what was said this week ({i})"
            published = self.random_day()
            sources.append(
                Source(
                    title=title,
                    slug=f"{slugify(title)[:60]}-{tag}-{i}",
                    url=f"https://news.example/{published:%Y/%m}/{i}",
                    publisher=r.choice(PUBLISHERS),
                    published_at=published.date(),
                )
            )
        self.sources = Source.objects.bulk_create(sources, batch_size=5_000)

    def user(self, username, role):
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=role))
        return user

    def random_day(self):
        return self.now - timedelta(seconds=self.random.randrange(10 * 365 * 24 * 3600))

    def add_claims(self, first, count):
        r = self.random
        claims = []
        for n in range(first, first + count):
            topic = r.choice(self.topics)
            subject = r.choice(SUBJECTS[topic.name])
            text = r.choice(TEMPLATES).format(
                subject=subject,
                change=r.choice(CHANGES),
                pct=r.randint(2, 90),
                year=r.randint(2005, 2024),
                region=r.choice(REGIONS),
                amount=r.randint(1, 60),
                count=r.randint(2, 900),
                years=r.randint(5, 50),
            )
            text = text[0].upper() + text[1:]
            roll = r.random()
            status = (
                Status.PUBLISHED
                if roll < 0.70
                else Status.RETRACTED
                if roll < 0.705
                else r.choice(OTHER_STATUSES)
            )
            claim = Claim(
                text=text,
                slug=f"{slugify(text)[:60]}-{n}",
                speaker=r.choice(self.speakers),
                source=r.choice(self.sources),
                status=status,
                check_worthiness=round(r.random(), 2),
                notes="Internal research notes.",
            )
            claim.topic = topic
            if status in (Status.PUBLISHED, Status.RETRACTED, Status.IN_REVIEW):
                claim.rating = self.ratings[r.choices(RATING_SLUGS, RATING_WEIGHTS)[0]]
                claim.summary = f"{claim.rating.name}: the official figures on {subject} differ."
                claim.ruling = (
                    f"We compared the claim with the official statistics on {subject}. "
                    f"The latest figures show a change of {r.randint(1, 40)}% over the period, "
                    f"not what was said. Experts we asked pointed to the method used in "
                    f"{r.randint(2005, 2024)}, which counts {subject} differently."
                )
                claim.researcher = r.choice(self.researchers)
            if status in (Status.PUBLISHED, Status.RETRACTED):
                claim.reviewer = r.choice(self.editors)
                claim.published_at = self.random_day()
                claim.claim_date = (claim.published_at - timedelta(days=r.randint(1, 20))).date()
            claims.append(claim)
        Claim.objects.bulk_create(claims)
        self.add_related(claims)
        # bulk_create stamps created_at/updated_at with now; a check last changed when published.
        pks = [claim.pk for claim in claims]
        Claim.objects.filter(pk__range=(min(pks), max(pks)), published_at__isnull=False).update(
            created_at=F("published_at"), updated_at=F("published_at")
        )

    def add_related(self, claims):
        r = self.random
        topics, evidence, events, corrections = [], [], [], []
        for claim in claims:
            extra = r.sample(self.topics, r.randint(0, 2))
            for topic in {claim.topic, *extra}:
                topics.append(Claim.topics.through(claim_id=claim.pk, topic_id=topic.pk))
            if claim.rating_id is None:
                continue
            for i in range(r.randint(1, 3)):
                evidence.append(
                    Evidence(
                        claim=claim,
                        url=f"https://stats.example.org/{claim.topic.slug}/{claim.pk}-{i}",
                        title=f"{claim.topic.name} statistics, table {i + 1}",
                        publisher="National statistics office",
                        stance=r.choice(Evidence.Stance.values),
                        added_by=claim.researcher,
                    )
                )
            if claim.published_at is None:
                continue
            events += [
                ReviewEvent(
                    claim=claim,
                    actor=claim.researcher,
                    from_status=Status.RESEARCHING,
                    to_status=Status.IN_REVIEW,
                ),
                ReviewEvent(
                    claim=claim,
                    actor=claim.reviewer,
                    from_status=Status.IN_REVIEW,
                    to_status=Status.PUBLISHED,
                ),
            ]
            if claim.status == Status.RETRACTED or r.random() < 0.02:
                retracted = claim.status == Status.RETRACTED
                corrections.append(
                    Correction(
                        claim=claim,
                        kind=Correction.Kind.RETRACTION if retracted else Correction.Kind.UPDATE,
                        text="We found a newer release of the figures and updated the ruling.",
                        actor=claim.reviewer,
                    )
                )
        Claim.topics.through.objects.bulk_create(topics)
        Evidence.objects.bulk_create(evidence)
        ReviewEvent.objects.bulk_create(events)
        Correction.objects.bulk_create(corrections)
