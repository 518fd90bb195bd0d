# ruff: noqa: RUF001 (typographic quotes, apostrophes and dashes are what this parses)
"""Find the sentences of an article worth fact-checking.

Plain rules, no model: ``split_sentences`` cuts newsroom text into sentences that keep
their character offsets, and ``score_sentence`` weighs transparent features (numbers,
dates, names, reported speech, comparisons; opinion and prediction markers count
against) into a check-worthiness score in 0..1. Every candidate says which features
fired, so an editor can see why a sentence was proposed.
"""

import re
from dataclasses import asdict, dataclass, field

# Words that end with a full stop without ending the sentence.
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp", "mt", "ft",
}  # fmt: skip
ABBREVIATIONS = TITLES | {
    "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "approx", "no", "nos", "vol", "fig",
    "dept", "univ", "assn", "bros", "est", "al", "cf", "ca", "op", "pp",
}  # fmt: skip
MONTH_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# After an initial or a dotted acronym ("J. Smith", "the U.S. Army") a capital rarely
# starts a new sentence; these words usually do.
SENTENCE_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "in", "on", "this",
    "that", "there", "his", "her", "its", "their", "our", "however", "yet", "so", "then",
}  # fmt: skip

OPENING_QUOTES = "“‘«„"
CLOSING_QUOTES = "”’»"
CLOSERS = "\"'" + CLOSING_QUOTES + ")]"

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then either
# whitespace or (glued sentences) directly a capital letter.
BOUNDARY = re.compile(
    r"(?:[.!?]+|…)[" + re.escape(CLOSERS) + r"]*(?:(?P<space>[ \t\u00a0]+)|(?=[A-Z]))"
)
LINE_BREAK = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)*")
# A transcript's stage direction ("[APPLAUSE]") stands apart from the words around it.
STAGE_DIRECTION = re.compile(r"\[[A-Z][A-Z ,'-]{1,40}\]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _word_before(text, position):
    match = re.search(r"([A-Za-z]+(?:\.[A-Za-z]+)*)$", text[max(0, position - 40) : position])
    return match.group(1) if match else ""


def _ends_sentence(text, stop, next_start):
    """Whether the punctuation ending at ``stop`` ends the sentence that starts the next word."""
    following = text[next_start : next_start + 40]  # never copy the rest of a long text
    if not following:
        return True
    first = following[0]
    next_word = re.match(r"[A-Za-z]+", following)
    next_word = next_word.group(0).lower() if next_word else ""
    starts_like_sentence = first.isupper() or first.isdigit() or first in OPENING_QUOTES + "\"'–—-("
    if not starts_like_sentence:
        return False
    if text[stop - 1] != ".":
        return True  # ! ? and …
    word = _word_before(text, stop - 1)
    lowered = word.lower()
    if lowered in TITLES:
        return False
    if lowered in MONTH_ABBREVIATIONS and first.isdigit():
        return False
    if lowered in ABBREVIATIONS and first.isupper() and next_word not in SENTENCE_STARTERS:
        return False
    is_initial = len(word) == 1 and word.isupper()
    is_acronym = "." in word and all(len(part) == 1 for part in word.split("."))
    if (is_initial or is_acronym) and next_word not in SENTENCE_STARTERS:
        return False
    # Glued sentences ("Kazakhstan.Tokayev"): only after a word of two or more letters,
    # so "U.S" or "A.Smith" do not split.
    glued = next_start == stop
    return not glued or (len(word) >= 2 and word[-1].islower() and "." not in word)


def _line_ends_sentence(text, line_end, next_start):
    """A line break ends a sentence unless the text was hard-wrapped mid-sentence."""
    previous = text[max(0, line_end - 40) : line_end].rstrip()
    if not previous or next_start >= len(text):
        return True
    return not (text[next_start].islower() or previous[-1] in ",;")


def split_sentences(text):
    """The sentences of ``text`` with their offsets, trimmed of surrounding white space."""
    cuts = set()
    for match in BOUNDARY.finditer(text):
        stop = match.end() - len(match.group("space") or "")
        punctuation_end = stop
        while punctuation_end > match.start() and text[punctuation_end - 1] in CLOSERS:
            punctuation_end -= 1
        if _ends_sentence(text, punctuation_end, match.end()):
            cuts.add(stop)
    for match in LINE_BREAK.finditer(text):
        if "\n" in match.group(0)[1:] or _line_ends_sentence(text, match.start(), match.end()):
            cuts.add(match.start())
    for match in STAGE_DIRECTION.finditer(text):
        cuts.update(match.span())
    sentences, start = [], 0
    for cut in [*sorted(cuts), len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            offset = start + len(piece) - len(piece.lstrip())
            sentences.append(Sentence(offset, offset + len(stripped), stripped))
        start = cut
    return sentences


# ---------------------------------------------------------------------------------------
# Check-worthiness

MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|quarter|twice|double|"
    r"triple|tripled|doubled|halved)"
)
REPORTING_VERBS = (
    r"(?:said|says|say|told|tells|stated|states|announced|announces|claimed|claims|"
    r"added|adds|noted|notes|reported|reports|confirmed|confirms|declared|declares|wrote|"
    r"writes|insisted|insists|argued|argues|warned|warns|explained|explains|asked)"
)
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|de|van|von|al-?))*"

