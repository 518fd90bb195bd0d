"""Find the sentences of an article worth fact-checking.

``split_sentences`` cuts newsroom text into sentences that keep their character offsets,
and ``score_sentence`` weighs transparent features (numbers, dates, names, reported
speech, comparisons; opinion and prediction markers count against) into a
check-worthiness score in 0..1: for English by a small logistic regression fitted to the
tuning texts (``extraction_weights.json``, written by ``train_extraction``), for Russian
by hand-set weights. Every candidate says which features fired, so an editor can see why
a sentence was proposed.

English and Russian have rules of their own (``RULES``): the same features, found by each
language's words. The splitter serves both.
"""

import json
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

from .logistic import Model

# Words that end with a full stop without ending the sentence.
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "supt", "insp", "mt", "ft",
}  # fmt: skip
ABBREVIATIONS = TITLES | {
    "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "approx", "no", "nos", "vol", "fig",
    "dept", "univ", "assn", "bros", "est", "al", "cf", "ca", "op", "pp",
}  # fmt: skip
# Russian abbreviations that never end a sentence ("им. Ленина", "ул. Абая", "т.е. ..."),
# and those that end one when a capital follows ("и т.д. Затем"); "г." and "гг." end a
# sentence only after a year ("в 2022 г. Затем"), never before a name ("г. Алматы").
RUSSIAN_TITLES = {"им", "ул", "пр", "просп", "пер", "д", "т.е", "т.н", "т.к", "проф", "акад", "св"}
RUSSIAN_LIST_ENDINGS = {"т.д", "т.п", "др"}
RUSSIAN_YEARS = {"г", "гг"}
MONTH_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# After an initial or a dotted acronym ("J. Smith", "the U.S. Army") a capital rarely
# starts a new sentence; these words usually do.
SENTENCE_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "in", "on", "this",
    "that", "there", "his", "her", "its", "their", "our", "however", "yet", "so", "then",
    "в", "он", "она", "они", "это", "но", "по", "на", "как", "однако",
}  # fmt: skip

OPENING_QUOTES = "“‘«„"
# What a sentence may open with besides a capital or a digit.
SENTENCE_OPENERS = OPENING_QUOTES + "\"'–—-(["
CLOSING_QUOTES = "”’»"
CLOSERS = "\"'" + CLOSING_QUOTES + ")]"

# A candidate boundary: terminal punctuation, any closing quotes or brackets, then either
# whitespace or (glued sentences) directly a capital letter.
BOUNDARY = re.compile(
    r"(?:[.!?]+|…)[" + re.escape(CLOSERS) + r"]*(?:(?P<space>[ \t\u00a0]+)|(?=[A-ZА-ЯЁ]))"
)
LINE_BREAK = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)*")
# A text is hard-wrapped when at least this many of its lines, and most, stop mid-sentence.
WRAPPED_LINES = 4
# A transcript's stage direction ("[APPLAUSE]") stands apart from the words around it.
STAGE_DIRECTION = re.compile(r"\[[A-Z][A-Z ,'-]{1,40}\]")
# Words in square brackets on one line are never cut, full stops and all: a citation
# ("[Hansard, 6 October 2008; Vol. 480, c. 23.]") or a note ("[Interruption.]").
BRACKETS = re.compile(r"\[[^\[\]\n]{1,120}\]")
# Parliament's citation of its own record ("[Hansard, 6 October 2008; Vol. 480, c. 23.]"):
# where the words were said, not what they claim, so its figures are not read.
RECORD_CITATION = re.compile(r"\[\s*(?:Hansard|Official Report)\b[^\[\]\n]{0,120}\]")
# A transcript's turn: a speaker in capitals and a colon at the start of a line
# ("THE PRESIDENT:", "MR. JONES:", "QUESTION:"), a reporter's bare "Q", or the Kremlin's
# initials and surname ("В.Путин:", "К.-Ж.Токаев:") and "Вопрос:".
TURN = re.compile(
    r"^[ \t]*(?:(?P<speaker>(?:(?:MR|MRS|MS|DR)\.?[ \t]+)?[A-Z][A-Z'’.-]*"
    r"(?:[ \t]+[A-Z][A-Z'’.-]*){0,3}|(?:[А-ЯЁ]\.-?){1,3}[ \t]?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?):"
    r"|(?P<question>Q|Вопрос)(?=:|[ \t]{2}):?)",
    re.MULTILINE,
)
REPORTER = "A reporter"
# Parliament's record names a member by honorific and name ("Mr. Foster", "Mrs. Margaret
# Beckett"), or an office with its holder in brackets.
MEMBER = (
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness)\.?"
    r"(?:[ \t]+(?:Mc|Mac|O['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)+"
)
MEMBER_OR_OFFICE = (
    rf"(?:(?:\d+\.[ \t]+)?(?P<member>{MEMBER})(?:[ \t]*\([^\n()]{{2,80}}\))?"
    rf"|The[ \t][^\n()]{{3,150}}?\((?P<holder>{MEMBER})\))"
)
# The historic Hansard runs each speaker's name into the words after a section mark:
# "§ 35. Mr. Michael Foster (Hastings and Rye)How many ...", "§ Mr. FosterI thank ...",
# "§ Mr. Ralph Howellasked the Secretary of State ..."; elsewhere the name stands on a line
# of its own ("9. Mr. Wareing", "The Secretary of State for Employment (Mrs. Gillian
# Shephard)").
PARLIAMENT_TURNS = (
    re.compile(rf"^§[ \t]+{MEMBER_OR_OFFICE}[ \t]*(?=[A-Z\d\"“‘']|asked\b)", re.MULTILINE),
    re.compile(rf"^[ \t]*{MEMBER_OR_OFFICE}[ \t]*:?[ \t]*$", re.MULTILINE),
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _word_before(text, position):
    match = re.search(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$", text[max(0, position - 40) : position])
    return match.group(1) if match else ""


def _ends_sentence(text, stop, next_start):
    """Whether the punctuation ending at ``stop`` ends the sentence that starts the next word."""
    following = text[next_start : next_start + 40]  # never copy the rest of a long text
    if not following:
        return True
    first = following[0]
    next_word = re.match(r"[^\W\d_]+", following)
    next_word = next_word.group(0).lower() if next_word else ""
    starts_like_sentence = first.isupper() or first.isdigit() or first in SENTENCE_OPENERS
    if not starts_like_sentence:
        return False
    if text[stop - 1] != ".":
        return True  # ! ? and …
    word = _word_before(text, stop - 1)
    lowered = word.lower()
    if lowered in TITLES or lowered in RUSSIAN_TITLES:
        return False
    if lowered in RUSSIAN_YEARS:
        return bool(re.search(r"\d\s*$", text[max(0, stop - 6 - len(word)) : stop - 1 - len(word)]))
    if lowered in RUSSIAN_LIST_ENDINGS:
        return True
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


def _line_ends_sentence(text, line_end, next_start, wrapped=False):
    """A line break ends a sentence unless the text was hard-wrapped mid-sentence: the
    next line goes on in lower case, the line ends in a comma, or (in a ``wrapped`` text)
    the line does not end as a sentence or a list item does."""
    previous = text[max(0, line_end - 40) : line_end].rstrip()
    if not previous or next_start >= len(text):
        return True
    if text[next_start].islower() or previous[-1] in ",;":
        return False
    return not wrapped or _stops(previous) or _line_is_list_item(text, line_end)


def _stops(line):
    """Whether ``line`` ends with the punctuation that ends a sentence, or with a colon."""
    return line.rstrip(CLOSERS + " \t")[-1:] in (".", "!", "?", "…", ":")


def _line_is_list_item(text, line_end):
    line_start = text.rfind("\n", 0, line_end) + 1
    return bool(LIST_ITEM.match(text[line_start : line_start + 8]))


def _hard_wrapped(text, breaks):
    """Whether most of the lines of ``text`` that do not end as a sentence stop after a
    word in lower case or a comma, as in a broadcast's transcript written one phrase to a
    line ("The IMF blamed the slower growth in part on what it called / "continuing growth
    disappointments" / in developing countries,"): then a line that does not end as a
    sentence runs on into the next. A heading's lines ("Director, Press Office") end in a
    capitalised word; list items are left out."""
    open_lines = [
        match.start()
        for match in breaks
        if "\n" not in match.group(0)[1:]
        and match.start() > 0
        and not _stops(text[max(0, match.start() - 40) : match.start()])
        and not _line_is_list_item(text, match.start())
        and not _line_is_list_item(text, match.end())
    ]
    mid_sentence = [
        end for end in open_lines if text[end - 1] == "," or _word_before(text, end)[:1].islower()
    ]
    return len(mid_sentence) >= WRAPPED_LINES and 2 * len(mid_sentence) > len(open_lines)


def _inside(spans, starts, position):
    """Whether ``position`` falls strictly within one of ``spans`` (sorted, with their
    ``starts``)."""
    index = bisect_right(starts, position) - 1
    return index >= 0 and starts[index] < position < spans[index][1]


def _merged(spans):
    """``spans`` sorted, with those that overlap joined into one."""
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def split_sentences(text, turns=None):
    """The sentences of ``text`` with their offsets, trimmed of surrounding white space;
    ``turns`` are its ``transcript_turns``, when the caller has found them already."""
    cuts = set()
    for match in BOUNDARY.finditer(text):
        stop = match.end() - len(match.group("space") or "")
        punctuation_end = stop
        while punctuation_end > match.start() and text[punctuation_end - 1] in CLOSERS:
            punctuation_end -= 1
        if _ends_sentence(text, punctuation_end, match.end()):
            cuts.add(stop)
    breaks = list(LINE_BREAK.finditer(text))
    wrapped = _hard_wrapped(text, breaks)
    for match in breaks:
        if "\n" in match.group(0)[1:] or _line_ends_sentence(
            text, match.start(), match.end(), wrapped
        ):
            cuts.add(match.start())
    for match in STAGE_DIRECTION.finditer(text):
        cuts.update(match.span())
    if turns is None:
        turns = transcript_turns(text)
    labels = [(start, end) for start, end, _speaker in turns]
    label_starts = [start for start, _end in labels]
    # A label is cut out whole, though it has full stops ("§ 10. Mr. Skinner"); so are
    # words in brackets.
    whole = _merged([*labels, *(match.span() for match in BRACKETS.finditer(text))])
    whole_starts = [start for start, _end in whole]
    cuts = {cut for cut in cuts if not _inside(whole, whole_starts, cut)}
    turns = {end for _start, end in labels}
    cuts.update(label_starts, turns)
    sentences, start = [], 0
    for cut in [*sorted(cuts), len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped and cut not in turns:  # a turn's label is no sentence
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
    r"triple|tripled|doubled|halved|handful|(?<=a )(?:(?:small|large|growing|record)\s+)?number of)"
)
REPORTING_VERBS = (
    r"(?:said|says|say|saying|told|tells|stated|states|announced|announces|claimed|claims|"
    r"claim|added|adds|noted|notes|reported|reports|confirmed|confirms|declared|declares|"
    r"wrote|writes|insisted|insists|insisting|argued|argues|warned|warns|explained|"
    r"explains|asked|admitted|admits|admit|acknowledged|acknowledges|condemned|condemns|"
    r"praised|praises|denied|denies|estimated|estimates|spoke|speaks|pledged|pledges|"
    r"promised|promises|vowed|vows|urged|urges|points out|pointed out)"
)
# The person after these verbs is the one spoken to ("told Congress"), not the speaker.
LISTENER_VERBS = {"told", "tells", "asked", "spoke", "speaks", "urged", "urges"}
NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|de|van|von|al-?))*"

