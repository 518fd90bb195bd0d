# ruff: noqa: RUF001 (typographic quotes and apostrophes are what this parses)
"""Claims that come back: does a sentence make the claim of a published check?

Trigram similarity (``claims.similarity``) finds the same words. A claim that comes back is
often reworded with its figures restated ("1,700 wagons" becomes "some 1700 railway
wagons", "£350m a week" becomes "£18.2bn a year"), while a sentence with the same names and
other figures is another claim. So the matcher reads the quantities and the names of both
texts: a shared quantity and shared names count for a match, a figure that contradicts one
of the check's counts against it, and trigram similarity weighs in for the rest. Every score
comes with the reasons it was given.
"""

import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q

from .similarity import similar_claims, similarity

THRESHOLD = 0.5  # a match is proposed at or above this score
TOLERANCE = 0.03  # relative difference under which two amounts are the same (rounding)
CANDIDATES = 200  # checks sharing a name or a figure compared at most, newest first
TRIGRAM_CANDIDATES = 20  # the most similar checks by trigrams compared too

# How much each kind of evidence weighs in the score (tuned on the pairs not held out,
# see tests/data/matching/pairs.json).
WEIGHTS = {
    "trigram": 0.8,  # times the trigram similarity
    "names": 0.4,  # times the share of names found on both sides (half of it for one name)
    "other names": -0.2,  # both name someone or somewhere, nothing in common
    "telling quantity": 0.5,  # a figure both state with its unit or currency
    "quantity": 0.3,  # a figure both state, the unit said on one side only
    "more quantities": 0.1,  # each further one
    "year": 0.05,  # each year both state
    "other figure": -0.35,  # each figure of the check the sentence contradicts
    "contradicted at most": 0.3,  # when it contradicts as many figures as it restates
}

# Quantities