SUPERLATIVES = (
    r"(?:largest|biggest|highest|lowest|smallest|fastest|slowest|longest|shortest|oldest|"
    r"youngest|greatest|richest|poorest|cheapest|strongest|weakest|"
    r"(?:most|least)\s+\w+)"
)

PATTERNS = {
    "date": re.compile(
        rf"\b{MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTHS}|\b(?:in|on|since|until|by|from|"
        rf"of|last|early|late)\s+{MONTHS}\b|\b(?:1[89]|20)\d\d\b|\b(?:Monday|Tuesday|"
        r"Wednesday|Thursday|Friday|Saturday|Sunday)\b|\blast (?:year|month|week)\b"
    ),
    "money": re.compile(
        r"[$€£¥₽]\s?\d|\b\d[\d,.]{0,20}\s?(?:dollars|euros|pounds|rubles|roubles|yuan|tenge)\b|"
        r"\b(?:USD|EUR|GBP)\s?\d"
    ),
    "percentage": re.compile(r"\d\s?%|\b(?:per ?cent|percent|percentage points?)\b"),
    "number": re.compile(rf"\b\d[\d,.]*\b|\b{NUMBER_WORDS}\b", re.IGNORECASE),
    "comparison": re.compile(
        r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger)\s+than\b|"
        r"\b(?:first|largest|biggest|highest|lowest|smallest|most|least|only|record|"
        r"longest|fastest|worst|best)\b|\bsince\b",
        re.IGNORECASE,
    ),
    # A comparison that ranks or excludes ("no other state", "faster than any", "the
    # first", "a record") is checkable even without a figure.
    "strong comparison": re.compile(
        r"\b(?:no other|none of the other|no one else|nobody else|than ever)\b|"
        r"\b(?:than|as)\s+(?:(?:in|at|for|of)\s+)?(?:any|every|all)\b|"
        r"\b(?!(?:rather|other|after|over|under|never|whether|either|neither)\b)"
        r"\w{2,}er\s+(?:\w+\s+){0,2}?than\b|"
        r"\b(?:more|less|fewer)\s+(?:\w+\s+){1,3}?than\b|"
        r"\b(?:twice|three times|four times|half)\s+as\b|\btimes\s+(?:more|less)\b|"
        r"\bthe\s+first\b|\b(?:a|new|all-time)\s+record\b|"
        r"\brecord[- ](?:highs?|lows?|levels?|numbers?)\b|"
        rf"\b(?:the|its|their|our|his|her)\s+(?:(?:second|third|single)\s+)?{SUPERLATIVES}\b",
        re.IGNORECASE,
    ),
    # Lower case only: "States" in "United States" is no reporting verb.
    "reported speech": re.compile(rf"\b{REPORTING_VERBS}\b|\b[Aa]ccording to\b"),
    "past event": re.compile(
        r"\b(?:was|were|had|has|have)\s+(?:(?:\w+ly|also|later|not|never|already|then|just)\s+)?"
        r"(?:been\s+)?(?:\w+ed|found|made|"
        r"taken|given|held|seen|known|shown|built|sold|paid|lost|won|left|told|done|grown|"
        r"fallen|risen|become|gone|brought|spent)\b"
    ),
    "official action": re.compile(
        r"\b(?:decided|approved|refused|rejected|signed|banned|blocked|limited|cut|raised|"
        r"removed|fired|dismissed|appointed|resigned|elected|voted|passed|launched|"
        r"cancell?ed|closed|opened|found|arrested|charged|sentenced|threatened|accused|"
        r"accusing|recognized|recognised|expressed|announced|scheduled|introduced|"
        r"increased|decreased|fell|rose|grew|dropped|declined|killed|injured|"
        r"hired|spent|spends|carried|inherited|includes|included|renamed?)\b",
        re.IGNORECASE,
    ),
    "opinion marker": re.compile(
        r"\b(?:I|we)\s+(?:think|believe|feel|hope|guess|suppose|would say)\b|\bin my "
        r"(?:opinion|view)\b|\b(?:of course|obviously|clearly|believes?|deserved?|deserves|"
        r"should|must|ought|seems?|seemed|looked like|looks like|perceived|unfortunately|"
        r"fortunately|necessarily)\b",
        re.IGNORECASE,
    ),
    # A hedge softens a factual claim without making it an opinion.
    "hedge": re.compile(
        r"\b(?:perhaps|maybe|probably|apparently|arguably|likely|unlikely|reportedly)\b",
        re.IGNORECASE,
    ),
    "prediction": re.compile(
        r"\b(?:will|could|can|might|may|going to|expected to)\b(?!\s+\d)", re.IGNORECASE
    ),
    # "would" is a prediction, except in reported speech ("he said he would not ...").
    "conditional": re.compile(r"\bwould\b", re.IGNORECASE),
    "first person": re.compile(r"\b(?:I|me|my|we|us|our)\b"),
    "second person": re.compile(r"\b(?:you|your)\b", re.IGNORECASE),
}