SUPERLATIVES = (
    r"(?:largest|biggest|highest|lowest|smallest|fastest|slowest|longest|shortest|oldest|"
    r"youngest|greatest|richest|poorest|cheapest|strongest|weakest|worst|best|"
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
        r"\b(?:was|were|had|has|have)\s+(?:(?:\w+ly|also|later|earlier|not|never|already|then|"
        r"just)\s+)?"
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
        r"hired|spent|spends|carried|inherited|includes|included|renamed?|rising|falling|"
        r"growing|shrinking|increasing|decreasing|declining|offered|provided|pledged|"
        r"promised|awarded|allocated|granted|donated|deployed|revoked|suspended|"
        r"imposed|lifted|issued|sanctioned|designated)\b",
        re.IGNORECASE,
    ),
    "opinion marker": re.compile(
        r"\b(?:of course|obviously|clearly|deserved?|deserves|should|must|ought|seems?|"
        r"seemed|looked like|looks like|perceived|unfortunately|fortunately|necessarily|"
        r"needs?\s+(?:to|urgent|more|greater|better)|(?:does|do|did)\s+not\s+need)\b|"
        # An obligation: "We've got to control costs", "goals that have to be met".
        r"\b(?:have|has|['’]ve)\s+got\s+to\b|\b(?:has|have)\s+to\s+be\b|"
        r"\b(?:we|I|you)\s+(?:\w+\s+)?have\s+to\b",
        re.IGNORECASE,
    ),
    # A belief, the speaker's own or reported ("said he believed"), is never a claim of fact.
    "belief": re.compile(
        r"\b(?:I|[Ww]e)\s+(?:\w+\s+)?(?:think|feel|hope|guess|suppose|expect|reckon|"
        r"would say)\b|\b[Ii]n (?:my|our) (?:opinion|view)\b|\b(?:believe|believes|"
        r"believed)\b|\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+(?:thought|thinks|felt|feels|hoped|hopes|"
        r"expected|expects)\b|"
        # A stance toward what happened: "accepts that", "suggests the council has",
        # "concerns that", "now see Russia not as an ally".
        r"\b(?:accepts?|accepted|suggests?|suggested|concerns?|concerned|fears?|feared|"
        r"doubts?|doubted)\s+(?:that|the|about)\b|\b(?:see|sees|saw)\s+(?:\w+\s+){1,3}?"
        r"(?:not\s+)?as\s+(?:a|an|the)\b"
    ),
    # Judgement words: what the speaker thinks of something, not what happened.
    "judgement": re.compile(
        r"\b(?:unacceptable|acceptable|disgraceful|shameful|outrageous|appalling|terrible|"
        r"horrific|horrible|brutal|unjustified|unjustifiable|fantastic|wonderful|excellent|"
        r"outstanding|remarkable|impressive|incredible|amazing|lucky|nice|proud|tragic|"
        r"savage|disastrous|shocking|ridiculous|absurd|scandalous|unfair|good|bad|great|"
        r"completely|absolutely|extraordinarily|extremely|truly|deeply|far too|harsh|huge|"
        r"hugely|greatly|strong|stronger|weak|crucial|vital|essential|important|excessive|"
        r"reckless|irresponsible|extraordinary|difficult|successful|unsuccessful|eminently|"
        r"superb|simply|testament|encouraging|timely|"
        r"matter of (?:\w+ )?concern|in danger)\b|"
        # Too much of anything is a judgement: "grown too fast", "costs too much".
        r"\btoo\s+[a-z]"
    ),
    "greeting": re.compile(
        r"^\W*(?:good (?:morning|afternoon|evening)|hello|hi|thank you|thanks|welcome|"
        r"congratulations|happy \w+|please)\b",
        re.IGNORECASE,
    ),
    # Condolences and tributes are courtesy, whatever they mention.
    "courtesy": re.compile(
        r"\b(?:condolences|sympathies|thoughts and prayers|pays? tribute|paying tribute)\b",
        re.IGNORECASE,
    ),
    # "The press release issued by the Scottish Government on 16 October 2022.": who
    # published the text and when, with no verb of its own.
    "credit line": re.compile(
        r"^(?:The|This)\s+(?:\w+\s+){0,2}?(?:release|statement|speech|article|story|notice)\s+"
        r"(?:issued|published|released|delivered|made|given|posted)\s+(?:by|on|at)\b"
        r"(?:\s+(?:[A-Z0-9][\w,.'’&()-]*|of|the|for|and|on|at|in))*\s*$|"
        # Parliament's record heads a sitting so: "Work and Pensions – in the House of
        # Commons at 2:30 pm on 11 July 2022."
        r"\s[–—-]\s+in the House of (?:Commons|Lords)\b|"
        # A broadcast's sign-on: "This is Steve Ember with the VOA Special English program IN
        # THE NEWS.", "I'm Gwen Outen with the … Economics Report."
        r"^(?:This is|I['’]m)\s[^.!?]{0,80}\b(?:[Rr]eport|English|[Pp]rogram(?:me)?|NEWS|"
        r"[Nn]ews)\.$"
    ),
    # A hedge softens a factual claim without making it an opinion.
    "hedge": re.compile(
        r"\b(?:perhaps|maybe|probably|apparently|arguably|likely|unlikely|reportedly)\b",
        re.IGNORECASE,
    ),
    "prediction": re.compile(r"\b(?:could|can|might|may|expected to)\b(?!\s+\d)", re.IGNORECASE),
    # What is expected, predicted or projected: a forecast, with figures or without
    # ("A surplus of 41 billion dollars is predicted in 2011.").
    "forecast": re.compile(
        r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:expected|predicted|projected|"
        r"forecast)\s+(?:to|in|for)\b|"
        # A plan or an intention: "The company also plans to cut pay".
        r"\b(?:plans|planning|intends?|intending)\s+to\b"
    ),
    # A plan or forecast stays one even with figures in it.
    "future": re.compile(r"\b(?:will|won['’]t|shall|going to)\b", re.IGNORECASE),
    # "would" is a prediction, except in reported speech ("he said he would not ...").
    "conditional": re.compile(r"\bwould\b", re.IGNORECASE),
    # Who a named person is ("Andrew Burns is lead author of the report."): checkable,
    # though nothing happened.
    "a person's role": re.compile(
        r"^(?:[A-Z][\w.'’-]*\s+){2,4}(?:is|was)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:of|at|with|for)\b"
    ),
    # A date fixed for what is to come ("is scheduled for June 20", "takes effect on
    # Sept. 1"): the announcement can be checked, unlike a forecast.
    "schedule": re.compile(
        r"\b(?:is|are|was|were)\s+(?:scheduled|set|due|planned)\s+(?:to|for)\b|"
        r"\btakes?\s+effect\b"
    ),
    # What someone says is so now, or would be ("Mr. Bush said he agrees with …", "He
    # added that securities markets are still operating poorly"): a view reported, not an
    # event; a reported event keeps its past tense ("said sales rose").
    "reported view": re.compile(
        r"\b(?:said|says|say|added|adds|noted|notes|argued|argues|warned|warns|believes|"
        r"believe|thinks|think)\s+(?:that\s+)?(?:[\w'’-]+,?\s+){1,8}?(?:is|are|am|isn['’]t|"
        r"aren['’]t|remains?|agrees?|needs?|would|could|will|may|might|must|should)\b"
    ),
    # What the speakers did themselves ("We talked about …", "In our meeting, I asked …"):
    # a deed in the first person is checkable, unlike a first-person view or wish.
    "own deed": re.compile(
        r"\b(?:I|[Ww]e)\s+(?:(?:\w+ly|also|then|just|first)\s+)?(?:(?!need|wanted)\w+ed|met|"
        r"spoke|made|took|gave|told|said|sent|set|went|saw|found|heard|brought|held|wrote|"
        r"put|signed|paid|spent|built|won|lost|cut|raised)\b"
    ),
    # A change stated as it stands ("Food prices are up."): what happened, in the present.
    "change": re.compile(r"\b(?:is|are)\s+(?:also\s+|now\s+|still\s+)?(?:up|down)\b(?!\s+\w)"),
    # What a thing does, in the present ("It lowers energy costs.", "China links the value of
    # its currency to the dollar"): a claim about its effect, checkable like an event.
    "effect": re.compile(
        r"\b(?:[Ii]t|[Tt]his|[Tt]hat|plan|bill|law|[A-Z][a-z]+)\s+(?:\w+ly\s+)?(?:cuts|lowers|"
        r"raises|reduces|increases|boosts|keeps\s+(?:down|up)|links|owns|controls)\b"
    ),
    # A motion put to the House ("That this House regrets ...") asks; it states nothing.
    "motion": re.compile(r"^That this House\b"),
    # "We" and "Our" open sentences; "US" is a country, so no IGNORECASE; "I.M.F." is no I.
    "first person": re.compile(r"\b(?:I(?!\.\w)|[Mm]e|[Mm]y|[Ww]e|us|[Oo]ur)\b"),
    "second person": re.compile(r"\b(?:you|your)\b", re.IGNORECASE),
}

