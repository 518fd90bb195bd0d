"""Newsroom intake: an article's text becomes a Source with a draft claim per candidate.

The import_article command and the desk's "Import article" page both validate through
``ArticleForm`` and write through ``import_article``, so the rules live here once.
"""

import re
from functools import cache
from pathlib import Path

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from lingua import Language, LanguageDetectorBuilder

from ..models import Claim, Source, Speaker, http_url_validator
from .extraction import candidates as all_candidates

# A long speech transcript is about 100,000 characters; anything far beyond is not an article.
MAX_ARTICLE_CHARS = 200_000
DEFAULT_THRESHOLD = 0.5
# Claims an article makes in its own voice (DESIGN.md, "The seed article").
AUTHOR_SPEAKER = "The article's author (unnamed)"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# The languages the desk expects (DESIGN.md, "Languages"; Kazakh and Ukrainian media
# report the region's claims too). Fewer languages keep the detector small and quick.
DETECTED_LANGUAGES = (Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH, Language.UKRAINIAN)
# The opening of a text says its language as well as the whole text does, and costs less.
DETECTION_SAMPLE_CHARS = 5_000


@cache
def _detector():
    # Low accuracy mode reads trigrams only: a fraction of the memory, and on texts of a
    # sentence or more as accurate as the full mode.
    return (
        LanguageDetectorBuilder.from_languages(*DETECTED_LANGUAGES).with_low_accuracy_mode().build()
    )


def detect_language(text):
    """The ISO 639-1 code of the language ``text`` is written in; "en" when unsure."""
    language = _detector().detect_language_of(text[:DETECTION_SAMPLE_CHARS])
    return language.iso_code_639_1.name.lower() if language else "en"


def clean_article_text(text):
    """The text with line ends normalised, or a ValidationError saying what is wrong."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise forms.ValidationError(_("The text is empty."), code="empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise forms.ValidationError(
            _(
                "The text has %(length)s characters; at most %(limit)s are accepted. "
                "Split it into parts."
            )
            % {"length": f"{len(text):,}", "limit": f"{MAX_ARTICLE_CHARS:,}"},
            code="too_long",
        )
    if CONTROL_CHARACTERS.search(text):
        raise forms.ValidationError(
            _("The text contains control characters, so it is not plain text (a binary file?)."),
            code="binary",
        )
    return text


def read_article_file(path):
    """The text of a UTF-8 file, refusing missing, huge, binary or empty files."""
    path = Path(path)
    if not path.is_file():
        raise forms.ValidationError(_("No such file: %(path)s") % {"path": path}, code="missing")
    # Four bytes per character at most: a larger file cannot pass the length check.
    if path.stat().st_size > 4 * MAX_ARTICLE_CHARS:
        raise forms.ValidationError(
            _("%(path)s is %(size)s bytes; an article is at most %(limit)s characters.")
            % {"path": path, "size": f"{path.stat().st_size:,}", "limit": f"{MAX_ARTICLE_CHARS:,}"},
            code="too_long",
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _("%(path)s is not UTF-8 text (a binary file?).") % {"path": path}, code="binary"
        ) from None
    return clean_article_text(text)


class ArticleForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    url = forms.CharField(
        label=gettext_lazy("URL"), required=False, max_length=2000, validators=[http_url_validator]
    )
    publisher = forms.CharField(label=gettext_lazy("Publisher"), max_length=200, required=False)
    published_at = forms.DateField(
        label=gettext_lazy("published"),
        required=False,
        help_text=gettext_lazy("YYYY-MM-DD; leave empty if unknown."),
    )
    text = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        strip=False,
        help_text=gettext_lazy("Plain text of the article or transcript, as published."),
    )
    threshold = forms.FloatField(
        min_value=0,
        max_value=1,
        initial=DEFAULT_THRESHOLD,
        label=gettext_lazy("Threshold"),
        help_text=gettext_lazy("Propose sentences scoring at least this (0..1)."),
    )

    def clean_text(self):
        return clean_article_text(self.cleaned_data["text"])

    def clean(self):
        cleaned = super().clean()
        if "text" in cleaned:
            cleaned["language"] = detect_language(cleaned["text"])
        return cleaned

    def candidates(self):
        """Every scored sentence, in text order, by the rules of the text's language."""
        return all_candidates(self.cleaned_data["text"], self.cleaned_data["language"])


def speaker_for(guess):
    """The speaker an extracted name refers to: an existing one if unambiguous, else new.

    "Tokayev" finds "Kassym-Jomart Tokayev" when only one speaker's name ends that way;
    a sentence with no speaker named is the article's own claim.
    """
    if not guess:
        speaker, _created = Speaker.objects.get_or_create(
            name=AUTHOR_SPEAKER, defaults={"kind": Speaker.Kind.ORGANISATION}
        )
        return speaker
    return existing_speaker(guess) or Speaker.objects.create(name=guess)


def existing_speaker(guess):
    """The known speaker ``guess`` names unambiguously ("Tokayev" for "Kassym-Jomart
    Tokayev"), else None."""
    exact = Speaker.objects.filter(name__iexact=guess).first()
    if exact:
        return exact
    by_surname = list(Speaker.objects.filter(name__iendswith=f" {guess}")[:2])
    return by_surname[0] if len(by_surname) == 1 else None


@transaction.atomic
def import_article(article, chosen, researcher=None):
    """Create the Source from ``article`` (ArticleForm data) and a draft for each candidate."""
    source = Source.objects.create(
        title=article["title"],
        language=article["language"],
        url=article.get("url") or "",
        publisher=article.get("publisher") or "",
        published_at=article.get("published_at"),
        text=article["text"],
    )
    claims = [
        Claim.objects.create(
            text=candidate.text,
            source=source,
            start_offset=candidate.start,
            end_offset=candidate.end,
            check_worthiness=candidate.score,
            speaker=speaker_for(candidate.speaker_guess),
            researcher=researcher,
            notes=(
                f"Proposed by automatic extraction: score {candidate.score:.2f} "
                f"({', '.join(candidate.features) or 'no features'})."
                + (
                    f" Speaker guessed from the text: {candidate.speaker_guess}."
                    if candidate.speaker_guess
                    else ""
                )
            ),
        )
        for candidate in chosen
    ]
    return source, claims
