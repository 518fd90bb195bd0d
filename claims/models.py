"""The tracker's data: where claims were made, who made them, and how each was checked.

Status changes never happen here: ``claims.workflow`` is the only writer of
``Claim.status`` and of the fields that come with it.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from anyascii import anyascii
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
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
from django.db.models.functions import Coalesce, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _

from .similarity import similar_claims

RELATED_SHOWN = 5

http_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a full web address starting with http:// or https://."),
)
# Bidirectional overrides and isolates can make a link read as another address.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def no_control_characters(value):
    """Refuse invisible control characters, which can hide where a link really goes."""
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _("The address contains invisible control characters; type or paste it again."),
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


def editors():
    """Active members of staff who may review (superusers only if given the permission)."""
    return (
        get_user_model()
        .objects.with_perm(
            "claims.review_claim",
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .filter(is_active=True)
    )


def public_credit(user):
    """(name, profile URL) to credit ``user`` publicly: their byline if public, else ours."""
    byline = getattr(user, "byline", None)
    if byline is not None and byline.name_is_public:
        return byline.display_name, byline.profile_url
    return settings.FACTCHECK_ORG_NAME, settings.FACTCHECK_ORG_URL


class TrackedModel(models.Model):
    """Remembers the values a row was loaded with, to tell what a save changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # post_save compares with the values before this save
        self._remember_values()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def _remember_values(self):
        self._loaded_values = {
            field.attname: self.__dict__[field.attname]
            for field in self._meta.concrete_fields
            if field.attname in self.__dict__  # deferred fields stay unloaded
        }

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_values()

    def loaded_value(self, attname):
        """The field's value when the row was loaded (None for a new row)."""
        return getattr(self, "_loaded_values", {}).get(attname)

    def changed_fields(self):
        """Attribute names whose value differs from the loaded one (every field when new)."""
        loaded = getattr(self, "_loaded_values", None)
        fields = [field.attname for field in self._meta.concrete_fields]
        if loaded is None:
            return fields
        return [name for name in fields if name in loaded and getattr(self, name) != loaded[name]]


class AutoSlugMixin:
    """Gives a new object a unique ASCII slug from ``slug_from``; it never changes after."""

    slug_from = "name"

    def assign_slug(self):
        if not self.slug:
            self.slug = unique_slug(type(self), getattr(self, self.slug_from))

    def save(self, *args, **kwargs):
        self.assign_slug()
        super().save(*args, **kwargs)