# Hand-set weights: the score of a Russian sentence. English sentences are scored by the
# learned model, which reads the same features (``MODEL_INPUTS``).
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
    "belief": -1.0,
    "judgement": -0.4,
    "greeting": -0.5,
    "courtesy": -0.5,
    "credit line": -1.0,
    "quoted remark": -0.3,
    "plain statement": 0.25,
    "introduction": -1.0,
    "hedge": -0.1,
    "prediction": -0.15,
    "future": -0.45,
    "conditional": -0.15,
    "question": -0.4,
    "first person": -0.1,
    "second person": -0.15,
    "heading": -1.0,
    "fragment": -0.4,
    "list item": 0.0,
    "a person's role": 0.1,
    "schedule": 0.1,
    "reported view": -0.2,
    "motion": -1.0,
    "person's view": -0.3,
    "own deed": 0.1,
    "forecast": -0.45,
    "change": 0.1,
    "effect": 0.1,
    "present fact": 0.0,
}
BASE_SCORE = 0.15

ENTITY = re.compile(
    r"(?<![\w'’])[A-ZА-ЯЁ][\w'’-]+(?:\s+(?:(?:of|the|for|and)\s+)?[A-ZА-ЯЁ][\w'’-]+)*"
)
NOT_NAMES = {"I", "I'm", "I’m", "A", "An", "The", "He", "She", "It", "We", "They", "This"}
REPORTING = re.compile(rf"\b{REPORTING_VERBS}\b")
NAME_AFTER = re.compile(rf"\s+(?P<name>{NAME})")
# "Speaker Pelosi just recently said", "Malcolm Offord has praised": a few adverbs or an
# auxiliary may stand between the name and the verb.
NAME_BEFORE = re.compile(
    rf"(?P<name>{NAME})\s*,?(?:\s+(?:\w+ly|just|also|again|later|then|has|have|had))*\s+$"
)
# "the Bureau of Economic Analysis at the Commerce Department says": the first body speaks.
BODY_AT = re.compile(rf"(?P<name>{NAME})\s+(?:at|in)\s+the\s+$")
# "Dr. Amara Nwosu, an economist at the University of Eastfield, said …" or "Councillor
# Mark Norris, Rhondda Cynon Taf Council, said:": the person, not the last name before
# the verb.
APPOSITION = re.compile(
    rf"^(?P<name>{NAME}),\s+[^.,]{{1,80}}(?:,[^.,]{{1,80}})?,\s+{REPORTING_VERBS}\b"
)
NOT_SPEAKERS = re.compile(
    rf"^(?:{MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
# A body's name may join words with "and" ("the Center for Strategic and International
# Studies").
BODY_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|and))*"
SPEAKER_SOURCE = re.compile(
    r"\b[Aa]ccording to\s+(?:(?:a|an|the)\s+)?(?:(?:recent|new|latest)\s+)?"
    r"(?:(?:report|study|survey|analysis|statement)\s+(?:by|from)\s+(?:the\s+)?)?"
    rf"(?P<name>{BODY_NAME}(?<!\sand))"
)
# "A Labor Department report shows …": the body whose report it is.
BODY_REPORT = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Ii]ts)\s+(?:(?:new|latest|recent|monthly|annual)\s+)?"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the|for|and)){0,6}(?<!\sand))\s+"
    r"(?:report|study|survey|analysis|statement)\s+"
    r"(?:shows|showed|says|said|found|finds|reported|reports)\b"
)
# "The department says": a body named earlier by its kind alone.
DESCRIBED_BODY = re.compile(
    r"^[Tt]he\s+(?P<kind>department|ministry|agency|bank|council|committee|commission|"
    rf"company|organi[sz]ation|office|board|fund|government)\s+(?:\w+ly\s+)?{REPORTING_VERBS}\b"
)
# A person's view ("He says slowing economies have also reduced the demand", "Some experts
# think a recession is unavoidable"): a person, not a body, says or believes it now. Bodies
# report figures ("The Labor Department says"); a person's word without one is a view.
BODIES = (
    r"(?:Department|Bureau|Bank|Fund|Office|Agency|Association|Commission|Council|Ministry|"
    r"Government|Organi[sz]ations?|Committee|Board|Reserve|Service|Administration|Authority|"
    r"Institute|Group|Union|Report|Survey|Centre|Center|Court|Party|Treasury|Congress|"
    r"Parliament|Senate|House)"
)
PERSON_VIEW = re.compile(
    rf"\b(?:[Hh]e|[Ss]he|[Tt]hey|(?:[A-Z][a-z]+\s+){{1,3}}(?!{BODIES}\b)[A-Z][a-z]+|professor|"
    r"economists?|experts?|analysts?|countries|critics|officials?|leaders?)\s+"
    r"(?:also\s+|now\s+|still\s+)?(?:says|say|believes?|thinks?|argues?|warns?|insists?)\b"
)
# A speech's heading names its speaker: "Testimony of Danforth Austin, Director, ...",
# "Remarks by Secretary Blinken at ...".
SPEECH_HEADING = re.compile(
    rf"^(?:Testimony|Remarks|Statement|Speech|Address|Prepared Remarks)\s+(?:of|by)\s+"
    rf"(?:the\s+)?(?P<name>{NAME})|"
    # An archive's heading: "Shabana Mahmood – 2025 Speech on the Probation Service".
    r"^(?P<speaker>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s+[–—-]\s+(?:\d{4}\s+)?"
    r"(?:Speech|Remarks|Statement|Address|Testimony)\b"
)
LEADING_TITLES = re.compile(
    r"^(?:(?:[A-Z][a-z]+an|President|Prime|Minister|Foreign|Deputy|Chairman|Chairwoman|"
    r"Mayor|Councillor|Councilman|Councilwoman|Senator|Governor|Secretary|General|Dr\.|"
    r"Prof\.|Professor|Mr\.|Mrs\.|Ms\.|Sen\.|Rep\.|Gov\.|Judge|Justice|Chief|Director|"
    r"Spokesman|Spokeswoman|Spokesperson|Ambassador|Representative|Commissioner|Chair|"
    r"Speaker|Lord|Lady|Sir|Dame|Baroness)\s+)+"
)
# A title inside a longer name ("Exports Minister Malcolm Offord"): the person follows it.
INNER_TITLE = re.compile(
    r"^.*\b(?:President|Minister|Secretary|Chair|Chairman|Chairwoman|Director|Speaker|"
    r"Spokesperson|Lord|Lady|Sir|Councillor|Senator|Governor|Mayor|Deputy)\s+(?=[A-Z])"
)
# Words that stand before a surname without being a first name.
HONORIFICS = {
    "Mr", "Mrs", "Ms", "Dr", "Mister", "The", "Lord", "Lady", "Sir", "Dame", "Director",
    "Speaker", "Senator", "Secretary", "Minister", "President", "Chair", "Councillor",
    "Governor", "Mayor", "Deputy", "Professor", "Prof", "Judge", "Ambassador", "General",
}  # fmt: skip


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


