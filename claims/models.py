"""The tracker's data: where claims were made, who made them, and how each was checked.

Status changes never happen here: ``claims.workflow`` is the only writer of
``Claim.status`` and of the fields that come with it.
"""

import re
import unicodedata

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
from django.urls import reverse
from django.utils.text import slugify
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

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

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

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
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

    objects = RatingQuerySet.as_manager()

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
        versions = LanguageVersion.objects.published().filter(
            claim=models.OuterRef("pk"), language=language
        )
        return self.filter(models.Exists(versions))

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

    def with_details(self, language=None):
        """Everything a check's page or data record in ``language`` (the desk's: every
        language) shows, in four queries at any size."""
        corrections = Correction.objects.select_related("old_rating", "new_rating")
        return (
            self.with_last_correction()
            .select_related("speaker", "source", "rating")
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
                    queryset=corrections.concerning(language) if language else corrections,
                ),
            )
            .with_languages()
        )

    def for_page(self, language=settings.LANGUAGE_CODE):
        """What a check's page in ``language`` shows, related checks (readable in it),
        credits and the languages it is published in included."""
        return (
            self.with_details(language)
            .prefetch_related(
                models.Prefetch(
                    "related",
                    queryset=Claim.objects.listed()
                    .in_language(language)
                    .newest_first()
                    .select_related("rating")
                    .only("slug", "text", "rating__name", "rating__slug")[:RELATED_SHOWN],
                    to_attr="related_checks",
                )
            )
            .select_related("researcher__byline", "reviewer__byline")
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

    def rating_counts(self):
        """{rating_id: count} in one query."""
        return dict(self.values_list("rating").annotate(n=Count("pk")).order_by())


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
    check_worthiness = models.FloatField(
        _("check worthiness"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0..1, from automatic extraction."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    reader_tip = models.BooleanField(
        _("reader's tip"),
        default=False,
        editable=False,
        help_text=_("Sent in through the public form."),
    )
    tip_url = HttpURLField(_("where the reader saw it"), blank=True, editable=False)
    tip_email = models.EmailField(_("reader's email"), blank=True, editable=False)
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("claims:claim", args=[self.slug])

    def relate(self):
        """Store the published checks most like this one, and this one as related to each of
        them: pages show stored related checks instead of comparing texts on every visit."""
        similar = Claim.objects.listed().exclude(pk=self.pk).similar_to(self.text)
        self.related.set(similar)
        for other in similar:
            other.related.add(self)

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
