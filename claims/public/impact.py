"""What the checks add up to: the figures of the impact page and of the desk's IFCN report,
and the geometry of the charts that draw them.

Everything here is numbers: the templates draw the charts (SVG) and the tables from them.
Figures are built once per generation of public data and day (the windows end today).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from ..models import Claim, CorrectionRequest, Topic
from . import cache

TOP = 10  # speakers and topics shown


@dataclass(frozen=True)
class Bar:
    """One bar: its label and value, its place in the chart, and an optional verdict colour."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    share: int = 0  # per cent of the chart's total
    colour: str = ""

    @property
    def middle(self):
        """Where a line of text beside the bar sits (its baseline, roughly centred)."""
        return round(self.y + self.height / 2 + 5, 1)

    @property
    def label_x(self):
        return self.x - 8

    @property
    def end(self):
        return round(self.x + self.width + 6, 1)


@dataclass(frozen=True)
class Tick:
    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """A chart's numbers and geometry: ``bars`` in a view box of ``width`` by ``height``."""

    slug: str
    title: str
    description: str
    bars: list
    total: int  # what the shares are of
    width: int
    height: int
    ticks: tuple = ()
    value_heading: str = ""
    label_heading: str = ""
    columns: bool = False  # one column per period rather than labelled horizontal bars


def _share(value, total):
    return round(100 * value / total) if total else 0


# Horizontal bars: a label column, the bar, then its value.
ROW, LABEL, GAP, WIDTH = 28, 220, 8, 640


def bar_chart(slug, title, description, rows, label_heading, value_heading=None, of=None):
    """A horizontal bar chart of ``rows``: (label, value) or (label, value, colour); each
    share is of ``of`` (the sum of the values when not given)."""
    rows = [(row[0], row[1], row[2] if len(row) > 2 else "") for row in rows]
    longest = max((value for _, value, _ in rows), default=0) or 1
    total = sum(value for _, value, _ in rows) if of is None else of
    room = WIDTH - LABEL - 60
    bars = [
        Bar(
            label=label,
            value=value,
            x=LABEL,
            y=i * ROW + GAP / 2,
            width=round(room * value / longest, 1),
            height=ROW - GAP,
            share=_share(value, total),
            colour=colour,
        )
        for i, (label, value, colour) in enumerate(rows)
    ]
    height = max(len(rows), 1) * ROW
    value_heading = value_heading or _("Checks")
    return Chart(
        slug, title, description, bars, total, WIDTH, height, (), value_heading, label_heading
    )


# Columns over time: one per week, the axis labelled at the start of each quarter's first week.
COLUMNS_HEIGHT, AXIS = 180, 24


def week_chart(slug, title, description, weeks):
    """A column per week of ``weeks``: [(monday, count)], oldest first."""
    tallest = max((n for _, n in weeks), default=0) or 1
    slot = WIDTH / max(len(weeks), 1)
    total = sum(n for _, n in weeks)
    bars, ticks = [], []
    for i, (monday, n) in enumerate(weeks):
        height = round(COLUMNS_HEIGHT * n / tallest, 1)
        bars.append(
            Bar(
                label=_("Week of %(date)s") % {"date": date_format(monday, "j F Y")},
                value=n,
                x=round(i * slot + slot * 0.1, 1),
                y=round(COLUMNS_HEIGHT - height, 1),
                width=round(slot * 0.8, 1),
                height=height,
                share=_share(n, total),
            )
        )
        if i == 0 or (monday.day <= 7 and monday.month in (1, 4, 7, 10)):
            ticks.append(
                Tick(date_format(monday, "M Y"), round(i * slot, 1), COLUMNS_HEIGHT + AXIS - 6)
            )
    return Chart(
        slug, title, description, bars, total, WIDTH, COLUMNS_HEIGHT + AXIS, tuple(ticks),
        value_heading=_("Checks"), label_heading=_("Week"), columns=True,
    )  # fmt: skip