OWN_SIDE = re.compile(r"I['’]|(?:Our|My|Their|His|Her|Its)\s")


def _clean_name(name, titles=True):
    """The name without job titles ("Moldovan President Maia Sandu" is "Maia Sandu")."""
    name = name.strip(" ,.")
    if titles:
        name = LEADING_TITLES.sub("", INNER_TITLE.sub("", name)).strip()
        name = re.sub(r"^The\s+", "", name)  # "The Labor Department says" at a sentence's start
    name = re.sub(r"\s+(?:magazine|newspaper|said|says)$", "", name)
    if not name or name in NOT_NAMES or not name[0].isupper() or OWN_SIDE.match(name):
        return ""  # "I’ll say" names nobody; "Our Travel Warning warns" is the speaker's own
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
        # The speaker follows the verb only in the inverted order of a quotation or an
        # aside ("…,” said Yellen"; "Probably not, says Dr. Beeston"): "warns U.S.
        # citizens" names the listener.
        after = None
        if verb.group(0) not in LISTENER_VERBS and _inverted(sentence, verb.start()):
            after = NAME_AFTER.match(sentence[verb.end() : verb.end() + 120])
        window = sentence[max(0, verb.start() - 120) : verb.start()]
        before = NAME_BEFORE.search(window)
        if before:
            before = BODY_AT.search(window[: before.start()]) or before
        for match in (after, before):
            name = _clean_name(match.group("name")) if match else ""
            if plausible(name) and not _is_thing(name, sentence, match):
                return name
    for match in chain(SPEAKER_SOURCE.finditer(sentence), BODY_REPORT.finditer(sentence)):
        # A source ("Foreign Policy magazine") keeps its whole name.
        name = _clean_name(match.group("name"), titles=False)
        if plausible(name):
            return name
    return ""


def _inverted(sentence, verb_start):
    """Whether the verb at ``verb_start`` opens the sentence or follows a comma, a dash or
    a closing quotation mark."""
    before = sentence[max(0, verb_start - 20) : verb_start].rstrip()
    return (not before and verb_start <= 20) or before.endswith((",", '"', "”", "’", "—", "–"))


def _is_thing(name, sentence, match):
    """A date or a possessive ("April's employment numbers") is not who spoke."""
    following = sentence[sentence.find(match.group("name")) + len(match.group("name")) :]
    possessive = re.compile(r"['’]s\b")
    return bool(NOT_SPEAKERS.match(name) or possessive.search(name) or possessive.match(following))


