"""The tracker's data: where claims were made, who made them, and how each was checked.

Status changes never happen here: ``claims.workflow`` is the only writer of
``Claim.status`` and of the fields that come with it.
"""

import json
import re
import unicodedata
from datetime import timedelta

from anyascii import anyascii
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator, slugify
from django.utils.timezone import localtime

from .similarity import similar_claims
from .site import page_urls

RELATED_SHOWN = 5
# Stored renderings of a check: read by the pages that show them, skipped by every other query.
PAGE_FIELDS = ["page_html", "page_head", "rss_entry", "atom_entry"]
RENDERED_FIELDS = ["card_html", *PAGE_FIELDS]

http_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a full web address starting with http:// or https://."
)
# Bidirectional overrides and isolates can make a link read as another address.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_control_characters(value):
    """Refuse invisible control characters, which can hide where a link really goes."""
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            "The address contains invisible control characters; type or paste it again.",
            code="control_characters",
        )


class HttpURLField(models.URLField):
    """A URL field that accepts only http(s) links, so no javascript: or data: URL is stored."""

    default_validators = [http_url_validator, no_control_characters]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.URLField, "assume_scheme": "https", **kwargs}
        )


def unique_slug(model, text, max_length=80, exclude_pk=None):
    """An ASCII slug for ``text`` (transliterated), made unique within ``model``."""
    base = slugify(anyascii(text))[:max_length].strip("-") or model._meta.model_name
    base = base[: max_length - 5].rsplit("-", 1)[0] if len(base) > max_length - 5 else base
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def public_credit(user):
    """(name, profile URL) to credit ``user`` publicly: their byline if public, else ours."""
    byline = getattr(user, "byline", None)
    if byline is not None and byline.name_is_public:
        return byline.display_name, byline.profile_url
    return settings.FACTCHECK_ORG_NAME, settings.FACTCHECK_ORG_URL


class AutoSlugMixin:
    """Gives a new object a unique ASCII slug from ``slug_from``; it never changes after."""

    slug_from = "name"

    def assign_slug(self):
        if not self.slug:
            self.slug = unique_slug(type(self), getattr(self, self.slug_from))

    def save(self, *args, **kwargs):
        self.assign_slug()
        super().save(*args, **kwargs)


class RenderedHTMLField(models.TextField):
    """Markup rendered by our own (escaping) templates when the data changed; read back as
    safe HTML, so a page shows it without rendering it again."""

    def from_db_value(self, value, expression, connection):
        return SafeString(value)  # mark_safe, without its checks for lazy text


class OrderedJSONField(models.TextField):
    """JSON kept as written, keys in the order they were built (PostgreSQL's jsonb would sort
    them, and what readers and crawlers see would change order with the database)."""

    def from_db_value(self, value, expression, connection):
        return json.loads(value) if value else {}

    def get_prep_value(self, value):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