WEIGHTS = {
    "number": 0.35,
    "percentage": 0.1,
    "money": 0.1,
    "date": 0.2,
    "named entity": 0.1,  # per name, at most three
    "reported speech": 0.1,
    "quotation": 0.05,
    "comparison": 0.1,
    "strong comparison": 0.3,
    "official action": 0.2,
    "past event": 0.1,
    "opinion marker": -0.3,
    "hedge": -0.1,
    "prediction": -0.15,
    "conditional": -0.15,
    "question": -0.4,
    "first person": -0.1,
    "second person": -0.15,
    "heading": -0.4,
    "fragment": -0.4,
}
BASE_SCORE = 0.15

ENTITY = re.compile(r"(?<![\w'’])[A-Z][\w'’-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-Z][\w'’-]+)*")
NOT_NAMES = {"I", "I'm", "I’m", "A", "An", "The", "He", "She", "It", "We", "They", "This"}
REPORTING = re.compile(rf"\b{REPORTING_VERBS}\b")
NAME_AFTER = re.compile(rf"\s+(?P<name>{NAME})")
NAME_BEFORE = re.compile(rf"(?P<name>{NAME})\s*,?\s+$")
# "Dr. Amara Nwosu, an economist at the University of Eastfield, said …": the person, not
# the last name before the verb.
APPOSITION = re.compile(
    rf"^(?P<name>{NAME}),\s+(?:a|an|the|who|whose)\b[^.,]*(?:,[^.,]*)?,\s+{REPORTING_VERBS}\b"
)
SPEAKER_SOURCE = re.compile(rf"\b[Aa]ccording to\s+(?:the\s+)?(?P<name>{NAME})")
LEADING_TITLES = re.compile(
    r"^(?:(?:[A-Z][a-z]+an|President|Prime|Minister|Foreign|Deputy|Chairman|Chairwoman|"
    r"Mayor|Councillor|Councilman|Councilwoman|Senator|Governor|Secretary|General|Dr\.|"
    r"Prof\.|Professor|Mr\.|Mrs\.|Ms\.|Sen\.|Rep\.|Gov\.|Judge|Justice|Chief|Director|"
    r"Spokesman|Spokeswoman|Spokesperson|Ambassador|Representative|Commissioner)\s+)+"
)


@dataclass
class Candidate:
    text: str
    start: int
    end: int
    score: float
    features: list = field(default_factory=list)
    speaker_guess: str = ""

    def as_dict(self):
        return asdict(self)