# A list item: a bullet or a number, and no full stop needed.
LIST_ITEM = re.compile(r"^(?:[•·▪◦‣*–—-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
# A participle after these words describes a noun ("the protracted war", "more developed
# economies", "deeply worried"): no verb, so no past tense.
ADJECTIVE_BEFORE = (
    "".join(
        rf"(?<!\b{word} )"
        for word in ("is", "are", "be", "a", "an", "the", "of", "very", "more", "most", "less")
    )
    + "(?<!ly )"
)
# What happened: a past or perfect tense (not a present passive, "is forced", nor a
# participle used as an adjective), or today's news.
PAST = re.compile(
    rf"\b(?:was|were|had|did|{ADJECTIVE_BEFORE}[a-z]{{3,}}ed|began|rose|fell|grew|"
    r"went|made|took|gave|said|spent|won|lost|came|became|left|held|told|paid|built|sold|spoke|ran|got|saw|brought|"
    r"kept|led|met|used to|found|sent|chose|bought|sought|wrote|broke|stood|struck|fought|"
    r"[Tt]oday|[Yy]esterday)\b|\b(?:has|have)\s+(?:\w+\s+)?(?:been|[a-z]{3,}ed|"
    r"\w+en)\b"
)
# What a sum goes to, after the future tense: "will receive £500,000", "will go to".
ALLOCATION = re.compile(
    r"\s+(?:\w+\s+)?(?:receive|get|go\s+to|be\s+(?:given|awarded|allocated|spent))\b"
)
# "Indeed, it is.": an answer that leans on the question.
ELLIPTICAL = re.compile(r"\b(?:is|are|was|were|do|does|did|have|has|had|am|can|will)\W*$")
# What is within quotation marks.
QUOTED = re.compile(r"[“\"‘«]([^”\"’»]{3,})(?:[”\"’»]|$)|^([^“”\"«»]{3,})[”\"»]")
EVIDENCE = ("date", "money", "number", "percentage", "strong comparison")
# Features of the speaker's own voice, not of the words the speaker quotes.
OWN_VOICE = {"first person", "second person", "judgement"}
# Features that make a sentence more than a plain statement of fact.
NOT_PLAIN = {
    "opinion marker", "belief", "judgement", "greeting", "courtesy", "credit line", "hedge",
    "prediction", "future", "forecast",
    "conditional", "question", "motion", "first person", "second person", "heading", "fragment",
    "quoted remark", "introduction", "reported view", "person's view",
}  # fmt: skip


def _unquoted(text):
    """``text`` without its quoted words, or all of it when it is all quoted."""
    unquoted = QUOTED.sub(" ", text)
    return unquoted if re.search(r"\w", unquoted) else text


def _quoted_remark(text, fired, patterns):
    """A quotation with its speaker named whose quoted words (four or more: a scare-quoted
    term does not count) state no figure or ranking and are most of the sentence: ("Our
    country is in danger," she declared) a remark, not a claim to check. A sentence that
    reports an event and quotes a phrase of it ("summoned them to, quote, 'explain the
    consequences'") is no remark."""
    if "reported speech" not in fired:
        return False
    quoted = " ".join(a or b for a, b in QUOTED.findall(text)).split()
    return (
        len(quoted) >= 4
        and 2 * len(quoted) >= len(text.split())
        and not any(patterns[kind].search(" ".join(quoted)) for kind in EVIDENCE)
    )


def _sum_committed(text, future, patterns):
    """Whether a sum is committed, not forecast: named before the future tense ("£8 million
    of new investment will help") or received after it ("will receive £500,000"); "We
    shall need at least £12 billion" is a forecast."""
    return bool(
        patterns["money"].search(text, 0, future.start())
        or (ALLOCATION.match(text, future.end()) and patterns["money"].search(text, future.end()))
    )


def _event_before(text, position, rules):
    """Whether a past tense other than a verb of saying comes before ``position``: "it
    employed 1,850, and 120 will stay" reports an event; "she said it could hurt" only a
    forecast."""
    saying = rules.patterns["reported speech"]
    return any(not saying.fullmatch(past.group(0)) for past in rules.past.finditer(text[:position]))


def score_sentence(text, known_names=frozenset(), language="en"):
    """(score in 0..1, features that fired) for one sentence in ``language``.

    English is scored by the learned model, which gives 0.5 where its probability reaches
    the threshold chosen for it; Russian by the rules' weights.
    """
    fired, entities = sentence_features(text, known_names, language)
    if rules_for(language) is not RULES["en"]:
        score = rule_score(fired, entities)
    else:
        model, threshold = learned_model()
        score = round(model.probability(model_inputs(text, fired, entities), threshold), 2)
    return capped(score, fired), fired


def capped(score, fired):
    """``score`` held at ``QUESTION_CEILING`` for a question or a motion: it asks, whatever
    figures it quotes, so it is never proposed at the default threshold (none in the
    tuning texts is a claim)."""
    if "question" in fired or "motion" in fired:
        return min(score, QUESTION_CEILING)
    return score


@cache
def learned_model():
    """(Model, threshold): the logistic regression ``train_extraction`` fitted to the
    English tuning texts, and the threshold cross-validation chose for it."""
    saved = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Model(saved["weights"], saved["bias"]), saved["threshold"]


def rule_score(fired, entities):
    """The hand-set weights of the features that fired, plus the base, within 0..1."""
    score = BASE_SCORE + sum(WEIGHTS[name] for name in fired)
    score += WEIGHTS["named entity"] * max(min(len(entities), 3) - 1, 0)  # up to three count
    return round(min(max(score, 0.0), 1.0), 2)


QUESTION_CEILING = 0.3
# A member's written question in Parliament's form, which ends with a full stop.
PARLIAMENTARY_QUESTION = re.compile(
    r"^(?:To ask|asked)\s+(?:the|Her|His)\b|"
    # An oral question as the order paper prints it: "What assessment she has made of …".
    r"^What\s+(?:\w+\s+){0,2}?(?:assessment|steps|plans|discussions|estimate|progress|"
    r"representations)\s+(?:he|she|they|the\s+\w+)\s+(?:has|have)\b"
)
WEIGHTS_FILE = Path(__file__).with_name("extraction_weights.json")
# What the learned scorer reads besides the rule features: length, digits, several
# names, the speaker's own person anywhere outside quotation marks, and tense.
PRESENT = re.compile(r"\b(?:is|are|am|does|do|has|have)\b")
MODEL_INPUTS = (
    *WEIGHTS,
    "under 8 words", "16 to 30 words", "over 30 words", "digits", "several names",
    "speaker's own person", "past tense", "present tense",
)  # fmt: skip


def model_inputs(text, fired, entities):
    """The learned scorer's inputs that are on for an English sentence, given the
    features that fired and its named entities."""
    inputs = set(fired)
    words = len(text.split())
    if words < 8:
        inputs.add("under 8 words")
    elif words > 30:
        inputs.add("over 30 words")
    elif words > 15:
        inputs.add("16 to 30 words")
    if re.search(r"\d", text):
        inputs.add("digits")
    if len(entities) >= 2:
        inputs.add("several names")
    unquoted = _unquoted(text)
    if PATTERNS["first person"].search(unquoted) or PATTERNS["second person"].search(unquoted):
        inputs.add("speaker's own person")
    if PAST.search(text):
        inputs.add("past tense")
    if PRESENT.search(text):
        inputs.add("present tense")
    return inputs


def sentence_features(text, known_names=frozenset(), language="en"):
    """(features that fired, named entities) of one sentence in ``language``."""
    rules = rules_for(language)
    text = RECORD_CITATION.sub(" ", text)
    patterns = rules.patterns
    # Quoted words are someone else's: the person, tone and judgement of the sentence are
    # read outside them ("‘The news may be good,’ it proclaimed in 1942" judges nothing),
    # unless the whole sentence is the quoted speaker's own words.
    unquoted = _unquoted(text)
    fired = [
        name
        for name, pattern in patterns.items()
        if pattern.search(unquoted if name in OWN_VOICE else text)
    ]
    if "number" in fired:
        # Digits already counted as a date, a sum or a percentage are not counted twice.
        rest = text
        for kind in ("date", "money", "percentage"):
            rest = patterns[kind].sub(" ", rest)
        if not patterns["number"].search(rest):
            fired.remove("number")
    if "strong comparison" in fired and "comparison" in fired:
        fired.remove("comparison")  # one comparison, weighed once
    if "conditional" in fired and "reported speech" in fired:
        fired.remove("conditional")
    if {"date", "money", "number", "percentage"} & set(fired):
        # Hard data outweighs the speaker's voice: a figure quoted in the first person
        # can still be checked.
        fired = [name for name in fired if name not in ("prediction", "first person")]
    future = "future" in fired and patterns["future"].search(text)
    if future and (
        _sum_committed(text, future, patterns) or _event_before(text, future.start(), rules)
    ):
        # "It employed 1,850, and 120 will stay": the past is checkable; so is a sum
        # committed ("£8 million of new investment will help ...").
        fired.remove("future")
    if "prediction" in fired and _event_before(
        text, patterns["prediction"].search(text).start(), rules
    ):
        # "He offered any assistance Italy may require": what was done is checkable.
        fired.remove("prediction")
    view = rules.person_view and rules.person_view.search(text)
    if view and not any(patterns[kind].search(text, view.end()) for kind in EVIDENCE):
        fired.append("person's view")
    entities = named_entities(text, known_names)
    if entities:
        fired.append("named entity")
    if any(mark in text for mark in OPENING_QUOTES + CLOSING_QUOTES + '"'):
        fired.append("quotation")
        if _quoted_remark(text, fired, patterns):
            fired.append("quoted remark")
    stripped = text.rstrip(CLOSERS + " ")
    # A line in lower case with no full stop is a list item that lost its bullet
    # ("number of private sector businesses reaches new record of 4.9 million").
    list_item = LIST_ITEM.match(text) or (
        text[:1].islower() and not stripped.endswith((".", "!", "?", "…", ":"))
    )
    if list_item:
        fired.append("list item")
    if stripped.endswith("?") or PARLIAMENTARY_QUESTION.match(text):
        fired.append("question")
    elif stripped.endswith(":"):
        fired.append("introduction")  # "The minister said:", the words follow
    elif not list_item and not stripped.endswith((".", "!", "…", ":")):
        fired.append("heading")
    if len(text.split()) < 3 or (rules.elliptical and rules.elliptical.search(stripped)):
        fired.append("fragment")
    # A statement of what happened, in the third person, with nothing of opinion,
    # forecast or rhetoric about it, is a claim of fact however short ("Prices were
    # rising."); a present-tense generalisation ("Neighbours are becoming players") is not.
    # A deed of the speaker's own is no less plain for being in the first person.
    deed_of_own = {"first person"} if "own deed" in fired else set()
    if not (NOT_PLAIN - deed_of_own) & set(fired):
        if rules.past.search(text) or {"change", "effect"} & set(fired):
            fired.append("plain statement")
        elif {"number", "money", "percentage", "strong comparison"} & set(fired):
            # "Wal-Mart is the biggest seller in the world.": a figure or a ranking, in the
            # present, with nothing of opinion or forecast about it.
            fired.append("present fact")
    return fired, entities


# ---------------------------------------------------------------------------------------
# Russian: the same features, found by Russian words. Word endings change with case,
# number and gender, so most words are stems ("рубл\w*" is рубль, рубля, рублей, ...).

RU_MONTHS = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[аеу]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|"
    r"август[аеу]?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
RU_NUMBER_WORDS = (
    r"(?:дв[аеу]х?|две|тр[ие]х?|трём|четыр(?:е|ех|ёх)|пять|пяти|шесть|семь|восемь|девять|"
    r"десять|десяти|двадцать|тридцать|сорок|пятьдесят|сто|сотн\w+|тысяч\w*|тыс|млн|млрд|"
    r"трлн|миллион\w*|миллиард\w*|триллион\w*|десятк\w+|дюжин\w*|половин\w+|треть|"
    r"четверть|вдвое|втрое|вчетверо|удвоил\w*|утроил\w*)"
)
RU_REPORTING_VERBS = (
    r"(?:заяв(?:ил[аио]?|ляет|ляют|ив)|сообщ(?:ил[аио]?|ает|ают|ив|ается)|"
    r"отмет(?:ил[аио]?|ив)|отмечает|подчеркн(?:ул[аио]?|ув)|подч[её]ркивает|"
    r"сказал[аио]?|говорит|говорят|добав(?:ил[аио]?|ив)|пояснил[аио]?|рассказал[аио]?|"
    r"уточнил[аио]?|напомнил[аио]?|признал[аио]?|констатировал[аио]?|указал[аио]?|"
    r"написал[аио]?|пишет|объявил[аио]?|(?:про)?информировал[аио]?|передает|передаёт|"
    r"утвержда(?:ет|л[аио]?)|осудил[аио]?|раскритиковал[аио]?|опроверг(?:л[аио]?)?)"
)
RU_PATTERNS = {
    "date": re.compile(
        rf"\b\d{{1,2}}\s+{RU_MONTHS}\b|\b(?:в|с|до|к|по|на|из|за|от|начале|конце|"
        rf"середине)\s+{RU_MONTHS}\b|\b(?:1[89]|20)\d\d\b|\b(?:в|во)\s+(?:понедельник|"
        r"вторник|среду|четверг|пятницу|субботу|воскресенье)\b|\b(?:в )?прошлом (?:году|"
        r"месяце)\b|\bвчера\b|\bнакануне\b",
        re.IGNORECASE,
    ),
    "money": re.compile(
        r"[$€£¥₽]\s?\d|\b\d[\d\s,.]{0,20}(?:\s?(?:тыс\.|млн|млрд|трлн|тысяч\w*|миллион\w*|"
        r"миллиард\w*|триллион\w*))?\s?(?:руб\.|рубл\w*|доллар\w*|долл\.|евро|тенге|юан\w*|"
        r"гривен|гривн\w*)",
        re.IGNORECASE,
    ),
    "percentage": re.compile(r"\d\s?%|\bпроцент\w*|\bп\.\s?п\.", re.IGNORECASE),
    "number": re.compile(rf"\b\d[\d,.]*\b|\b{RU_NUMBER_WORDS}\b", re.IGNORECASE),
    "comparison": re.compile(
        r"\b(?:больше|меньше|выше|ниже|дороже|дешевле|быстрее|медленнее|чаще|реже|"
        r"впервые|рекорд\w*|крупнейш\w+|наибольш\w+|наименьш\w+|сам(?:ый|ая|ое|ые|ого|ой|"
        r"ых|ом)|единственн\w+|только)\b|\bс тех пор\b",
        re.IGNORECASE,
    ),
    "strong comparison": re.compile(
        r"\b(?:больше|меньше|выше|ниже|чаще|реже|дороже|дешевле|быстрее|медленнее)\s+"
        r"(?:[\w-]+\s+){0,3}?чем\b|\bв\s+(?:два|три|четыре|пять|\d+[\d,.]*)\s+раза?\b|"
        r"\b(?:вдвое|втрое|впервые|рекорд\w*|крупнейш\w+|наибольш\w+|наименьш\w+|"
        r"обогна\w+|превы(?:сил|шает|шают)\w*)\b|\bни (?:одн\w+|один) друг\w+",
        re.IGNORECASE,
    ),
    # Lower case mostly: a reporting verb does not open a Russian sentence, but "По
    # словам" and "Как сообщил" do.
    "reported speech": re.compile(
        rf"\b{RU_REPORTING_VERBS}\b|\b[Пп]о (?:(?:его|её|ее|их)\s+)?словам\b|"
        r"\b[Пп]о (?:данным|информации)\b|\b[Сс]огласно\b|\b[Кк]ак сообщ\w+"
    ),
    "past event": re.compile(
        r"\b(?:был[аио]?|были)\s+(?:\w+\s+)?[а-яё]+(?:ан|ян|ен|ён|т)[аоы]?\b|"
        r"\b[Сс]остоял(?:ся|ась|ось|ись)\b"
    ),
    "official action": re.compile(
        r"\b(?:реши|утверди|запрети|подписа|ввел|ввёл|ввели|заблокирова|сократи|увеличи|"
        r"снизи|повыси|вырос|выросл|упал|составил|составля|назначи|принял|приняли|принят|"
        r"отмени|выдели|поддержал|одобри|отклони|уволи|избра|арестова|задержа|открыл|"
        r"открыт|закрыл|закрыт|запусти|постро|возросл|объяви|потрати|зарегистрирова|"
        r"обогна|превыси|подорожа|подешеве|ограничи|потеря|получи)\w*",
        re.IGNORECASE,
    ),
    "opinion marker": re.compile(
        r"\b(?:конечно|очевидно|разумеется|безусловно|к сожалению|к счастью|должн\w*|"
        r"необходимо|нужно|надо|следует|обязан\w*|видимо|кажется|казалось)\b",
        re.IGNORECASE,
    ),
    "belief": re.compile(
        r"\b(?:я|мы)\s+(?:[\w-]+\s+)?(?:считаю|считаем|думаю|думаем|полагаю|полагаем|"
        r"уверен\w*|убежд[её]н\w*|надеюсь|надеемся|верю|верим)\b|\bпо (?:моему|нашему|его|"
        r"её|ее|их) мнению\b|\bпо мнению\b|\bна (?:мой|наш|его|её|ее|их) взгляд\b|"
        r"\b(?:считает|считают|считал[аи]?|полагает|полагают|уверен[аы]?|убежд[её]н[аы]?)\b",
        re.IGNORECASE,
    ),
    "judgement": re.compile(
        r"\b(?:недопустим|неприемлем|возмутительн|позорн|ужасн|чудовищн|прекрасн|"
        r"замечательн|отличн|великолепн|хорош|плох|отвратительн|трагичн|катастрофическ|"
        r"абсурдн|нелеп|несправедлив|огромн|колоссальн|абсолютно|совершенно|крайне|"
        r"чрезвычайно|исключительно|важн)\w*",
        re.IGNORECASE,
    ),
    "greeting": re.compile(
        r"^\W*(?:добрый (?:день|вечер)|доброе утро|здравствуйте|уважаем\w+|дорогие|спасибо|"
        r"благодарю|поздравляю|приветствую)\b",
        re.IGNORECASE,
    ),
    "hedge": re.compile(
        r"\b(?:возможно|вероятно|по-видимому|якобы|предположительно|судя по всему)\b",
        re.IGNORECASE,
    ),
    "prediction": re.compile(
        r"\b(?:может|могут|мог бы|могла бы|могли бы|сможет|смогут|ожидается)\b(?!\s+\d)",
        re.IGNORECASE,
    ),
    # A plan or forecast: a future tense, an intention, "in the coming days".
    "future": re.compile(
        r"\b(?:будет|будут|буду|будем|станет|станут|планиру\w+|намерен\w*|"
        r"собира(?:ется|ются|юсь|емся)|предстоит|в ближайш\w+)\b",
        re.IGNORECASE,
    ),
    "conditional": re.compile(r"\bбы\b", re.IGNORECASE),
    "first person": re.compile(
        r"\b(?:я|меня|мне|мной|мы|нас|нам|нами|мо[йяёеи]|моих|моей|моего|наш|наша|наше|"
        r"наши|наших|нашей|нашего)\b",
        re.IGNORECASE,
    ),
    "second person": re.compile(
        r"\b(?:вы|вас|вам|вами|ваш\w*|ты|тебя|тебе|твой|твоя)\b", re.IGNORECASE
    ),
}
# What happened: a past tense, in lower case or opening the sentence (Russian often puts
# the verb first, "Состоялся разговор"), so that names such as "Михаил" do not count; or
# today's news.
RU_PAST = re.compile(
    r"(?:\b|^[А-ЯЁ])[а-яё]{2,}(?:ал|ял|ил|ел|ёл|ул|ыл|ол)(?:[аои])?(?:сь|ся)?\b|"
    r"\b(?:прош[её]л|прошл[аои]|вырос(?:л[аои])?|упал[аои]?|сегодня|вчера)\b"
)
# A name: capitalised words, hyphenated ones included ("Касым-Жомарт Токаев").
RU_NAME = r"[А-ЯЁ][\w-]*(?:\s+[А-ЯЁ][\w-]*){0,3}"
# "…, — заявил министр энергетики Казахстана Болат Акчулаков": the verb, then a title in
# lower case, then the name.
RU_NAME_AFTER = re.compile(rf"^\s+(?:[а-яё-]+\s+){{0,5}}?(?P<name>{RU_NAME})")
# "Токаев заявил", "Глава МИД Сергей Лавров также отметил".
RU_NAME_BEFORE = re.compile(
    rf"(?P<name>{RU_NAME})\s*,?(?:\s+(?:также|ранее|уже|вновь|неоднократно|публично|"
    r"тогда|же))*\s+$"
)
# "По словам Токаева, …", "как сообщает ТАСС", "по данным Росстата".
RU_SOURCE = re.compile(
    rf"\b(?:[Пп]о словам|[Пп]о данным|[Пп]о информации|[Кк]ак (?:сообщ|заяв|отмет|рассказ|"
    rf"пояснил|подчеркн)\w*)\s+(?:[а-яё-]+\s+){{0,4}}?(?P<name>{RU_NAME})"
)
RU_GENITIVE_SOURCE = re.compile(r"^[Пп]о (?:словам|данным|информации)")
# A place or body in the genitive before a name ("президент Казахстана Касым-Жомарт
# Токаев", "глава МИД России Сергей Лавров") belongs to the title, not the name: an
# abbreviation, a "-стан" country, or any word ending as a genitive does when a first
# name and a surname follow.
RU_GENITIVE_PLACE = re.compile(r"(?:стана|^[А-ЯЁ]{2,})$")


# A title opening a name ("Пресс-секретарь Кремля Дмитрий Песков", "Министр Лавров").
RU_TITLE = re.compile(
    r"^(?:Президент|Премьер|Министр|Глава|Пресс-секретар|Председател|Губернатор|Мэр|Посол|"
    r"Спикер|Депутат|Директор|Руководител|Замминистр|Вице-|Помощник|Представител|"
    r"Сенатор|Генсек|Генеральн|Официальн|Лидер|Аким)\w*$"
)


def _russian_name(name):
    """The person in a run of capitalised words, or '' when only a title and a place are
    left ("Глава Минфина"): leading titles, genitive places and bodies and one-letter
    prepositions ("В Минфине") dropped."""
    words = name.split()
    titled = bool(words) and bool(RU_TITLE.match(words[0]))
    while words and RU_TITLE.match(words[0]):
        words = words[1:]
    while len(words) > 1 and (
        len(words[0]) == 1
        or RU_GENITIVE_PLACE.search(words[0])
        or (len(words) > 2 and words[0][-1] in "аяыи")
    ):
        words = words[1:]
    if titled and len(words) == 1 and re.search(r"(?:[аяыи]|ии)$", words[0]):
        return ""
    return " ".join(words)


def _russian_nominative(name):
    """A name in the genitive ("Касым-Жомарта Токаева", "Марии Захаровой", "Кремля")
    turned back into the nominative, as the desk lists speakers."""

    def word(w):
        for ending, nominative in (("овой", "ова"), ("евой", "ева"), ("иной", "ина"),
                                   ("ской", "ская"), ("ии", "ия"), ("ия", "ий")):  # fmt: skip
            if w.endswith(ending):
                return w[: -len(ending)] + nominative
        if re.search(r"[бвгджзклмнпрстфхцчшщ]а$", w):
            return w[:-1]  # Токаева, Путина, Росстата
        if re.search(r"[бвгджзклмнпрстфхцчшщ]ы$", w):
            return w[:-1] + "а"  # Анны
        if re.search(r"[лнр]я$", w):
            return w[:-1] + "ь"  # Кремля, Игоря
        return w

    return " ".join(word(w) for w in name.split())


def guess_russian_speaker(sentence, known_names=frozenset()):
    """The named person or body a Russian sentence reports as speaking, or ''."""
    for source in RU_SOURCE.finditer(sentence):
        name = _russian_name(source.group("name"))
        if RU_GENITIVE_SOURCE.match(source.group(0)):
            name = _russian_nominative(name)
        return name
    for verb in re.finditer(rf"\b{RU_REPORTING_VERBS}\b", sentence):
        after = RU_NAME_AFTER.match(sentence[verb.end() : verb.end() + 120])
        before = RU_NAME_BEFORE.search(sentence[max(0, verb.start() - 120) : verb.start()])
        for match in (after, before):
            if match and not NOT_SPEAKERS_RU.match(match.group("name")):
                return _russian_name(match.group("name"))
    return ""


NOT_SPEAKERS_RU = re.compile(r"^(?:Об?|Это|Как|Но|Он|Она|Они|При|Также|Кроме)\b")


@dataclass(frozen=True)
class Rules:
    """What differs between languages: the features' words and the shapes of speech."""

    patterns: dict
    past: re.Pattern
    elliptical: re.Pattern | None
    # "“…,” he said" / "— отметил он": the person last quoted speaks again.
    pronoun_report: re.Pattern
    # "He pledged …" / "Она заявила …": a sentence whose subject is a pronoun, likewise.
    pronoun_subject: re.Pattern
    # "The department says": a body the text named before ("the Labor Department").
    described_body: re.Pattern | None
    # "X said:" and the words below.
    introduction: re.Pattern
    guess_speaker: object
    # "He says …" with no figure after it: a person's view (``PERSON_VIEW``).
    person_view: re.Pattern | None = None


RULES = {
    "en": Rules(
        PATTERNS,
        PAST,
        ELLIPTICAL,
        re.compile(rf"\b(?:he|she)\s+{REPORTING_VERBS}\b"),
        re.compile(r"^(?:He|She)\b"),
        DESCRIBED_BODY,
        re.compile(rf"\b{REPORTING_VERBS}:$"),
        guess_speaker,
        PERSON_VIEW,
    ),
    "ru": Rules(
        RU_PATTERNS,
        RU_PAST,
        None,
        re.compile(rf"\b{RU_REPORTING_VERBS}\s+(?:он|она)\b|\b(?:он|она)\s+{RU_REPORTING_VERBS}\b"),
        re.compile(r"^(?:Он|Она)\b"),
        None,
        re.compile(rf"\b{RU_REPORTING_VERBS}:$"),
        guess_russian_speaker,
    ),
}


def rules_for(language):
    """The rules for ``language`` (an ISO 639-1 code); English for any other language."""
    return RULES.get(language, RULES["en"])


def transcript_turns(text):
    """(start, end, speaker) of each speaker's label in a transcript or a parliamentary
    record, in text order; the words after a label are that speaker's."""
    turns = [(m.start(m.lastgroup), m.end(), _turn_speaker(m)) for m in TURN.finditer(text)]
    for pattern in PARLIAMENT_TURNS:
        turns += [
            (m.start(), m.end(), " ".join((m["member"] or m["holder"]).split()))
            for m in pattern.finditer(text)
        ]
    return sorted(turns)


def _turn_speaker(match):
    """The speaker a transcript turn names: "MR. EARNEST" is "Mr. Earnest"."""
    if match.group("question") or match.group("speaker") in ("Q", "QUESTION"):
        return REPORTER
    speaker = match.group("speaker")
    if not speaker.isupper():
        return speaker  # "В.Путин" is written as it should read
    return " ".join(word.capitalize() for word in speaker.split())


# An office before its holder's name: "World Bank President Jim Yong Kim".
OFFICE_AND_HOLDER = re.compile(
    r"\b(?P<office>(?:[A-Z][\w.'’-]*\s+){0,4}?(?:President|Chair|Chairman|Chairwoman|"
    r"Governor|Secretary|Minister|Director|Spokesman|Spokeswoman|Spokesperson|Economist))"
    r"\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})\b(?!['’]s)"
)


def _full_names(text):
    """Surname -> the first "First Surname" the text gives, so that "Mr. Smith", "Lord
    Smith" and "Smith" are all the John Smith it names; and an office -> the holder the
    text names with it first, so that "The World Bank President" is Jim Yong Kim."""
    names = {}
    pattern = r"\b([A-ZА-ЯЁ][a-zа-яё]+)\s+([A-ZА-ЯЁ][a-zа-яё][\w'’-]*)\b(?!['’]s)"
    for match in re.finditer(pattern, text):
        first, surname = match.groups()
        if first not in HONORIFICS and first not in NOT_NAMES:
            names.setdefault(surname, f"{first} {surname}")
    for match in OFFICE_AND_HOLDER.finditer(text):
        names.setdefault(match["office"], match["name"])
    return names


def _one_speaker(guess, full_names):
    office = re.sub(r"^[Tt]he\s+", "", guess)
    if office in full_names:
        return full_names[office]
    words = guess.split()
    if not words or (len(words) > 1 and words[0].rstrip(".") not in HONORIFICS):
        return guess
    return full_names.get(words[-1], guess)


def names_in(sentences):
    """The words of the names the sentences give mid-sentence, possessives bared."""
    return {
        _bare(word)
        for sentence in sentences
        for name in named_entities(sentence.text)
        for word in name.split()
    }


# A report's quoted soundbite under its speaker's label: `JAMES STOCK: "I think …"`.
QUOTED_TURN = re.compile(r"[ \t]*[\"“][^\n]*[\"”][ \t]*(?=\n[ \t]*\n|\s*$)")


def _turn_starts(text, labels, opening):
    """(position, speaker) where each turn of ``labels`` starts, after the ``opening``
    speaker's. A report's quoted soundbite under a speaker's label is that speaker's
    paragraph only: the report's own voice resumes after it."""
    turns = [(0, opening)]
    for _start, end, speaker in labels:
        before = turns[-1][1]
        turns.append((end, speaker))
        if soundbite := QUOTED_TURN.match(text, end):
            turns.append((soundbite.end(), before))
    return turns


def candidates(text, language="en"):
    """Every sentence of ``text`` (in ``language``) as a scored Candidate, in text order."""
    rules = rules_for(language)
    labels = transcript_turns(text)
    sentences = split_sentences(text, labels)
    known_names = names_in(sentences)
    # Before any transcript turn, the sentences are the speech's, if a heading names it.
    opening = [
        _clean_name(m["name"] or m["speaker"])
        for s in sentences[:3]
        if (m := SPEECH_HEADING.match(s.text))
    ]
    turns = _turn_starts(text, labels, opening[0] if opening else "")
    turn_ends = [end for end, _ in turns]
    full_names = _full_names(text)
    result, turn_of, last_speaker, block_speaker = [], [], "", ""
    body_of_kind = {}  # "department" -> "Labor Department", the last body of that kind named
    for sentence in sentences:
        score, features = score_sentence(sentence.text, known_names, language)
        speaker = rules.guess_speaker(sentence.text, known_names)
        # Each sentence of a transcript belongs to the turn it stands in.
        turn = turns[bisect_right(turn_ends, sentence.start) - 1][1] if turns else ""
        if "heading" in features or (turn_of and turn != turn_of[-1]):
            block_speaker = ""
        if not speaker and "reported speech" in features:
            quoted = "quotation" in features and rules.pronoun_report.search(sentence.text)
            if quoted or rules.pronoun_subject.match(sentence.text):
                speaker = last_speaker  # “…,” he said / He pledged: the person last named
            elif body := rules.described_body and rules.described_body.match(sentence.text):
                speaker = body_of_kind.get(body["kind"].lower(), "")
        for name in named_entities(sentence.text):
            body_of_kind[name.split()[-1].lower()] = name
        speaker = _one_speaker(speaker or block_speaker or turn, full_names)
        result.append(
            Candidate(sentence.text, sentence.start, sentence.end, score, features, speaker)
        )
        turn_of.append(_one_speaker(turn, full_names))
        last_speaker = speaker or last_speaker
        if rules.introduction.search(sentence.text):
            block_speaker = speaker  # "X said:" and then the words, unquoted, below
    _attribute_quotations(result, turn_of)
    return result


def _attribute_quotations(result, turn_of):
    """A quotation running over several sentences is attributed where it closes.

    Curly quotes say which way they face; a straight quote opens or closes by turns.
    """
    pending = []
    for candidate, turn in zip(result, turn_of, strict=True):
        opens = sum(candidate.text.count(q) for q in OPENING_QUOTES)
        closes = sum(candidate.text.count(q) for q in CLOSING_QUOTES)
        straight = candidate.text.count('"') % 2
        if pending and (closes > opens or straight):
            for earlier, earlier_turn in pending:
                if earlier.speaker_guess in ("", earlier_turn):
                    earlier.speaker_guess = candidate.speaker_guess
            pending = []
        elif opens > closes or straight:
            pending = [(candidate, turn)]
        elif pending and not closes:
            pending.append((candidate, turn))
            if len(pending) > 4:  # an unclosed quotation mark: stop guessing
                pending = []


def extract(text, threshold=0.5, language="en"):
    """The candidates worth checking (score at or above ``threshold``), in text order."""
    return [c for c in candidates(text, language) if c.score >= threshold]


def speaker_key(name):
    """What two spellings of one speaker share, their last proper name: "Mr. Smith",
    "John Smith" and "SMITH" give "smith", "Kremlin spokespeople" "kremlin"; "" for none."""
    words = re.findall(r"[\w-]+", re.sub(r"['’]s\b|,?\s+(?:Jr|Sr|II|III)\b\.?", "", name))
    proper = [
        word
        for word in words
        if word[0].isupper() and word not in HONORIFICS and word not in NOT_NAMES
    ]
    return (proper or words or [""])[-1].lower()


def _overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matched_claim(span, labelled_spans):
    """The index of the labelled claim a proposed sentence at ``span`` rightly proposes (the
    one it overlaps most, by half of either), or None."""
    matches = [
        (_overlap(s, span), index)
        for index, s in enumerate(labelled_spans)
        if _overlap(s, span) * 2 >= min(s[1] - s[0], span[1] - span[0])
    ]
    return max(matches)[1] if matches else None


def evaluate(text, labelled_spans, threshold=0.5, speakers=None, opinion_spans=(), language="en"):
    """Precision and recall of ``extract`` against hand-labelled claims.

    The matching rule: a labelled claim is found when one candidate sentence covers at
    least half of its characters; a candidate is right when at least half of its own
    characters, or half of a labelled claim's, overlap that claim. An opinion sentence is
    proposed when a candidate covers half of it. ``speakers`` (one per labelled claim, None
    where the text does not say) scores each right candidate's speaker guess against the
    claim it overlaps most; "" stands for the text's own voice.
    """
    found = extract(text, threshold, language)
    return evaluate_proposed(found, labelled_spans, speakers, opinion_spans)


def evaluate_proposed(found, labelled_spans, speakers=None, opinion_spans=()):
    """``evaluate``'s counts for the candidates ``found``, however they were chosen."""

    def covered(span):
        return any(_overlap(span, (c.start, c.end)) * 2 >= span[1] - span[0] for c in found)

    claims = {id(c): matched_claim((c.start, c.end), labelled_spans) for c in found}
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