class Source(AutoSlugMixin, TrackedModel):
    """An article, speech or post in which checked claims appear."""

    slug_from = "title"

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    url = HttpURLField(
        _("address"), blank=True, help_text=_("Leave empty when the source has no public address.")
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_at = models.DateField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Date of publication; say in the description if approximate."),
    )
    language = models.CharField(_("language"), max_length=20, default="en")
    description = models.TextField(_("description"), blank=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Full text; claim offsets point into it.")
    )
    text_is_public = models.BooleanField(
        _("text may be republished"),
        default=False,
        help_text=_("Show the full text on the public source page; only with the right to."),
    )
    archive_url = HttpURLField(_("archived copy"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
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


class Speaker(AutoSlugMixin, TrackedModel):
    """A person or organisation that made claims."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PERSON)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("Job title or description, e.g. “President of Kazakhstan”."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:speaker", args=[self.slug])


class Topic(AutoSlugMixin, TrackedModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    public_interest = models.BooleanField(
        _("public interest"),
        default=True,
        help_text=_(
            "Untick for topics outside the public interest (celebrity, gossip): the desk's "
            "IFCN figures count the share of checks on public-interest topics."
        ),
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("claims:topic", args=[self.slug])


class JSONArrayAgg(models.Aggregate):
    """The grouped values as one JSON array: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on
    PostgreSQL (jsonb, which Django reads like any JSONField)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class Rating(TrackedModel):
    """A verdict on the scale; ``value`` is null for off-scale verdicts such as Unproven."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    value = models.PositiveSmallIntegerField(
        _("value"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("1 = worst. Empty for an off-scale verdict."),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#666666",
        help_text=_("Badge colour as #rrggbb; the verdict is always written out too."),
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1a7f37."))],
    )
    description = models.TextField(
        _("description"), help_text=_("What the verdict means, shown on the methodology page.")
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = [models.F("value").desc(nulls_last=True), "name"]

    def __str__(self):
        return self.name

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
    DRAFT = "draft", _("Draft")
    RESEARCHING = "researching", _("Researching")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    NOT_CHECKABLE = "not_checkable", _("Not checkable")
    RETRACTED = "retracted", _("Retracted")


# Statuses with a public page: published, and retracted (marked as such).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)


@dataclass(frozen=True)
class AlsoSaid:
    """A confirmed appearance of a check as pages and records show it."""

    url: str
    title: str
    text: str
    said_on: date | None
    speaker: "Speaker | None"

    @classmethod
    def from_row(cls, row):
        speaker = None
        if row["speaker_slug"]:
            speaker = Speaker(
                name=row["speaker_name"],
                slug=row["speaker_slug"],
                kind=row["speaker_kind"],
                role=row["speaker_role"],
            )
        said_on = date.fromisoformat(row["said_on"]) if row["said_on"] else None
        return cls(row["url"], row["title"], row["text"], said_on, speaker)


# Claims still being worked on: their due dates matter.
IN_PROGRESS = [Status.DRAFT, Status.RESEARCHING, Status.IN_REVIEW]


class Priority(models.IntegerChoices):
    # Lower sorts first: the most urgent at the top of an ascending list.
    URGENT = 1, _("Urgent")
    HIGH = 2, _("High")
    NORMAL = 3, _("Normal")
    LOW = 4, _("Low")


class ClaimQuerySet(models.QuerySet):
    """The one place that decides which claims readers may see."""

    def public(self):
        """Claims with a public page: published, and retracted ones (marked as such)."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def listed(self):
        """Claims shown in lists, search, feeds, sitemaps and markup: published only."""
        return self.filter(status=Status.PUBLISHED)

    def in_language(self, language):
        """Checks readers can read in ``language``: every check in the desk's language,
        in another only those whose version in it is published. A check without one is not
        listed under that language's addresses as if it were in it."""
        if language == settings.LANGUAGE_CODE:
            return self
        # IN, not EXISTS: with few versions in a language, EXISTS would walk every check.
        versions = LanguageVersion.objects.published().filter(language=language)
        return self.filter(pk__in=versions.values("claim"))

    def with_languages(self):
        """Each claim's ``published_in_<code>``, for each language besides the desk's:
        whether its version in that language is published (``Claim.languages``)."""
        return self.annotate(
            **{
                f"published_in_{code}": models.Exists(
                    LanguageVersion.objects.published().filter(
                        claim=models.OuterRef("pk"), language=code
                    )
                )
                for code, _name in settings.LANGUAGES[1:]
            }
        )

    def newest_first(self):
        """Newest first, the order of every list."""
        return self.order_by("-published_at", "-pk")

    def with_related(self):
        """Each claim with its speaker, verdict and source."""
        return self.select_related("speaker", "rating", "source")

    def with_last_correction(self):
        """Each claim's ``last_corrected`` time (None if never corrected), for its markup."""
        latest = Correction.objects.filter(claim=models.OuterRef("pk")).order_by("-at")
        return self.annotate(last_corrected=models.Subquery(latest.values("at")[:1]))

    def with_correction_requests(self):
        """Each claim's correction requests as data in the claim's own row, so that a page of
        records pays no query for them (read them with ``Claim.listed_correction_requests``)."""
        fields = ["asked", "channel", "asked_on", "outcome", "correction_url"]
        rows = (
            CorrectionRequest.objects.filter(claim=models.OuterRef("pk"))
            .order_by()
            .values("claim")
            .annotate(rows=JSONArrayAgg(JSONObject(id="pk", **{name: name for name in fields})))
            .values("rows")
        )
        return self.annotate(correction_request_rows=models.Subquery(rows))

    def with_details(self, language=None):
        """Everything a check's page or data record in ``language`` (the desk's: every
        language) shows, in three queries at any size."""
        return self.with_detail_columns().prefetch_related(*self.detail_prefetches(language))

    def with_detail_columns(self):
        """``with_details()`` without its prefetches: what the check's own row can carry."""
        return (
            self.with_last_correction()
            .with_correction_requests()
            .select_related("speaker", "source", "rating")
            .with_appearances()
            .with_topics()
            .with_languages()
        )

    def with_topics(self):
        """Each claim's topics, read as one JSON array in the claim's own query
        (``Claim.topic_list``)."""
        rows = (
            Claim.topics.through.objects.filter(claim=models.OuterRef("pk"))
            .values("claim")
            .annotate(rows=JSONArrayAgg(JSONObject(slug="topic__slug", name="topic__name")))
            .values("rows")
        )
        return self.annotate(topic_rows=models.Subquery(rows, output_field=models.JSONField()))

    @staticmethod
    def detail_prefetches(language=None):
        """The rows a check's details add to its own: evidence and corrections."""
        corrections = Correction.objects.select_related("old_rating", "new_rating")
        return [
            models.Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("archived")
                .defer("archived__text")
                .order_by(models.F("published_at").asc(nulls_last=True), "pk"),
            ),
            models.Prefetch(
                "corrections",
                queryset=corrections.concerning(language) if language else corrections,
            ),
        ]

    def with_appearances(self):
        """Each claim's confirmed appearances (``Claim.also_said``), read as one JSON array
        in the claim's own query, so that a check's page and record stay within their query
        budget."""
        rows = (
            Appearance.objects.confirmed()
            .filter(claim=models.OuterRef("pk"))
            .values("claim")
            .annotate(
                rows=JSONArrayAgg(
                    JSONObject(
                        url="url",
                        title="title",
                        text="text",
                        said_on="said_on",
                        speaker_name="speaker__name",
                        speaker_slug="speaker__slug",
                        speaker_kind="speaker__kind",
                        speaker_role="speaker__role",
                    )
                )
            )
            .values("rows")
        )
        return self.annotate(appearance_rows=models.Subquery(rows, output_field=models.JSONField()))

    def for_page(self):
        """A check's row as its page shows it, credits and the languages it is published in
        included; its other rows come from ``page_prefetches()``."""
        return self.with_detail_columns().select_related("researcher__byline", "reviewer__byline")

    @classmethod
    def page_prefetches(cls, language=settings.LANGUAGE_CODE):
        """The rows a check's page in ``language`` adds: its details and the related checks
        readable in it."""
        return [
            *cls.detail_prefetches(language),
            models.Prefetch(
                "related",
                queryset=Claim.objects.listed()
                .in_language(language)
                .newest_first()
                .select_related("rating")
                .only("slug", "text", "rating__name", "rating__slug")[:RELATED_SHOWN],
                to_attr="related_checks",
            ),
        ]

    def touch(self):
        """Move these claims' version on: something their pages show (evidence, topics, speaker,
        source) changed, so a form or workflow button opened before it is refused as stale."""
        return self.update(version=models.F("version") + 1)

    def log_edit(self, actor, comment):
        """Write ``comment`` in the history of each of these claims, e.g. an edit to a speaker
        they show; their status stays as it is."""
        ReviewEvent.objects.bulk_create(
            (
                ReviewEvent(
                    claim_id=pk, actor=actor, from_status=status, to_status=status, comment=comment
                )
                for pk, status in self.values_list("pk", "status").iterator()
            ),
            batch_size=500,
        )

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

    def due_for_recheck(self, today=None):
        """Published checks due for re-checking, each with its reasons (see ``claims.recheck``)."""
        from .recheck import due

        return due(self, today)


# Languages a claim may have been made in (the interface's languages are settings.LANGUAGES).
SAID_LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("uk", _("Ukrainian")),
]