class Source(AutoSlugMixin, models.Model):
    """An article, speech or post in which checked claims appear."""

    slug_from = "title"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    url = HttpURLField(blank=True, help_text="Leave empty when the source has no public address.")
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(
        null=True,
        blank=True,
        help_text="Date of publication; say in the description if approximate.",
    )
    language = models.CharField(max_length=20, default="en")
    description = models.TextField(blank=True)
    text = models.TextField(blank=True, help_text="Full text; claim offsets point into it.")
    text_is_public = models.BooleanField(
        "text may be republished",
        default=False,
        help_text="Show the full text on the public source page; only with the right to.",
    )
    archive_url = HttpURLField("archived copy", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("claims:source", args=[self.slug])

    def annotate(self, claims, context=160):
        """Split the text around each claim's words.

        Returns (segments, excerpts, unplaced): ``segments`` is the full text as
        (text, claim or None) pieces in order; ``excerpts`` is, per placed claim, its words
        with a little text either side; ``unplaced`` lists claims whose words are not found.
        """
        placed, unplaced = [], []
        for claim in claims:
            span = claim.locate_in(self.text)
            (placed if span else unplaced).append((span, claim) if span else claim)
        placed.sort(key=lambda item: item[0])
        segments, excerpts, position = [], [], 0
        for (start, end), claim in placed:
            if start < position:  # overlaps the previous claim: list it instead
                unplaced.append(claim)
                continue
            segments += [(self.text[position:start], None), (self.text[start:end], claim)]
            before = self.text[max(0, start - context) : start]
            after = self.text[end : end + context]
            excerpts.append((before, self.text[start:end], after, claim))
            position = end
        segments.append((self.text[position:], None))
        return segments, excerpts, unplaced

    @property
    def public_url(self):
        """Where readers can see the source: its own address, else our source page."""
        return self.url or self.get_absolute_url()


class Speaker(AutoSlugMixin, models.Model):
    """A person or organisation that made claims."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="Job title or description, e.g. “President of Kazakhstan”.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:speaker", args=[self.slug])


class Topic(AutoSlugMixin, models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic", args=[self.slug])


class RatingQuerySet(models.QuerySet):
    def scale(self):
        """(worst, best) values of the on-scale ratings, read now (pages use the cached
        ``lookups.rating_scale``)."""
        values = self.aggregate(worst=models.Min("value"), best=models.Max("value"))
        return values["worst"], values["best"]


class Rating(models.Model):
    """A verdict on the scale; ``value`` is null for off-scale verdicts such as Unproven."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, unique=True, help_text="1 = worst. Empty for an off-scale verdict."
    )
    colour = models.CharField(
        max_length=7,
        default="#666666",
        help_text="Badge colour as #rrggbb; the verdict is always written out too.",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #1a7f37.")],
    )
    description = models.TextField(
        help_text="What the verdict means, shown on the methodology page."
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = [models.F("value").desc(nulls_last=True), "name"]

    def __str__(self):
        return self.name

    @property
    def badge(self):
        """The verdict as readers see it everywhere: its name on its colour."""
        return format_html('<span class="verdict verdict--{}">{}</span>', self.slug, self.name)

    @property
    def on_scale(self):
        return self.value is not None

    @property
    def text_colour(self):
        """Black or white, whichever reads better on the badge colour (WCAG luminance)."""
        channels = [int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    RESEARCHING = "researching", "Researching"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    NOT_CHECKABLE = "not_checkable", "Not checkable"
    RETRACTED = "retracted", "Retracted"


# Claims still being worked on: their due dates matter.
IN_PROGRESS = [Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW]


class Priority(models.IntegerChoices):
    # Lower sorts first: the most urgent at the top of an ascending list.
    URGENT = 1, "Urgent"
    HIGH = 2, "High"
    NORMAL = 3, "Normal"
    LOW = 4, "Low"


class ClaimQuerySet(models.QuerySet):
    """The one place that decides which claims readers may see."""

    def public(self):
        """Claims with a public page: published, and retracted ones (marked as such)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.RETRACTED])

    def listed(self):
        """Claims shown in lists, search, feeds, sitemaps and markup: published only."""
        return self.filter(status=Status.PUBLISHED)

    def newest_first(self):
        """Newest first, the order of every list."""
        return self.order_by("-published_at", "-pk")

    def with_related(self):
        """Each claim with its speaker, verdict and source, without its stored renderings."""
        return self.select_related("speaker", "rating", "source").defer(*RENDERED_FIELDS)

    def with_last_correction(self):
        """Each claim's ``last_corrected`` time (None if never corrected), for its markup."""
        latest = Correction.objects.filter(claim=models.OuterRef("pk")).order_by("-at")
        return self.annotate(last_corrected=models.Subquery(latest.values("at")[:1]))

    def with_details(self):
        """Everything a check's page or data record shows, in four queries at any size."""
        return (
            self.with_last_correction()
            .select_related("speaker", "source", "rating")
            .defer(*RENDERED_FIELDS)
            .prefetch_related(
                "topics",
                models.Prefetch(
                    "evidence",
                    queryset=Evidence.objects.order_by(
                        models.F("published_at").asc(nulls_last=True), "pk"
                    ),
                ),
                models.Prefetch(
                    "corrections",
                    queryset=Correction.objects.select_related("old_rating", "new_rating"),
                ),
            )
        )

    def cards(self):
        """(pk, published_at, card_html) of these claims, in this queryset's order: all a list
        page needs."""
        return self.values_list("pk", "published_at", "card_html", named=True)

    def stored_records(self):
        """(pk, page_head) of these claims: their open data records as stored (see
        ``claims.records``)."""
        return self.values_list("pk", "page_head", named=True)

    def render_cards(self):
        """Render the cards of the listed claims here again (their speaker or verdict changed)."""
        claims = self.listed().select_related("speaker", "rating")
        self._store_rendered(claims, ["card_html"], Claim.render_card)

    def _store_rendered(self, claims, fields, render, batch_size=200):
        """Call ``render`` on each of ``claims`` (it sets ``fields``) and store them in batches."""
        writer = self.model._base_manager.using(self.db)
        batch = []
        for claim in claims.order_by("pk").iterator(chunk_size=batch_size):
            render(claim)
            batch.append(claim)
            if len(batch) == batch_size:
                writer.bulk_update(batch, fields)
                batch = []
        writer.bulk_update(batch, fields)

    def for_page(self):
        """What a check's page shows, related checks and credits included."""
        return (
            self.with_details()
            .prefetch_related(
                # Unfiltered, so the database starts from the few related rows; render_page keeps
                # the published ones.
                models.Prefetch(
                    "related",
                    queryset=Claim.objects.select_related("rating").only(
                        "slug", "text", "status", "rating__name", "rating__slug"
                    ),
                )
            )
            .select_related("researcher__byline", "reviewer__byline")
        )

    def render_pages(self):
        """Render and store the pages of the public claims here, with their feed entries
        (``PAGE_FIELDS``)."""
        scale = Rating.objects.using(self.db).scale()

        def render(claim):
            claim.page_html, claim.page_head = claim.render_page(), claim.render_head(scale)
            claim.render_entries()

        self._store_rendered(self.public().for_page(), PAGE_FIELDS, render)

    def clear_pages(self):
        """Forget the stored pages here: they show data that changed. Until they are rendered
        again (the next change through the workflow, or ``manage.py render_pages``), the page is
        rendered on each visit."""
        empty = {name: self.model._meta.get_field(name).get_default() for name in PAGE_FIELDS}
        self.exclude(page_html="").update(**empty)

    def search(self, query):
        """Full-text search, best match first (see ``claims.search``)."""
        from .search import search

        return search(self, query)

    def similar_to(self, text, limit=5, at_least=None):
        """The claims here most like ``text``, best first, each with its ``similarity``.

        ``at_least=1`` keeps only the same words, whatever their case and punctuation.
        """
        return similar_claims(self, text, limit, at_least)

    def in_progress(self):
        return self.filter(status__in=IN_PROGRESS)

    def overdue(self, today):
        return self.in_progress().filter(due_date__lt=today)

    def due_between(self, first, last):
        return self.in_progress().filter(due_date__range=(first, last))

    def awaiting_review_by(self, user):
        """In review, not researched by ``user``, and asked of them or of no one in particular."""
        return (
            self.filter(status=Status.IN_REVIEW)
            .exclude(researcher=user)
            .filter(Q(requested_reviewer=user) | Q(requested_reviewer__isnull=True))
        )

    def desk_counts(self, user, today):
        """What "My desk" counts for ``user``, in one query."""
        mine = Q(researcher=user)
        week = (today, today + timedelta(days=6))
        in_progress = Q(status__in=IN_PROGRESS)
        review = self.awaiting_review_by(user).values("pk")
        return self.aggregate(
            **{
                f"mine_{status}": Count("pk", filter=mine & Q(status=status))
                for status in IN_PROGRESS
            },
            review=Count("pk", filter=Q(pk__in=review)),
            mine_overdue=Count("pk", filter=mine & in_progress & Q(due_date__lt=today)),
            mine_week=Count("pk", filter=mine & in_progress & Q(due_date__range=week)),
            all_overdue=Count("pk", filter=in_progress & Q(due_date__lt=today)),
            tips=Count(
                "pk", filter=Q(reader_tip=True, status=Status.DRAFT, answered_by__isnull=True)
            ),
        )

    def rating_counts(self):
        """{rating_id: count} in one query."""
        return dict(self.values_list("rating").annotate(n=Count("pk")).order_by())


class Claim(AutoSlugMixin, models.Model):
    slug_from = "text"

    text = models.TextField("claim as stated", help_text="The words as said or written.")
    claim_reviewed = models.TextField(
        "claim as reviewed",
        blank=True,
        help_text="The checkable proposition in neutral words, when it differs from the text.",
    )
    notes = models.TextField(
        "research notes", blank=True, help_text="Internal; never shown to readers."
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        help_text="Needed before publication; a reader's tip may arrive without one.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="claims", null=True, blank=True
    )
    quote = models.TextField(
        "quoted words",
        blank=True,
        help_text="The exact words in the source text, when they differ from the claim as stated.",
    )
    start_offset = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character position of the claim in the source text."
    )
    end_offset = models.PositiveIntegerField(null=True, blank=True)
    claim_date = models.DateField("date claimed", null=True, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, null=True, blank=True)
    ruling = models.TextField(blank=True, help_text="The explanation readers see.")
    summary = models.CharField(
        max_length=300, blank=True, help_text="One line for lists and feeds."
    )
    slug = models.SlugField(max_length=100, unique=True, blank=True)
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="researched_claims",
        help_text="Assigned researcher; set to whoever submits the claim for review.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_claims",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    requested_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_requests",
        help_text="The editor asked to review it; without one, every editor is told.",
    )
    due_date = models.DateField("due", null=True, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    check_worthiness = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="0..1, from automatic extraction.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    reader_tip = models.BooleanField(
        "reader's tip", default=False, editable=False, help_text="Sent in through the public form."
    )
    tip_url = HttpURLField("where the reader saw it", blank=True, editable=False)
    tip_email = models.EmailField("reader's email", blank=True, editable=False)
    answered_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_tips",
        help_text="The check that answers this reader's tip (attach duplicates to one claim). "
        "The reader hears back when it is published.",
    )
    tip_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Lists show hundreds of cards a second: each is rendered once, when it changes.
    card_html = RenderedHTMLField(editable=False, blank=True)
    # The article of a check's page, rendered when the check changes through the workflow.
    page_html = RenderedHTMLField(editable=False, blank=True)
    # Its title, description, times, ClaimReview and open data record, built with it.
    page_head = OrderedJSONField(default=dict, editable=False, blank=True)
    # Its entries in the checks' RSS and Atom feeds (see ``claims.feeds.render_entries``).
    rss_entry = models.TextField(editable=False, blank=True)
    atom_entry = models.TextField(editable=False, blank=True)
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The published checks most like this one, found when it was published.",
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        permissions = [
            ("submit_claim", "Can submit a claim for review"),
            ("review_claim", "Can assign, send back and mark claims not checkable"),
            ("publish_claim", "Can publish a reviewed claim"),
            ("correct_claim", "Can correct and retract a published claim"),
        ]
        indexes = [
            # Lists are ordered newest first, pk breaking ties: the index covers deep pages.
            models.Index(fields=["status", "-published_at", "-id"], name="claim_status_published"),
            # A speaker's or a source's checks, newest first, without walking the whole list.
            models.Index(
                fields=["speaker", "status", "-published_at", "-id"], name="claim_speaker_published"
            ),
            models.Index(
                fields=["source", "status", "-published_at", "-id"], name="claim_source_published"
            ),
            # A speaker's checks with one verdict: each line of the record on their page.
            models.Index(
                fields=["speaker", "rating", "status", "-published_at", "-id"],
                name="claim_speaker_rating",
            ),
            # The desk lists claims by last change (pk breaks ties), often of one status.
            models.Index(fields=["-updated_at", "-id"], name="claim_updated"),
            models.Index(fields=["status", "-updated_at", "-id"], name="claim_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.PUBLISHED, Status.RETRACTED])
                | (
                    Q(rating__isnull=False)
                    & Q(speaker__isnull=False)
                    & Q(published_at__isnull=False)
                    & Q(researcher__isnull=False)
                    & Q(reviewer__isnull=False)
                    & ~Q(researcher=models.F("reviewer"))
                ),
                name="claim_published_is_complete",
                violation_error_message=(
                    "A published check needs a rating, a speaker, a publication date, and a "
                    "researcher and reviewer who are different people."
                ),
            ),
            models.CheckConstraint(
                condition=Q(check_worthiness__isnull=True)
                | Q(check_worthiness__gte=0, check_worthiness__lte=1),
                name="claim_check_worthiness_range",
            ),
            models.CheckConstraint(
                condition=Q(start_offset__isnull=True)
                | Q(end_offset__isnull=True)
                | Q(end_offset__gte=models.F("start_offset")),
                name="claim_offsets_ordered",
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    def save(self, *args, **kwargs):
        if self.is_published:
            self.assign_slug()
            self.render_card()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "card_html"}
        # A tip newly attached to its answer, in the desk or anywhere else.
        answered = self.answered_by_id is not None and self.tip_answered_at is None
        if answered or (self.answered_by_id is None and self.tip_answered_at is not None):
            self.tip_answered_at = timezone.now() if answered else None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "tip_answered_at"}
        super().save(*args, **kwargs)
        if answered and self.tip_email:
            from .notifications import tip_answered

            tip_answered(self)

    def get_absolute_url(self):
        return reverse("claims:claim", args=[self.slug])

    def clean(self):
        if self.answered_by_id is not None and not self.reader_tip:
            raise ValidationError(
                {"answered_by": "Only a reader's tip is answered by another claim."}
            )
        if self.answered_by_id is not None and self.answered_by_id == self.pk:
            raise ValidationError({"answered_by": "A tip cannot answer itself."})

    def relate(self):
        """Store the published checks most like this one, and this one as related to each of
        them: pages show stored related checks instead of comparing texts on every visit."""
        similar = Claim.objects.listed().exclude(pk=self.pk).similar_to(self.text)
        self.related.set(similar)
        for other in similar:
            other.related.add(self)

    def publish_page(self):
        """Render and store the pages of this check and of the checks related to it either way
        (after it was published, corrected or retracted)."""
        linked = Q(pk=self.pk) | Q(pk__in=self.related.all()) | Q(related=self)
        Claim.objects.filter(linked).distinct().render_pages()

    def render_page(self):
        """The article of this check's page, from an instance loaded ``for_page()``."""
        by_stance = {stance: [] for stance in Evidence.Stance}
        for item in self.evidence.all():
            by_stance[item.stance].append(item)
        context = {
            "claim": self,
            "evidence_groups": [
                (Evidence.Stance(stance).label, items)
                for stance, items in by_stance.items()
                if items
            ],
            "related": [other for other in self.related.all() if other.is_published][
                :RELATED_SHOWN
            ],
            "urls": page_urls(),
        }
        return render_to_string("claims/_check.html", context)

    def render_head(self, scale=None):
        """The title, description and times of this check's page, and its open data record
        with its ClaimReview (None once retracted), from an instance loaded ``with_details()``;
        ``scale`` is the rating scale's (worst, best) values."""
        from .records import record_data

        verdict = "Retracted" if self.is_retracted else self.rating.name
        summary = Truncator(self.summary or self.ruling).chars(200)
        return {
            "title": f"{verdict}: {Truncator(self.reviewed_text).chars(90)}",
            "description": (
                f"Retracted check. {summary}"
                if self.is_retracted
                else f"Our verdict: {self.rating.name}. {summary}"
            ),
            "published_time": dateformat.format(localtime(self.published_at), "c"),
            "modified_time": dateformat.format(localtime(self.updated_at), "c"),
            "record": record_data(self, scale) if self.is_published else None,
        }

    def render_entries(self):
        """Render this check's entries in the checks' feeds (none unless it is published)."""
        from .feeds import render_entries

        entries = render_entries(self) if self.is_published else {}
        self.rss_entry, self.atom_entry = (
            entries.get("rss_entry", ""),
            entries.get("atom_entry", ""),
        )

    def render_card(self):
        """Render the card lists show for this check (``card_html``)."""
        self.card_html = render_to_string("claims/_claim_card.html", {"claim": self})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_public(self):
        return self.status in (Status.PUBLISHED, Status.RETRACTED)

    @property
    def is_retracted(self):
        return self.status == Status.RETRACTED

    @property
    def is_locked_for_editing(self):
        """Published and retracted checks change only through corrections."""
        return self.status in (Status.PUBLISHED, Status.RETRACTED)

    @property
    def researcher_credit(self):
        return public_credit(self.researcher)

    @property
    def reviewer_credit(self):
        return public_credit(self.reviewer)

    @property
    def reviewed_text(self):
        return self.claim_reviewed or self.text

    def locate_in(self, text):
        """(start, end) of this claim's words in ``text``, or None.

        The stored offsets are trusted only while they still point at the quoted words.
        After the text was edited the words are searched for again (line breaks and
        spacing may differ), taking the occurrence nearest the old position; a claim that
        cannot be found is not placed at all rather than marking the wrong words.
        """
        words = (self.quote or self.text).strip()
        if not words:
            return None
        start, end = self.start_offset, self.end_offset
        if start is not None and end is not None and text[start:end] == words:
            return start, end
        pattern = r"\s+".join(re.escape(word) for word in words.split())
        found = [match.span() for match in re.finditer(pattern, text)]
        return min(found, key=lambda span: abs(span[0] - (start or 0))) if found else None


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports the claim"
        REFUTES = "refutes", "Refutes the claim"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = HttpURLField("link")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(
        "published",
        null=True,
        blank=True,
        help_text="Leave empty when only the month is known, and say it in the note.",
    )
    accessed_at = models.DateField("accessed", null=True, blank=True)
    archive_url = HttpURLField("archived copy", blank=True)
    stance = models.CharField(max_length=10, choices=Stance, default=Stance.SUPPORTS)
    note = models.TextField(blank=True)
    link_status = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="HTTP status at the last link check."
    )
    link_error = models.CharField(max_length=200, blank=True, editable=False)
    link_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title

    @property
    def link_is_broken(self):
        return self.link_checked_at is not None and not (200 <= (self.link_status or 0) < 400)