def named_entities(sentence, known_names=frozenset()):
    """Capitalised sequences (people, places, bodies) not at the sentence's start.

    The first word counts too when the text names it elsewhere mid-sentence
    (``known_names``), since a capital at the start proves nothing.
    """
    body = sentence.lstrip(OPENING_QUOTES + "\"'–—- ")
    first_word = re.match(r"[\w'’-]+", body)
    skip = len(sentence) - len(body) + (first_word.end() if first_word else 0)
    names = [
        match.group(0)
        for match in ENTITY.finditer(sentence, skip)
        if match.group(0) not in NOT_NAMES
    ]
    if first_word and _bare(first_word.group(0)) in known_names:
        names.insert(0, first_word.group(0))
    return names


def _bare(word):
    return re.sub(r"['’]s$", "", word)


def _clean_name(name, titles=True):
    """The name without job titles ("Moldovan President Maia Sandu" is "Maia Sandu")."""
    name = name.strip(" ,.")
    if titles:
        name = LEADING_TITLES.sub("", name).strip()
    name = re.sub(r"\s+(?:magazine|newspaper|said|says)$", "", name)
    if not name or name in NOT_NAMES or not name[0].isupper():
        return ""
    return name


def guess_speaker(sentence, known_names=frozenset()):
    """The named person or body the sentence reports as speaking, or ''.

    A single capitalised word opening the sentence ("People told us …") is taken for a
    name only when the text names it elsewhere too (``known_names``).
    """
    opening = re.match(r"[\w'’-]+", sentence.lstrip(OPENING_QUOTES + "\"'"))
    opening = opening.group(0) if opening else ""

    def plausible(name):
        return name and (" " in name or name != opening or _bare(name) in known_names)

    apposition = APPOSITION.match(sentence)
    if apposition and plausible(_clean_name(apposition.group("name"))):
        return _clean_name(apposition.group("name"))
    for verb in REPORTING.finditer(sentence):
        # Names are looked for right next to the verb, in a short window, so a long
        # run of capitalised words costs linear time.
        after = NAME_AFTER.match(sentence[verb.end() : verb.end() + 120])
        before = NAME_BEFORE.search(sentence[max(0, verb.start() - 120) : verb.start()])
        for match in (after, before):
            name = _clean_name(match.group("name")) if match else ""
            if plausible(name):
                return name
    for match in SPEAKER_SOURCE.finditer(sentence):
        # A source ("Foreign Policy magazine") keeps its whole name.
        name = _clean_name(match.group("name"), titles=False)
        if plausible(name):
            return name
    return ""


def score_sentence(text, known_names=frozenset()):
    """(score in 0..1, features that fired) for one sentence."""
    fired = [name for name, pattern in PATTERNS.items() if pattern.search(text)]
    if "number" in fired:
        # Digits already counted as a date, a sum or a percentage are not counted twice.
        rest = text
        for kind in ("date", "money", "percentage"):
            rest = PATTERNS[kind].sub(" ", rest)
        if not PATTERNS["number"].search(rest):
            fired.remove("number")
    if "strong comparison" in fired and "comparison" in fired:
        fired.remove("comparison")  # one comparison, weighed once
    if "conditional" in fired and "reported speech" in fired:
        fired.remove("conditional")
    if {"date", "money", "number", "percentage"} & set(fired):
        # Hard data outweighs the speaker's voice: a dated plan or a figure quoted in
        # the first person can still be checked.
        fired = [name for name in fired if name not in ("prediction", "first person")]
    entities = named_entities(text, known_names)
    if entities:
        fired.append("named entity")
    if any(mark in text for mark in OPENING_QUOTES + CLOSING_QUOTES + '"'):
        fired.append("quotation")
    stripped = text.rstrip(CLOSERS + " ")
    if stripped.endswith("?"):
        fired.append("question")
    elif not stripped.endswith((".", "!", "…", ":")):
        fired.append("heading")
    if len(text.split()) < 4:
        fired.append("fragment")
    score = BASE_SCORE + sum(WEIGHTS[name] for name in fired)
    score += WEIGHTS["named entity"] * max(min(len(entities), 3) - 1, 0)  # up to three count
    return round(min(max(score, 0.0), 1.0), 2), fired