class Claim(AutoSlugMixin, TrackedModel):
    slug_from = "text"

    text = models.TextField(_("claim as stated"), help_text=_("The words as said or written."))
    language = models.CharField(
        _("language said in"),
        max_length=10,
        choices=SAID_LANGUAGES,
        default="en",
        help_text=_("The language the claim was made in."),
    )
    original_wording = models.TextField(
        _("original wording"),
        blank=True,
        help_text=_(
            "The words as said, in the language they were said in, when the claim as stated "
            "is a translation."
        ),
    )
    claim_reviewed = models.TextField(
        _("claim as reviewed"),
        blank=True,
        help_text=_("The checkable proposition in neutral words, when it differs from the text."),
    )
    notes = models.TextField(
        _("research notes"), blank=True, help_text=_("Internal; never shown to readers.")
    )
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        help_text=_("Needed before publication; a reader's tip may arrive without one."),
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
    )
    quote = models.TextField(
        _("quoted words"),
        blank=True,
        help_text=_(
            "The exact words in the source text, when they differ from the claim as stated."
        ),
    )
    start_offset = models.PositiveIntegerField(
        _("start offset"),
        null=True,
        blank=True,
        help_text=_("Character position of the claim in the source text."),
    )
    end_offset = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    claim_date = models.DateField(_("date claimed"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="claims"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    rating = models.ForeignKey(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, null=True, blank=True
    )
    ruling = models.TextField(_("ruling"), blank=True, help_text=_("The explanation readers see."))
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One line for lists and feeds.")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="researched_claims",
        help_text=_("Assigned researcher; set to whoever submits the claim for review."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reviewed_claims",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    requested_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_requests",
        help_text=_("The editor asked to review it; without one, every editor is told."),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.NORMAL
    )
    check_worthiness = models.FloatField(
        _("check worthiness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0..1, from automatic extraction."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    last_verified = models.DateTimeField(
        _("last verified"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When an editor last published, corrected or re-verified the check."),
    )
    reader_tip = models.BooleanField(
        _("reader's tip"),
        default=False,
        editable=False,
        help_text=_("Sent in through the public form."),
    )
    tip_url = HttpURLField(_("where the reader saw it"), blank=True, editable=False)
    tip_email = models.EmailField(_("reader's email"), blank=True, editable=False)
    answered_by = models.ForeignKey(
        "self",
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_tips",
        help_text=_(
            "The check that answers this reader's tip (attach duplicates to one claim). "
            "The reader hears back when it is published."
        ),
    )
    tip_answered_at = models.DateTimeField(
        _("tip answered at"), null=True, blank=True, editable=False
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related"),
        symmetrical=False,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The published checks most like this one, found when it was published."),
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-updated_at"]
        permissions = [
            ("submit_claim", _("Can submit a claim for review")),
            ("review_claim", _("Can assign, send back and mark claims not checkable")),
            ("publish_claim", _("Can publish a reviewed claim")),
            ("correct_claim", _("Can correct and retract a published claim")),
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
                violation_error_message=_(
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
        # A tip newly attached to its answer, in the desk or anywhere else.
        answered = self.answered_by_id is not None and self.tip_answered_at is None
        if answered or (self.answered_by_id is None and self.tip_answered_at is not None):
            self.tip_answered_at = timezone.now() if answered else None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "tip_answered_at"}
        self.tip_just_answered = answered  # the reader hears of it (claims.notifications)
        super().save(*args, **kwargs)

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

    @property
    def also_said(self):
        """Where the claim was made again (confirmed appearances), newest first; the claim
        comes from ``Claim.objects.with_appearances()``."""
        rows = getattr(self, "appearance_rows", None) or []
        said = [AlsoSaid.from_row(row) for row in rows]
        return sorted(said, key=lambda a: (a.said_on or date.min, a.url), reverse=True)

    @property
    def topic_list(self):
        """The claim's topics by name, from ``Claim.objects.with_topics()``."""
        rows = getattr(self, "topic_rows", None) or []
        topics = [Topic(slug=row["slug"], name=row["name"]) for row in rows]
        return sorted(topics, key=lambda topic: topic.name.casefold())

    def evidence_by_stance(self):
        """(stance label, evidence) for each stance with evidence, supporting first."""
        by_stance = {stance: [] for stance in Evidence.Stance}
        for item in self.evidence.all():
            by_stance[item.stance].append(item)
        return [
            (Evidence.Stance(stance).label, items) for stance, items in by_stance.items() if items
        ]

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def listed_correction_requests(self):
        """The correction requests readers see (a published check's), oldest first, from the
        rows ``with_correction_requests()`` loaded."""
        if not self.is_published:
            return []
        rows = getattr(self, "correction_request_rows", None) or []
        requests = [
            CorrectionRequest(**{**row, "asked_on": date.fromisoformat(row["asked_on"])})
            for row in rows
        ]
        return sorted(requests, key=lambda item: (item.asked_on, item.pk))

    @property
    def is_public(self):
        return self.status in PUBLIC_STATUSES

    @property
    def is_retracted(self):
        return self.status == Status.RETRACTED

    @property
    def is_locked_for_editing(self):
        """Published and retracted checks change only through corrections."""
        return self.status in PUBLIC_STATUSES

    @property
    def researcher_credit(self):
        return public_credit(self.researcher)

    @property
    def reviewer_credit(self):
        return public_credit(self.reviewer)

    @property
    def verified_at(self):
        """When the check was last verified (checks published before the date was kept: when
        they were published)."""
        return self.last_verified or self.published_at

    @property
    def reviewed_text(self):
        return self.claim_reviewed or self.text

    @property
    def languages(self):
        """The languages readers can read this check in (from ``with_languages()``), the
        desk's first."""
        others = [code for code, _name in settings.LANGUAGES[1:]]
        return [settings.LANGUAGE_CODE, *(c for c in others if getattr(self, f"published_in_{c}"))]

    def text_in(self, field, language):
        """The text of a translated ``field`` in ``language`` exactly, without falling back
        to English as the attribute does (the desk and the workflow need the one text)."""
        return getattr(self, f"{field}_{language}") or ""

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


class Evidence(TrackedModel):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports the claim")
        REFUTES = "refutes", _("Refutes the claim")
        CONTEXT = "context", _("Context")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="evidence"
    )
    url = HttpURLField(_("link"))
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_at = models.DateField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the month is known, and say it in the note."),
    )
    accessed_at = models.DateField(_("accessed"), null=True, blank=True)
    archive_url = HttpURLField(_("archived copy"), blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance, default=Stance.SUPPORTS)
    note = models.TextField(_("note"), blank=True)
    link_status = models.PositiveSmallIntegerField(
        _("link status"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("HTTP status at the last link check."),
    )
    link_error = models.CharField(_("link error"), max_length=200, blank=True, editable=False)
    link_checked_at = models.DateTimeField(
        _("link checked at"), null=True, blank=True, editable=False
    )
    link_broken_since = models.DateTimeField(
        _("link broken since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("First link check that found it broken."),
    )
    next_release_on = models.DateField(
        _("next release expected on"),
        null=True,
        blank=True,
        help_text=_(
            "For a dataset or report that is updated: the check comes due for re-checking "
            "on this date."
        ),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def link_is_broken(self):
        return self.link_checked_at is not None and not (200 <= (self.link_status or 0) < 400)

    @property
    def archived_copy(self):
        """Our copy of the link for readers, or None while none has been made."""
        copy = getattr(self, "archived", None)
        return copy if copy is not None and copy.fetched_at else None


class ReviewEvent(models.Model):
    """Append-only log of every transition and correction of a claim."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Status)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections of checks readers can see (published or retracted)."""
        return self.filter(claim__status__in=PUBLIC_STATUSES)

    def concerning(self, language):
        """Corrections readers of ``language`` get: of the whole check, or of its version in
        that language (not another language's version)."""
        return self.filter(language__in=["", language])

    def in_language(self, language):
        """Corrections readers of ``language`` get, of checks they can read in it."""
        readable = Claim.objects.in_language(language).filter(pk=models.OuterRef("claim"))
        concerning = self.concerning(language)
        if language == settings.LANGUAGE_CODE:
            return concerning
        return concerning.filter(models.Exists(readable))

    def for_list(self):
        return self.select_related(
            "claim", "claim__rating", "claim__speaker", "old_rating", "new_rating"
        ).order_by("-at", "-pk")


class Correction(TrackedModel):
    """A public change to a published check, logged with the verdict before and after."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        RETRACTION = "retraction", _("Retraction")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        editable=False,
        help_text=_("The language version corrected; empty when the whole check was."),
    )
    text = models.TextField(_("text"), help_text=_("Public note: what changed and why."))
    old_rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("old rating"),
    )
    new_rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new rating"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.claim}"

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#correction-{self.pk}"

    @property
    def changed_verdict(self):
        return self.new_rating_id is not None and self.new_rating_id != self.old_rating_id


class Byline(TrackedModel):
    """How a member of staff is credited on the checks they research or review."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    display_name = models.CharField(_("display name"), max_length=100)
    name_is_public = models.BooleanField(
        _("name is public"),
        default=False,
        help_text=_(
            "Show this name on published checks; otherwise the publication's name is shown."
        ),
    )
    profile_url = HttpURLField(_("public profile"), blank=True)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class Page(TrackedModel):
    """A policy page editors own (methodology text, corrections policy, about, funding)."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines separate paragraphs."))
    in_footer = models.BooleanField(_("in footer"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
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

    task = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, encoder=DjangoJSONEncoder)
    attempts = models.PositiveSmallIntegerField(_("attempts"))
    error = models.TextField(_("error"))
    failed_at = models.DateTimeField(_("failed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at", "-pk"]

    def __str__(self):
        return f"{self.task} failed after {self.attempts} attempt(s)"


class PeriodicRun(models.Model):
    """When each piece of periodic work is next due; the workers claim it here, so it runs
    once however many workers there are."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run at"))

    def __str__(self):
        return self.name


class WatchedSource(TrackedModel):
    """A feed or a single page the monitor reads on every pass (``claims.intake.monitoring``).

    The answer's ETag and Last-Modified are kept so the next pass asks only for changes.
    """

    class Kind(models.TextChoices):
        FEED = "feed", _("Feed (RSS or Atom)")
        PAGE = "page", _("Single page")

    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Defaults to the feed's title.")
    )
    url = HttpURLField(_("address"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.FEED)
    active = models.BooleanField(
        _("watched"), default=True, help_text=_("Read on every scheduled pass.")
    )
    etag = models.CharField(_("etag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("last modified"), max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True, editable=False)
    last_error = models.TextField(
        _("last error"),
        blank=True,
        editable=False,
        help_text=_("Why the last pass could not read it; empty if it could."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("watched source")
        verbose_name_plural = _("watched sources")
        ordering = ["name", "url"]

    def __str__(self):
        return self.name or self.url


class MonitoredItem(models.Model):
    """An article found by the monitor: a feed's entry, or a watched page. Its address is
    recorded once, so the same article is never read twice (a watched page is read again
    only when it changed)."""

    watched = models.ForeignKey(
        WatchedSource,
        verbose_name=_("watched"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    url = HttpURLField(_("url"), unique=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The article's text; offsets point into it.")
    )
    seen_at = models.DateTimeField(_("seen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitored article")
        verbose_name_plural = _("monitored articles")
        ordering = ["-seen_at", "-pk"]

    def __str__(self):
        return self.title or self.url

    @property
    def day(self):
        """The day it was published, else the day it was found."""
        return timezone.localdate(self.published_at or self.seen_at or timezone.now())


class InboxSentenceQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=InboxSentence.Status.NEW)


class InboxSentence(models.Model):
    """A sentence of a monitored article worth checking, waiting for an editor's decision.

    Sentences with the same words (a wire story in several papers) share a ``fingerprint``:
    deciding one decides them all.
    """

    class Status(models.TextChoices):
        NEW = "new", _("Waiting")
        CLAIMED = "claimed", _("Made a draft claim")
        DISMISSED = "dismissed", _("Dismissed")

    item = models.ForeignKey(
        MonitoredItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="sentences"
    )
    text = models.TextField(_("text"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True, editable=False)
    start_offset = models.PositiveIntegerField(_("start offset"))
    end_offset = models.PositiveIntegerField(_("end offset"))
    score = models.FloatField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(1)])
    features = models.JSONField(_("features"), default=list, blank=True)
    speaker_guess = models.CharField(_("speaker guess"), max_length=200, blank=True)
    day = models.DateField(_("day"), help_text=_("When the article was published (else found)."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("claim"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = InboxSentenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbox sentence")
        verbose_name_plural = _("inbox sentences")
        # Newest day first; within a day, the most check-worthy first.
        ordering = ["-day", "-score", "pk"]
        indexes = [models.Index(fields=["status", "-day", "-score"], name="inbox_ranked")]
        constraints = [
            models.UniqueConstraint(fields=["item", "fingerprint"], name="inbox_once_per_item")
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @staticmethod
    def fingerprint_of(text):
        """What two copies of one sentence share, whatever their spacing, case and quotes."""
        words = re.findall(r"\w+", text.casefold())
        return hashlib.sha256(" ".join(words).encode()).hexdigest()

    def duplicates(self):
        """This sentence and its copies in other articles."""
        return InboxSentence.objects.filter(fingerprint=self.fingerprint)

    def decide(self, status, user, claim=None):
        """Record an editor's decision on this sentence and, so nobody reads it twice, on
        its copies still waiting in other articles."""
        decided = {"status": status, "claim": claim, "decided_by": user}
        decided["decided_at"] = timezone.now()
        self.duplicates().filter(Q(pk=self.pk) | Q(status=self.Status.NEW)).update(**decided)
        for name, value in decided.items():
            setattr(self, name, value)

    def decision_of_copies(self):
        """The decision already made on a copy of this sentence (field values), else {}."""
        copy = self.duplicates().exclude(status=self.Status.NEW).first()
        if copy is None:
            return {}
        fields = ("status", "claim_id", "decided_by_id", "decided_at")
        return {name: getattr(copy, name) for name in fields}


class AppearanceQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Appearance.Status.CONFIRMED)

    def public(self):
        """Confirmed appearances of checks readers can see."""
        return self.confirmed().filter(claim__status__in=PUBLIC_STATUSES)


class Appearance(TrackedModel):
    """A published check's claim made again somewhere: proposed by the monitor's matcher,
    shown to readers ("Also said") once an editor confirms it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("check")
    )
    sentence = models.ForeignKey(
        InboxSentence,
        verbose_name=_("sentence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appearances",
        editable=False,
    )
    text = models.TextField(_("words said"))
    url = HttpURLField(_("where"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appearances",
        help_text=_("Who said it again, when known."),
    )
    said_on = models.DateField(_("date"), null=True, blank=True)
    similarity = models.FloatField(_("similarity"), default=0, editable=False)
    why = models.JSONField(_("why"), default=list, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        ordering = [models.F("said_on").desc(nulls_last=True), "-pk"]
        indexes = [models.Index(fields=["status", "said_on"], name="appearance_recent")]
        constraints = [
            models.UniqueConstraint(fields=["claim", "url"], name="appearance_once_per_page")
        ]

    def __str__(self):
        return f"{self.claim} — {self.title or self.url}"

    def decide(self, status, user):
        """Confirm (readers see it on the check) or reject a proposed appearance."""
        self.status, self.decided_by, self.decided_at = status, user, timezone.now()
        self.save(update_fields=["status", "decided_by", "decided_at"])


class RecurringClaim(Claim):
    """Checks whose claim keeps coming back, for the desk's list."""

    class Meta:
        proxy = True
        verbose_name = _("claim that keeps coming back")
        verbose_name_plural = _("claims that keep coming back")


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("A claim is submitted for review to me (or to every editor)")
    SENT_BACK = "sent_back", _("A claim I research is sent back")
    PUBLISHED = "published", _("A check I worked on is published")
    CORRECTED = "corrected", _("A check I worked on is corrected")
    RETRACTED = "retracted", _("A check I worked on is retracted")
    ASSIGNED = "assigned", _("I am assigned a claim or asked to review one")
    DIGEST = "digest", _("Daily digest of my claims overdue or due tomorrow")
    MENTIONED = "mentioned", _("Someone mentions me in a claim's comments")


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
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    url = models.URLField(_("url"), max_length=2000)
    event = models.CharField(_("event"), max_length=40)
    event_id = models.CharField(_("event id"), max_length=100)
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    body = models.TextField(_("body"), help_text=_("The JSON sent, the same on every attempt."))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
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

    text = models.CharField(
        _("text"), max_length=200, help_text=_("e.g. “Claimant asked for comment”.")
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklist_items",
        help_text=_("Leave empty for an item on every claim."),
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A required item left unticked blocks publishing.")
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ChecklistItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
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


class CorrectionRequestQuerySet(models.QuerySet):
    def public(self):
        """Requests about published checks; those about any other claim stay private."""
        return self.filter(claim__status=Status.PUBLISHED)

    @staticmethod
    def tally_counts():
        """{name: count} of a tally: how many requests (asked), and how many were answered
        by a correction (corrected)."""
        return {
            "asked": Count("pk"),
            "corrected": Count("pk", filter=Q(outcome=CorrectionRequest.Outcome.CORRECTED)),
        }

    def tally(self):
        """(asked, corrected) of these requests."""
        counts = self.aggregate(**self.tally_counts())
        return counts["asked"], counts["corrected"]

    def tally_by(self, outer_field):
        """The tally's counts as subqueries for each row of an outer query whose ``pk`` these
        requests' ``outer_field`` refers to (e.g. a speaker's, in the speaker's own row)."""
        rows = self.filter(**{outer_field: models.OuterRef("pk")}).order_by()
        rows = rows.values(outer_field)
        return {
            name: Coalesce(models.Subquery(rows.annotate(n=count).values("n")), 0)
            for name, count in self.tally_counts().items()
        }

    def outcome_counts(self):
        """{outcome: count} in one query."""
        return dict(self.values_list("outcome").annotate(n=Count("pk")).order_by())


class CorrectionRequest(TrackedModel):
    """Our request that a speaker or outlet correct what a check found wrong, and its outcome:
    the interventions a fact-checker counts as its impact."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")
        SOCIAL = "social", _("Social media")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        CORRECTED = "corrected", _("Corrected")
        CLARIFIED = "clarified", _("Clarified")
        DECLINED = "declined", _("Declined")
        NO_REPLY = "no_reply", _("No reply")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="correction_requests"
    )
    asked = models.CharField(
        _("whom we asked"),
        max_length=200,
        help_text=_("The person or outlet, e.g. “Daily Planet”."),
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel, default=Channel.EMAIL)
    asked_on = models.DateField(_("when"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.PENDING
    )
    correction_url = HttpURLField(
        _("link to their correction"),
        blank=True,
        help_text=_("Where they corrected or clarified it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["asked_on", "pk"]

    def __str__(self):
        return f"Request to {self.asked} ({self.get_outcome_display().lower()})"

    def clean(self):
        answered = (self.Outcome.CORRECTED, self.Outcome.CLARIFIED)
        if self.correction_url and self.outcome not in answered:
            raise ValidationError(
                {
                    "correction_url": _(
                        "A link to a correction goes with “corrected” or “clarified”."
                    )
                }
            )


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_check(self, claim):
        """Confirmed subscriptions that ``claim`` belongs to: all checks, its speaker's or
        one of its topics'."""
        everything = Q(speaker__isnull=True, topic__isnull=True)
        scope = everything | Q(speaker=claim.speaker_id) | Q(topic__in=claim.topics.all())
        return self.confirmed().filter(scope).distinct()


class Subscription(models.Model):
    """A reader's email subscription to new checks: all of them, a speaker's or a topic's.

    Confirmed by a link sent to the address (double opt-in) and ended by the one-click link in
    every message, which deletes it. Addresses are never public and never exported.
    """

    class Frequency(models.TextChoices):
        EACH = "each", _("An email for each new check")
        WEEKLY = "weekly", _("A weekly digest")

    email = models.EmailField(_("email"))
    speaker = models.ForeignKey(
        Speaker,
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency, default=Frequency.EACH
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    last_sent_at = models.DateTimeField(
        _("last sent at"),
        null=True,
        blank=True,
        help_text=_("When the last weekly digest was sent."),
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker__isnull=True) | Q(topic__isnull=True),
                name="subscription_one_scope",
            ),
        ]

    def __str__(self):
        return f"Subscription to {self.scope_name}"

    @property
    def scope_name(self):
        if self.speaker_id:
            return _("checks of %(speaker)s") % {"speaker": self.speaker.name}
        if self.topic_id:
            return _("checks about %(topic)s") % {"topic": self.topic.name}
        return _("all new checks")

    def checks_since(self, since):
        """Published checks in this subscription's scope published after ``since``."""
        checks = Claim.objects.listed().filter(published_at__gt=since)
        if self.speaker_id:
            checks = checks.filter(speaker=self.speaker_id)
        if self.topic_id:
            checks = checks.filter(topics=self.topic_id)
        return checks.with_related().newest_first()


class LanguageVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class LanguageVersion(TrackedModel):
    """A check's version in another language than the desk's: its texts are the claim's
    columns in that language (``claims/translation.py``), this row their review. Readers see
    it once an editor who did not write it has published it (``workflow.publish_version``);
    after that it changes only through a correction, as the check itself does."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="language_versions"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES[1:])
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who submitted this version's texts for review."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = LanguageVersionQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "language"]
        verbose_name = _("language version")
        verbose_name_plural = _("language versions")
        constraints = [
            models.UniqueConstraint(fields=["claim", "language"], name="one_version_per_language"),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | (
                    Q(translator__isnull=False)
                    & Q(reviewer__isnull=False)
                    & ~Q(translator=models.F("reviewer"))
                ),
                name="version_published_by_another_editor",
            ),
        ]

    def __str__(self):
        return f"{self.claim} [{self.language}]"

    @property
    def is_published(self):
        return self.published_at is not None


class SubscriptionDelivery(models.Model):
    """A check sent to a subscription, recorded before sending so that a retried task never
    sends it twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "claim"], name="delivery_once"),
        ]

    def __str__(self):
        return f"Check {self.claim_id} sent to subscription {self.subscription_id}"


class RevisionQuerySet(models.QuerySet):
    def public(self):
        """Revisions of checks readers can see (all of them: only public checks have any)."""
        return self.filter(claim__status__in=PUBLIC_STATUSES)


class Revision(models.Model):
    """What readers saw of a check after one publication, correction, update, retraction or
    re-verification, chained to the revision before it (of any check) by its hash.

    Written only by ``claims.revisions.append``; the database refuses to update or delete a
    row (``claims.revisions`` installs the triggers), and ``manage.py verify_log`` recomputes
    the chain.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")
        RETRACTION = "retraction", _("Retraction")
        REVERIFICATION = "reverification", _("Re-verified, no change")

    sequence = models.PositiveIntegerField(unique=True, help_text="Place in the chain, from 1.")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="revisions")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField(blank=True)
    at = models.DateTimeField()
    content = models.TextField(help_text="What readers saw, as canonical JSON.")
    content_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["claim", "sequence"], name="revision_claim_sequence")]

    def __str__(self):
        return f"Revision {self.sequence}: {self.get_kind_display()} of {self.claim_id}"

    def get_absolute_url(self):
        return f"{reverse('claims:history', args=[self.claim.slug])}#revision-{self.sequence}"


class ChainLock(models.Model):
    """The row every append to the revision chain locks first: two publications at once take
    turns, so they never both follow the same revision."""

    def __str__(self):
        return "revision chain lock"


class ArchivedCopyQuerySet(models.QuerySet):
    def public(self):
        """Copies that worked, of evidence of checks readers can see."""
        return self.filter(fetched_at__isnull=False, evidence__claim__status__in=PUBLIC_STATUSES)


class ArchivedCopy(TrackedModel):
    """Our own copy of an evidence link, made when its check was published: the answer as a
    WARC record in Django's storage, and the text readers can read if the link breaks.

    Written by ``claims.archive``; a failed attempt is recorded here and tried again on the
    next pass until one works.
    """

    evidence = models.OneToOneField(
        Evidence, verbose_name=_("evidence"), on_delete=models.CASCADE, related_name="archived"
    )
    fetched_at = models.DateTimeField(
        _("fetched at"), null=True, blank=True, help_text=_("When the copy was made.")
    )
    warc = models.FileField(_("WARC file"), upload_to="evidence-archives/", blank=True)
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, blank=True, help_text=_("Of the page's body as fetched.")
    )
    text = models.TextField(
        _("text"), blank=True, help_text=_("The page's text, shown to readers.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    attempted_at = models.DateTimeField(_("attempted at"), null=True, blank=True)
    error = models.CharField(
        _("error"),
        max_length=300,
        blank=True,
        help_text=_("Why the last attempt failed; empty when it worked."),
    )

    objects = ArchivedCopyQuerySet.as_manager()

    class Meta:
        ordering = ["-attempted_at", "-pk"]
        verbose_name = _("archived copy")
        verbose_name_plural = _("archived copies")

    def __str__(self):
        return f"Archived copy of {self.evidence.url}"

    def get_absolute_url(self):
        return reverse("claims:archived-copy", args=[self.evidence.claim.slug, self.evidence_id])