def weekly_counts(claims, weeks, today):
    """[(monday, checks published that week)] for the ``weeks`` weeks up to this one."""
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in reversed(range(weeks))]
    counts = dict(
        claims.filter(published_at__date__gte=mondays[0])
        .annotate(week=TruncWeek("published_at"))
        .values_list("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_monday = {week.date() if hasattr(week, "date") else week: n for week, n in counts.items()}
    return [(monday, by_monday.get(monday, 0)) for monday in mondays]


def verdict_rows(claims):
    """(verdict, checks, colour), best verdict first, off-scale verdicts last."""
    rows = (
        claims.values_list("rating__name", "rating__colour", "rating__value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ordered = sorted(rows, key=lambda row: (row[2] is None, -(row[2] or 0), row[0]))
    return [(name, n, colour) for name, colour, _, n in ordered]


def top_rows(claims, name_field, limit=TOP):
    """The ``limit`` names under ``name_field`` with the most checks: (name, checks)."""
    rows = (
        claims.exclude(**{f"{name_field}__isnull": True})
        .values_list(name_field)
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", name_field)[:limit]
    )
    return list(rows)


def outcome_rows():
    counts = CorrectionRequest.objects.public().outcome_counts()
    return [
        (str(label), counts.get(value, 0)) for value, label in CorrectionRequest.Outcome.choices
    ]


def public_figures():
    """The impact page's charts, built once per data generation and day."""
    today = timezone.localdate()

    def build():
        listed = Claim.objects.listed()
        weeks = weekly_counts(listed, 52, today)
        verdicts = verdict_rows(listed)
        checks = sum(n for _, n, _ in verdicts)
        return {
            "weekly": week_chart(
                "weekly",
                _("Checks published per week"),
                _(
                    "Checks published each week over the last 52 weeks, up to the week of "
                    "%(date)s: %(count)d in all."
                )
                % {"date": date_format(weeks[-1][0], "j F Y"), "count": sum(n for _, n in weeks)},
                weeks,
            ),
            "verdicts": bar_chart(
                "verdicts",
                _("Verdicts"),
                _("How many published checks reached each verdict, best first."),
                verdicts,
                _("Verdict"),
            ),
            "outcomes": bar_chart(
                "outcomes",
                _("Correction requests by outcome"),
                _("What came of the corrections we asked for after our checks."),
                outcome_rows(),
                _("Outcome"),
                value_heading=_("Requests"),
            ),
            "speakers": bar_chart(
                "speakers",
                _("Most-checked speakers"),
                ngettext(
                    "The %(count)d person or organisation with the most published checks, and "
                    "the share of all our checks that it accounts for.",
                    "The %(count)d people and organisations with the most published checks, and "
                    "the share of all our checks that each accounts for.",
                    TOP,
                )
                % {"count": TOP},
                top_rows(listed, "speaker__name"),
                _("Speaker"),
                of=checks,
            ),
            "topics": bar_chart(
                "topics",
                _("Most-checked topics"),
                ngettext(
                    "The %(count)d topic with the most published checks, and the share of all "
                    "our checks on it (a check may have several topics).",
                    "The %(count)d topics with the most published checks, and the share of all "
                    "our checks on each (a check may have several topics).",
                    TOP,
                )
                % {"count": TOP},
                top_rows(listed, "topics__name"),
                _("Topic"),
                of=checks,
            ),
        }

    # The charts' words are in the reader's language: one build per language.
    return cache.get_or_build(f"impact:{get_language()}:{today.isoformat()}", build)


def desk_figures():
    """What the IFCN application asks for: checks per week over six months, the share of
    checks on public-interest topics and the balance across speakers."""
    today = timezone.localdate()

    def build():
        listed = Claim.objects.listed()
        weeks = weekly_counts(listed, 26, today)
        public_interest = Topic.objects.filter(public_interest=True, claims=OuterRef("pk"))
        flagged = listed.aggregate(
            total=Count("pk"), on_public_interest=Count("pk", filter=Exists(public_interest))
        )
        speakers = top_rows(listed, "speaker__name", limit=None)
        return {
            "weekly": week_chart(
                "desk-weekly",
                _("Checks published per week, last six months"),
                _("Checks published each week over the last 26 weeks: %(count)d in all.")
                % {"count": sum(n for _, n in weeks)},
                weeks,
            ),
            "total": flagged["total"],
            "on_public_interest": flagged["on_public_interest"],
            "public_interest_share": _share(flagged["on_public_interest"], flagged["total"]),
            "speakers": bar_chart(
                "desk-speakers",
                _("Balance across speakers"),
                _("Published checks per speaker, most first, with each speaker's share."),
                speakers,
                _("Speaker"),
            ),
        }

    return cache.get_or_build(f"impact-desk:{get_language()}:{today.isoformat()}", build)