def candidates(text):
    """Every sentence of ``text`` as a scored Candidate, in text order."""
    sentences = split_sentences(text)
    known_names = {
        _bare(word)
        for sentence in sentences
        for name in named_entities(sentence.text)
        for word in name.split()
    }
    result, last_speaker = [], ""
    for sentence in sentences:
        score, features = score_sentence(sentence.text, known_names)
        speaker = guess_speaker(sentence.text, known_names)
        if (
            not speaker
            and "quotation" in features
            and re.search(rf"\b(?:he|she)\s+{REPORTING_VERBS}\b", sentence.text)
        ):
            speaker = last_speaker  # “…,” he said: the person last quoted
        result.append(
            Candidate(sentence.text, sentence.start, sentence.end, score, features, speaker)
        )
        last_speaker = speaker or last_speaker
    _attribute_quotations(result)
    return result


def _attribute_quotations(result):
    """A quotation running over several sentences is attributed where it closes."""
    pending = []
    for candidate in result:
        opens = sum(candidate.text.count(q) for q in OPENING_QUOTES)
        closes = sum(candidate.text.count(q) for q in CLOSING_QUOTES)
        if pending and closes > opens:
            for earlier in pending:
                earlier.speaker_guess = earlier.speaker_guess or candidate.speaker_guess
            pending = []
        elif opens > closes:
            pending = [candidate]
        elif pending and not closes:
            pending.append(candidate)
            if len(pending) > 4:  # an unclosed quotation mark: stop guessing
                pending = []


def extract(text, threshold=0.5):
    """The candidates worth checking (score at or above ``threshold``), in text order."""
    return [candidate for candidate in candidates(text) if candidate.score >= threshold]


def speaker_key(name):
    """What two spellings of one speaker share: "Mr. Smith", "John Smith" and "SMITH" give
    "smith"; "" for no speaker."""
    words = re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", name))
    return words[-1].lower() if words else ""


def evaluate(text, labelled_spans, threshold=0.5, speakers=None, opinion_spans=()):
    """Precision and recall of ``extract`` against hand-labelled claims.

    The matching rule: a labelled claim is found when one candidate sentence covers at
    least half of its characters; a candidate is right when at least half of its own
    characters, or half of a labelled claim's, overlap that claim. An opinion sentence is
    proposed when a candidate covers half of it. ``speakers`` (one per labelled claim, None
    where the text does not say) scores each right candidate's speaker guess against the
    claim it overlaps most; "" stands for the text's own voice.
    """
    found = extract(text, threshold)

    def overlap(a, b):
        return max(0, min(a[1], b[1]) - max(a[0], b[0]))

    def covered(span):
        return any(overlap(span, (c.start, c.end)) * 2 >= span[1] - span[0] for c in found)

    def claim_of(candidate):
        span = (candidate.start, candidate.end)
        matches = [
            (overlap(s, span), index)
            for index, s in enumerate(labelled_spans)
            if overlap(s, span) * 2 >= min(s[1] - s[0], span[1] - span[0])
        ]
        return max(matches)[1] if matches else None

    claims = {id(c): claim_of(c) for c in found}
    right = [c for c in found if claims[id(c)] is not None]
    hits = [s for s in labelled_spans if covered(s)]
    opinions = [s for s in opinion_spans if covered(s)]
    speakers = speakers or [None] * len(labelled_spans)
    with_speaker = [c for c in right if speakers[claims[id(c)]] is not None]
    right_speaker = [
        c
        for c in with_speaker
        if speaker_key(c.speaker_guess) == speaker_key(speakers[claims[id(c)]])
    ]
    return {
        "candidates": len(found),
        "labelled": len(labelled_spans),
        "found": len(hits),
        "correct": len(right),
        "precision": len(right) / len(found) if found else 0.0,
        "recall": len(hits) / len(labelled_spans) if labelled_spans else 0.0,
        "opinions": len(opinion_spans),
        "opinions_proposed": len(opinions),
        "with_speaker": len(with_speaker),
        "right_speaker": len(right_speaker),
        "missed": [s for s in labelled_spans if s not in hits],
        "wrong": [c for c in found if c not in right],
        "proposed_opinions": opinions,
        "wrong_speaker": [
            (c, speakers[claims[id(c)]]) for c in with_speaker if c not in right_speaker
        ],
    }