class ReviewEvent(models.Model):
    """Append-only log of every transition and correction of a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    from_status = models.CharField(max_length=20, choices=Status)
    to_status = models.CharField(max_length=20, choices=Status)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections of checks readers can see (published or retracted)."""
        return self.filter(claim__status__in=[Status.PUBLISHED, Status.RETRACTED])

    def for_list(self):
        return self.select_related(
            "claim", "claim__rating", "claim__speaker", "old_rating", "new_rating"
        ).order_by("-at", "-pk")


class Correction(models.Model):
    """A public change to a published check, logged with the verdict before and after."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"
        RETRACTION = "retraction", "Retraction"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField(help_text="Public note: what changed and why.")
    old_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.claim}"

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#correction-{self.pk}"

    @property
    def changed_verdict(self):
        return self.new_rating_id is not None and self.new_rating_id != self.old_rating_id


class Byline(models.Model):
    """How a member of staff is credited on the checks they research or review."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=100)
    name_is_public = models.BooleanField(
        default=False,
        help_text="Show this name on published checks; otherwise the publication's name is shown.",
    )
    profile_url = HttpURLField("public profile", blank=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class Page(models.Model):
    """A policy page editors own (methodology text, corrections policy, about, funding)."""

    slug = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text; blank lines separate paragraphs.")
    in_footer = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == "methodology":
            return reverse("claims:methodology")
        return reverse("claims:page", args=[self.slug])


class FailedTask(models.Model):
    """A background task that still failed after its last retry, for the desk to see and act
    on (whichever queue ran it)."""

    task = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField()
    failed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"{self.task} failed after {self.attempts} attempt(s)"


class PeriodicRun(models.Model):
    """When each piece of periodic work is next due; the workers claim it here, so it runs
    once however many workers there are."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()

    def __str__(self):
        return self.name


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", "A claim is submitted for review to me (or to every editor)"
    SENT_BACK = "sent_back", "A claim I research is sent back"
    PUBLISHED = "published", "A check I worked on is published"
    CORRECTED = "corrected", "A check I worked on is corrected"
    RETRACTED = "retracted", "A check I worked on is retracted"
    ASSIGNED = "assigned", "I am assigned a claim or asked to review one"
    DIGEST = "digest", "Daily digest of my claims overdue or due tomorrow"
    MENTIONED = "mentioned", "Someone mentions me in a claim's comments"


class NotificationOptOut(models.Model):
    """A kind of message a member of staff turned off (everything else is on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_opt_out_once")
        ]

    def __str__(self):
        return f"{self.user}: no {self.get_kind_display().lower()}"


class SentMessage(models.Model):
    """One message sent for one event to one recipient: its key is never sent twice, however
    often the task that sends it runs."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.key


class WebhookDelivery(models.Model):
    """One event (publication, correction, retraction) for one webhook address, with the body
    sent on every attempt and how the last attempt went."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    url = models.URLField(max_length=2000)
    event = models.CharField(max_length=40)
    event_id = models.CharField(max_length=100)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="webhook_deliveries")
    body = models.TextField(help_text="The JSON sent, the same on every attempt.")
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event_id", "url"], name="webhook_delivery_once")
        ]

    def __str__(self):
        return f"{self.event} {self.event_id} to {self.url}"