TOKEN = re.compile(r"US\$|[£$€¥₽₸%]|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[^\w\s]")
ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "mn": 1e6,
    "bn": 1e9,
    "tn": 1e12,
}
# "m" and "k" are scales only right after the digits and for money or things counted
# ("£350m", "20m tons"), never for lengths ("the 100m final").
SHORT_SCALES = {"m": 1e6, "k": 1e3}
FRACTIONS = {
    "half": 1 / 2,
    "halves": 1 / 2,
    "third": 1 / 3,
    "thirds": 1 / 3,
    "quarter": 1 / 4,
    "quarters": 1 / 4,
    "fifth": 1 / 5,
    "fifths": 1 / 5,
    "tenth": 1 / 10,
    "tenths": 1 / 10,
}
CURRENCY_SIGNS = {
    "£": "GBP", "$": "USD", "US$": "USD", "€": "EUR", "¥": "JPY", "₽": "RUB", "₸": "KZT",
}  # fmt: skip
CURRENCY_CODES = {"GBP", "USD", "EUR", "RUB", "KZT", "CNY", "JPY", "PLN", "UAH", "CHF", "INR"}
CURRENCY_WORDS = {
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "tenge": "KZT",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "zloty": "PLN",
    "zlotys": "PLN",
    "zlotych": "PLN",
    "hryvnia": "UAH",
    "hryvnias": "UAH",
    "franc": "CHF",
    "francs": "CHF",
    "rupee": "INR",
    "rupees": "INR",
}
# What is counted, with the factor to its canonical unit. Words written before a counted
# noun ("railway wagons", "coal wagons") are passed over; these are nouns that mean the same.
UNITS = {
    "wagon": ("wagon", 1),
    "railcar": ("wagon", 1),
    "rail car": ("wagon", 1),
    "freight car": ("wagon", 1),
    "tonne": ("tonne", 1),
    "ton": ("tonne", 1),
    "metric ton": ("tonne", 1),
    "t": ("tonne", 1),
    "kilogram": ("tonne", 1e-3),
    "kg": ("tonne", 1e-3),
    "kilometre": ("km", 1),
    "kilometer": ("km", 1),
    "km": ("km", 1),
    "mile": ("km", 1.609344),
    "metre": ("km", 1e-3),
    "meter": ("km", 1e-3),
    "square kilometre": ("km²", 1),
    "square kilometer": ("km²", 1),
    "sq km": ("km²", 1),
    "km2": ("km²", 1),
    "km²": ("km²", 1),
    "square mile": ("km²", 2.589988),
    "hectare": ("km²", 1e-2),
    "barrel": ("barrel", 1),
    "people": ("person", 1),
    "person": ("person", 1),
    "individual": ("person", 1),
    "resident": ("person", 1),
    "inhabitant": ("person", 1),
    "citizen": ("person", 1),
    "crime": ("offence", 1),
    "offence": ("offence", 1),
    "offense": ("offence", 1),
    "child": ("child", 1),
    "children": ("child", 1),
}
# "people" may be any of these, so "40,000 migrants" is "forty thousand people".
PEOPLE = {
    "adult", "child", "citizen", "customer", "doctor", "employee", "migrant", "nurse",
    "passenger", "patient", "pupil", "refugee", "soldier", "student", "teacher", "tourist",
    "troop", "visitor", "voter", "worker",
}  # fmt: skip
PERIODS = {"day": 365, "week": 52, "month": 12, "year": 1, "annum": 1}
PERIOD_ADVERBS = {
    "daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year",
}  # fmt: skip
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# Function words and common sentence openers: never a counted noun, never a name.
STOPWORDS = {
    "a", "about", "above", "across", "after", "against", "ago", "all", "almost", "also", "although",
    "among", "an", "and", "another", "any", "are", "around", "as", "at", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "down", "during", "each", "either", "even", "ever", "every", "few", "for", "from", "had", "has",
    "have", "he", "her", "here", "him", "his", "how", "however", "i", "if", "in", "into", "is",
    "it", "its", "just", "last", "least", "less", "like", "many", "may", "might", "more", "most",
    "much", "must", "my", "near", "nearly", "next", "no", "nor", "not", "now", "of", "off", "on",
    "once", "one", "only", "or", "other", "our", "out", "over", "own", "per", "perhaps", "same",
    "she", "should", "since", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
    "who", "whom", "whose", "why", "will", "with", "within", "would", "yet", "you", "your",
    "according", "meanwhile", "today", "yesterday", "tomorrow", "roughly", "approximately",
    "exactly", "still", "already", "new", "extra", "additional", "further"
}  # fmt: skip
SENTENCE_END = {".", "!", "?", ";", ":"}


@dataclass(frozen=True)
class Quantity:
    """An amount a sentence states, normalised: ``value`` in ``unit`` (a counted noun, a
    currency code, or nothing), per ``period`` when it is a rate."""

    kind: str  # count, money, percent, points or year
    value: float
    unit: str = ""
    period: str = ""
    text: str = field(default="", compare=False)

    @property
    def per_year(self):
        return self.value * PERIODS[self.period]

    def same_as(self, other):
        """The same amount, within rounding: per year when both are rates."""
        if not self.comparable(other):
            return False
        if self.period and other.period:
            first, second = self.per_year, other.per_year
        else:
            first, second = self.value, other.value
        if self.kind == "year":
            return first == second
        return math.isclose(first, second, rel_tol=TOLERANCE)

    def comparable(self, other):
        """Amounts of the same thing, so that different values contradict each other."""
        if self.kind != other.kind:
            return False
        units = {self.unit, other.unit}
        return (
            len(units) == 1 or "" in units or (units <= PEOPLE | {"person"} and "person" in units)
        )


def _number(word):
    """The value of digits as written ("1,700", "2.5", "1.700.000", "2,5"), or None."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", word):
        return float(word.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", word):
        return float(word.replace(".", ""))
    if re.fullmatch(r"\d+,\d{1,2}", word):
        return float(word.replace(",", "."))
    return None


def _singular(word):
    word = word.lower()
    if word in UNITS or word in CURRENCY_WORDS:
        return word
    for plural, singular in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _looks_plural(word):
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


class _Reader:
    """Reads the quantities of one sentence, token by token."""

    def __init__(self, text):
        self.text = text
        self.tokens = list(TOKEN.finditer(text))
        self.words = [token.group(0).lower() for token in self.tokens]

    def word(self, i):
        return self.words[i] if 0 <= i < len(self.words) else ""

    def attached(self, i):
        """Token i follows token i - 1 without a space ("350m", "20th")."""
        return 0 < i < len(self.tokens) and self.tokens[i].start() == self.tokens[i - 1].end()

    def quantities(self):
        found, i = [], 0
        while i < len(self.tokens):
            quantity, end = self.read(i)
            if quantity is None:
                i += 1
                continue
            found.append(quantity)
            i = end
        return found

    def read(self, start):
        """The quantity starting at token ``start`` and the token after it, or (None, _)."""
        i, currency = start, ""
        token = self.tokens[i].group(0)
        if token in CURRENCY_SIGNS:
            currency, i = CURRENCY_SIGNS[token], i + 1
        elif token in CURRENCY_CODES:
            currency, i = token, i + 1
        fraction = self.fraction(i)
        if fraction and not currency:
            return fraction
        value, i, digits = self.amount(i, money=bool(currency))
        if value is None:
            return None, start
        if digits and self.is_date(start, i):
            return None, i
        kind, unit = "count", ""
        if currency:
            kind, unit = "money", currency
        if self.word(i) in CURRENCY_WORDS or self.word(i).upper() in CURRENCY_CODES:
            kind, unit = "money", CURRENCY_WORDS.get(self.word(i), self.word(i).upper())
            i += 1
        elif self.word(i) == "%":
            kind, i = "percent", i + 1
        elif (self.word(i) == "per" and self.word(i + 1) == "cent") or self.word(i) == "percent":
            kind, i = "percent", i + (2 if self.word(i) == "per" else 1)
        elif self.word(i) == "percentage" and self.word(i + 1).startswith("point"):
            kind, i = "points", i + 2
        elif self.word(i) in ("point", "points"):
            kind, i = "points", i + 1
        if kind == "count":
            unit, factor, i = self.counted(i)
            value *= factor
            if not unit and not digits and value < 100:
                return None, i  # "seven" alone: too vague to compare
            if digits and not unit and self.is_year(start, i, value):
                kind = "year"
        period, i = self.period(i)
        quantity = Quantity(kind, value, unit, period, self.span(start, i))
        return quantity, i

    def amount(self, i, money):
        """A number in digits or words with its scale words: (value, next token, in digits)."""
        word = self.word(i)
        value, digits = None, False
        if word[:1].isdigit():
            value, digits, i = _number(word), True, i + 1
            # "1 700" with a space between the thousands
            while (
                value is not None
                and self.word(i).isdigit()
                and len(self.word(i)) == 3
                and len(self.word(i - 1).replace(",", "")) <= 3
                and self.text[self.tokens[i - 1].end() : self.tokens[i].start()] in " \u00a0\u202f"
            ):
                value, i = value * 1000 + float(self.word(i)), i + 1
            if self.word(i) in ("st", "nd", "rd", "th", "s") and self.attached(i):
                return None, i, digits  # an ordinal or a decade
        elif word in ONES or word in TENS:
            value, i = self.words_number(i)
            if value == 1 and self.word(i) not in SCALES:
                return None, i, digits  # "one" alone is rarely a figure
        elif word in ("a", "an") and self.word(i + 1) in {*SCALES, "dozen"}:
            value, i = 1.0, i + 1
        elif word in FRACTIONS or (word in ("a", "an") and self.word(i + 1) in FRACTIONS):
            if word in ("a", "an"):
                i += 1
            fraction, i = FRACTIONS[self.word(i)], i + 1
            # "half a million", "a quarter of a billion"
            if self.word(i) == "of":
                i += 1
            if self.word(i) in ("a", "an") and self.word(i + 1) in SCALES:
                value, i = fraction, i + 1
        if value is None:
            return None, i, digits
        if self.word(i) == "and" and self.word(i + 1) == "a" and self.word(i + 2) == "half":
            value, i = value + 0.5, i + 3
        while True:
            word = self.word(i)
            if word in SCALES or word == "dozen":
                value, i = value * SCALES.get(word, 12), i + 1
            elif (
                word in SHORT_SCALES and digits and self.attached(i) and self.counts_after(i, money)
            ):
                value, i = value * SHORT_SCALES[word], i + 1
            else:
                return value, i, digits

    def counts_after(self, i, money):
        """After "350m": money, or a thing counted ("20m tons"), not metres."""
        following = self.word(i + 1)
        return money or following in UNITS or _looks_plural(following)

    def words_number(self, i):
        """ "two hundred and fifty", "forty", "twenty-five" (no scale words above hundred)."""
        value = 0.0
        while True:
            word = self.word(i)
            if word in ONES or word in TENS:
                value, i = value + ONES.get(word, TENS.get(word, 0)), i + 1
            elif word == "-" and self.word(i + 1) in ONES:
                i += 1
            elif word == "hundred":
                value, i = (value or 1) * 100, i + 1
            elif word == "and" and (self.word(i + 1) in ONES or self.word(i + 1) in TENS):
                i += 1
            else:
                return value, i

    def fraction(self, i):
        """A share as a percentage: "one in three", "a third of", "two thirds of"."""
        word = self.word(i)
        count = _number(word) if word[:1].isdigit() else ONES.get(word)
        if word in ("a", "an"):
            count = 1
        if count is None:
            count, share_at = 1, i  # "half of"
        else:
            share_at = i + 1
        share = self.word(share_at)
        if share in FRACTIONS and self.word(share_at + 1) == "of":
            if self.word(share_at + 2) in ("a", "an") and self.word(share_at + 3) in SCALES:
                return None  # "a quarter of a million"
            end = share_at + 1
            return Quantity("percent", 100 * count * FRACTIONS[share], text=self.span(i, end)), end
        if share in ("in", "out") and share_at > i:
            total_at = share_at + (2 if share == "out" and self.word(share_at + 1) == "of" else 1)
            total = self.word(total_at)
            whole = _number(total) if total[:1].isdigit() else ONES.get(total, TENS.get(total))
            if whole and count < whole <= 1000 and self.word(total_at + 1) not in SCALES:
                end = total_at + 1
                return Quantity("percent", 100 * count / whole, text=self.span(i, end)), end
        return None

    def counted(self, i):
        """The counted noun after a number: (canonical unit, factor to it, next token).

        Up to three words are read ("1700 railway wagons", "11,000 square kilometres"); the
        first known unit or plural noun is what is counted.
        """
        for j in range(i, min(i + 3, len(self.words))):
            word = self.word(j)
            if not word.isalpha() and word not in UNITS:
                break
            pair = f"{_singular(word)} {_singular(self.word(j + 1))}"
            if pair in UNITS:
                return (*UNITS[pair], j + 2)
            if word in STOPWORDS or self.is_period_start(j):
                break
            if _singular(word) in UNITS:
                return (*UNITS[_singular(word)], j + 1)
            if _looks_plural(word):
                return _singular(word), 1, j + 1
        return "", 1, i

    def is_period_start(self, i):
        word = self.word(i)
        if word in PERIOD_ADVERBS:
            return True
        return word in ("a", "an", "per", "each", "every") and self.word(i + 1) in PERIODS

    def period(self, i):
        """ "a week", "per year", "every month", "daily" within a few words: (period, next)."""
        for j in range(i, min(i + 5, len(self.words))):
            word = self.word(j)
            if word in SENTENCE_END or word[:1].isdigit():
                break
            if self.is_period_start(j):
                # "in a year", "for a week", "a year ago" are durations, not rates.
                if self.word(j - 1) in ("in", "within", "for", "over", "last", "next"):
                    break
                if self.word(j + 2) in ("ago", "earlier", "later", "before", "after"):
                    break
                if word in PERIOD_ADVERBS:
                    return PERIOD_ADVERBS[word], j + 1
                return self.word(j + 1).replace("annum", "year"), j + 2
        return "", i

    def is_date(self, start, end):
        """A day of the month ("May 9", "20 June")."""
        return self.word(start - 1) in MONTHS or self.word(end) in MONTHS

    def is_year(self, start, end, value):
        written = self.word(start)
        return len(written) == 4 and 1800 <= value <= 2100 and end == start + 1

    def span(self, start, end):
        return self.text[self.tokens[start].start() : self.tokens[end - 1].end()]


def quantities(text):
    """The quantities ``text`` states, normalised (see ``Quantity``)."""
    return _Reader(text).quantities()


# Names

NAME = re.compile(
    r"(?<![\w'’])[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|and|for|de|von|van|al)\s+)*[A-Z][\w'’.-]*)*"
)
# Words in names that do not tell one name from another.
WEAK = {
    "mr", "mrs", "ms", "dr", "sir", "lord", "lady", "president", "prime", "minister",
    "secretary", "general", "chancellor", "king", "queen", "prince", "government", "ministry",
    "department", "council", "national", "federal", "republic", "state", "states", "united",
    "new", "north", "south", "east", "west", "central", "party", "union", "of", "the", "and",
    "for", "de", "von", "van", "al", "st",
}  # fmt: skip
ALIASES = {
    "united states": "america",
    "us": "america",
    "u.s": "america",
    "usa": "america",
    "united kingdom": "britain",
    "uk": "britain",
    "british": "britain",
    "briton": "britain",
    "english": "england",
    "scottish": "scotland",
    "scots": "scotland",
    "welsh": "wales",
    "irish": "ireland",
    "european union": "europe",
    "eu": "europe",
    "french": "france",
    "dutch": "netherlands",
    "spanish": "spain",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "norwegian": "norway",
    "polish": "poland",
    "swiss": "switzerland",
    "greek": "greece",
    "turkish": "turkey",
    "thai": "thailand",
    "filipino": "philippines",
    "soviet union": "soviet",
    "ussr": "soviet",
}
PLACE_ENDINGS = {"", "a", "e", "o", "y", "ia"}
PEOPLE_ENDINGS = {"", "n", "an", "ian", "ns", "ans", "ians", "i", "is", "ese", "ish", "ic", "stan"}


def _key(word):
    word = re.sub(r"['’]s$|['’]$|\.$", "", word).lower()
    return ALIASES.get(word, word)


def _same_key(first, second):
    """The same name, or a place and its people ("Russia", "Russian"; "Kazakh", "Kazakhstan")."""
    if first == second:
        return True
    pairs = zip(first, second, strict=False)
    common = next((n for n, (a, b) in enumerate(pairs) if a != b), min(len(first), len(second)))
    if common < 4:
        return False
    rests = first[common:], second[common:]
    return (rests[0] in PLACE_ENDINGS and rests[1] in PEOPLE_ENDINGS) or (
        rests[1] in PLACE_ENDINGS and rests[0] in PEOPLE_ENDINGS
    )


@dataclass(frozen=True)
class Name:
    """A name as written and the words that identify it."""

    text: str
    keys: frozenset

    def same_as(self, other):
        return any(_same_key(a, b) for a in self.keys for b in other.keys)


def _opens_sentence(text, position):
    # A few characters back are enough: only spaces and opening quotes may come between.
    before = text[max(0, position - 10) : position].rstrip(" \"'“‘«(")
    return not before or before[-1] in ".!?:;\n"


def _name_runs(text):
    """(name, doubtful) for each run of capitalised words. The word opening a sentence is
    doubtful: its capital may be the sentence's ("Inflation in Turkey …")."""
    for match in NAME.finditer(text):
        written, start = match.group(0).rstrip("."), match.start()
        if _opens_sentence(text, start) and " " in written:
            first, rest = written.split(maxsplit=1)
            yield from _name(first, doubtful=True)
            written = re.sub(r"^(?:(?:of|the|and|for)\s+)*", "", rest)
            start = None
        yield from _name(written, doubtful=start is not None and _opens_sentence(text, start))