class ChecklistItemQuerySet(models.QuerySet):
    def for_claim(self, claim):
        """The active items that apply to ``claim``: the global ones and its topics' ones."""
        return self.filter(
            Q(topic__isnull=True) | Q(topic__in=claim.topics.all()), active=True
        ).distinct()


class ChecklistItem(models.Model):
    """Something to do before publishing, for every claim or for claims of one topic."""

    text = models.CharField(max_length=200, help_text="e.g. “Claimant asked for comment”.")
    topic = models.ForeignKey(
        Topic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklist_items",
        help_text="Leave empty for an item on every claim.",
    )
    required = models.BooleanField(
        default=True, help_text="A required item left unticked blocks publishing."
    )
    active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class ChecklistTick(models.Model):
    """An item ticked on a claim: who and when (ticking and unticking are logged in the
    claim's history too)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="checklist_ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "item"], name="checklist_tick_once")
        ]

    def __str__(self):
        return f"{self.item} ✓"


class Comment(models.Model):
    """An internal note on a claim in the desk; never shown to readers. ``@username``
    mentions a colleague, who is told by mail."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return Truncator(self.text).chars(60)

    def mentioned_users(self):
        """Active users named ``@username`` in the text."""
        from django.contrib.auth import get_user_model

        names = set(re.findall(r"(?<![\w@.])@([\w.+-]+\w)", self.text))
        return get_user_model().objects.filter(username__in=names, is_active=True)