def _name(written, doubtful):
    """The name written so, unless it is only function words, titles or dates."""
    if written.lower() in ALIASES:
        keys = {ALIASES[written.lower()]}
    else:
        keys = {_key(word) for word in re.split(r"[\s-]+", written)}
        keys = {key for key in keys if key[:1].isalpha()} - WEAK - STOPWORDS - MONTHS - WEEKDAYS
    if keys:
        possessive = re.search(r"['’]s?$", written)
        name = Name(re.sub(r"['’]s?$", "", written), frozenset(keys))
        yield name, doubtful and not possessive


def named_keys(*texts):
    """The words identifying the names ``texts`` certainly mention (not only by a capital
    at the start of a sentence)."""
    return {key for text in texts for name, doubtful in _name_runs(text) if not doubtful
            for key in name.keys}  # fmt: skip


def names(text, known=frozenset()):
    """The names and places ``text`` mentions: runs of capitalised words, without function
    words, months and weekdays. A lone word opening the sentence counts when it is named
    elsewhere too (``known``, see ``named_keys``)."""
    return [
        name
        for name, doubtful in _name_runs(text)
        if not doubtful or any(_same_key(key, other) for key in name.keys for other in known)
    ]


# The match


class Comparison(NamedTuple):
    score: float  # 0..1
    why: list  # the reasons, in words


def _pair_quantities(check, sentence):
    """(same, contradicting) pairs of the check's and the sentence's quantities."""
    same, left = [], list(sentence)
    unmatched = []
    for quantity in check:
        twin = next((other for other in left if quantity.same_as(other)), None)
        if twin is None:
            unmatched.append(quantity)
        else:
            same.append((quantity, twin))
            left.remove(twin)
    contradicting = []
    for quantity in unmatched:
        rival = next((other for other in left if quantity.comparable(other)), None)
        if rival is not None:
            contradicting.append((quantity, rival))
            left.remove(rival)
    return same, contradicting


@dataclass
class Evidence:
    """What a sentence has in common with a check's text, and where it differs."""

    same: list  # (the check's quantity, the sentence's) stating the same amount
    contradicting: list  # (the check's quantity, the sentence's): one thing, other amounts
    names: list  # the check's names the sentence mentions too
    name_share: float  # the share of both sides' names found on the other side
    both_named: bool  # each side names someone or somewhere
    trigram: float

    @classmethod
    def of(cls, sentence, check_text):
        same, contradicting = _pair_quantities(quantities(check_text), quantities(sentence))
        known = named_keys(check_text, sentence)
        check_names, sentence_names = names(check_text, known), names(sentence, known)
        found = [name for name in check_names if any(name.same_as(o) for o in sentence_names)]
        found_back = [name for name in sentence_names if any(name.same_as(o) for o in check_names)]
        named = len(check_names) + len(sentence_names)
        return cls(
            same=same,
            contradicting=contradicting,
            names=list(dict.fromkeys(name.text for name in found)),
            name_share=(len(found) + len(found_back)) / named if named else 0.0,
            both_named=bool(check_names and sentence_names),
            trigram=similarity(sentence, check_text),
        )

    def score(self):
        figures = [pair for pair in self.same if pair[0].kind != "year"]
        # A unit or currency on both sides makes a shared figure telling ("1,700 wagons").
        telling = [pair for pair in figures if pair[0].unit and pair[1].unit]
        score = WEIGHTS["trigram"] * self.trigram
        if self.names:
            score += WEIGHTS["names"] * self.name_share * min(1, len(self.names) / 2)
        elif self.both_named:
            score += WEIGHTS["other names"]
        if figures:
            score += WEIGHTS["telling quantity" if telling else "quantity"]
            score += WEIGHTS["more quantities"] * (len(figures) - 1)
        score += WEIGHTS["year"] * (len(self.same) - len(figures))
        score += WEIGHTS["other figure"] * len(self.contradicting)
        if self.contradicting and len(self.contradicting) >= len(figures):
            # It contradicts as many of the check's figures as it restates: another claim.
            score = min(score, WEIGHTS["contradicted at most"])
        return round(min(1.0, max(0.0, score)), 3)

    def why(self):
        reasons = [
            f"same {'year' if first.kind == 'year' else 'quantity'}: {_quoted(first, second)}"
            for first, second in self.same
        ]
        if self.names:
            reasons.append("same names: " + ", ".join(self.names))
        elif self.both_named:
            reasons.append("no name in common")
        reasons += [
            f"other figure: {second.text}, not {first.text}" for first, second in self.contradicting
        ]
        reasons.append(f"trigram similarity {self.trigram:.2f}")
        return reasons


def _quoted(first, second):
    return first.text if first.text == second.text else f"{first.text} = {second.text}"


def compare(sentence, check_text):
    """How likely ``sentence`` makes the claim of a check worded ``check_text``, and why."""
    evidence = Evidence.of(sentence, check_text)
    return Comparison(evidence.score(), evidence.why())


class Match(NamedTuple):
    claim: object
    score: float
    why: list


def _search_terms(text):
    """Words and figures a check making the same claim is likely to contain: its names (a
    people's name cut to its place's: "Russian" to "Russi", found in "Russia") and figures."""
    terms = []
    for name, _ in _name_runs(text):
        for key in name.keys:
            terms.append(re.sub(r"(?<=\w{4})(?:ians?|ans?|ns?|ese|ish|is|i|ic|stan)$", "", key))
    for quantity in quantities(text):
        written = re.search(r"\d[\d,. ]*\d|\d", quantity.text)
        if quantity.kind in ("count", "money") and not quantity.period and quantity.value >= 100:
            whole = round(quantity.value)
            terms += [str(whole), f"{whole:,}"]
        if written:
            terms.append(written.group(0))
    return [term for term in dict.fromkeys(terms) if len(term) >= 3][:12]


def find_matches(queryset, text, limit=5, threshold=THRESHOLD):
    """The published checks of ``queryset`` that ``text`` matches, best first, as ``Match``
    (claim, score, why).

    Compared: the checks most similar by trigrams, and at most ``CANDIDATES`` of the newest
    that contain one of the text's names or figures; each against its text and its claim
    as reviewed, the better of the two counting.
    """
    published = queryset.listed()
    candidates = {
        claim.pk: claim for claim in similar_claims(published, text, limit=TRIGRAM_CANDIDATES)
    }
    clues = Q()
    for term in _search_terms(text):
        clues |= Q(text__icontains=term)
    if clues:
        sharing = published.filter(clues).exclude(pk__in=candidates).with_related()
        for claim in sharing.order_by("-published_at", "-pk")[:CANDIDATES]:
            candidates[claim.pk] = claim
    found = []
    for claim in candidates.values():
        wordings = [claim.text] + ([claim.claim_reviewed] if claim.claim_reviewed else [])
        best = max((compare(text, wording) for wording in wordings), key=lambda c: c.score)
        if best.score >= threshold:
            found.append(Match(claim, best.score, best.why))
    found.sort(key=lambda match: (-match.score, -match.claim.pk))
    return found[:limit]


def evaluate(pairs, matches):
    """Precision, recall and F1 of ``matches(pair)`` (True/False) on labelled ``pairs``, with
    the pairs it got wrong."""
    said = [(matches(pair), pair) for pair in pairs]
    wrong = [pair for answer, pair in said if answer != pair["match"]]
    labelled = sum(pair["match"] for pair in pairs)
    proposed = sum(answer for answer, _ in said)
    correct = sum(answer and pair["match"] for answer, pair in said)
    precision = correct / proposed if proposed else 0.0
    recall = correct / labelled if labelled else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "correct": correct,
        "proposed": proposed,
        "labelled": labelled,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "wrong": wrong,
    }
