"""The site's one chart: counts month by month as SVG bars, drawn on the server
(no JavaScript, no library) by one template, templates/_timeline.html.

`monthly_chart` computes the geometry (pure Python, no database); the template
writes the markup. It serves a person's, a country's and an organisation's
articles per month (one series, upwards) and a country pair's cooperation
against conflict (two series, up and down). Every month from the first to the
last is drawn, so gaps show; both axes are labelled (counts on the left, months
or years below); each month is a link to that month's articles or events, with
a <title> naming the month and its count to hover; and each bar is drawn twice,
as a count and as a share of everything published that month, which a CSS-only
toggle switches between (the page's radio buttons; see site.css)."""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

WIDTH = 1000
LEFT, RIGHT, TOP = 56, 8, 30  # room for the count labels, the edge, the axis title
PLOT = 150  # the height of the bars' room, upwards only
HALF = 110  # each direction's, with bars up and down
BELOW = 46  # under the zero line: month labels, then years
MAX_BAR = 44


def months_between(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def scale(peak: float, whole: bool, steps: int = 4) -> list[float]:
    """Tick values from 0 to a round number at or above `peak`, at most about
    `steps` steps of 1, 2 or 5 times a power of ten (whole numbers for counts)."""
    if peak <= 0:
        return [0, 1]
    raw = peak / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, round(step))
    top = math.ceil(peak / step - 1e-9)
    return [round(step * i, 10) for i in range(top + 1)]


def percent(value: float) -> str:
    """12.5 as "12.5%", 20.0 as "20%"."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


@dataclass
class Series:
    """One kind of bar: `counts` per month (first day), drawn up or down."""

    counts: dict[date, int]
    noun: str  # "article", "cooperation event"
    css: str = "bar"
    down: bool = False
    legend: str = ""


def balance_series(balance: list[tuple[date, int, int]]) -> list[Series]:
    """A pair's (month, cooperation, conflict) rows as the chart's two series."""
    return [
        Series({m: n for m, n, _ in balance}, "cooperation event", "coop",
               legend="Cooperation (up): meetings, visits, calls, agreements"),
        Series({m: n for m, _, n in balance}, "conflict event", "conf", down=True,
               legend="Conflict (down): sanctions, expulsions, criticism"),
    ]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str

    def __post_init__(self):
        self.x, self.y, self.width, self.height = (round(v, 1) for v in (self.x, self.y, self.width, self.height))


@dataclass
class Column:
    """One month: its link, its title to hover, its bars in both modes."""

    month: date
    x: float
    width: float
    href: str
    title: str
    counted: list[Bar] = field(default_factory=list)
    shared: list[Bar] = field(default_factory=list)

    def __post_init__(self):
        self.x, self.width = round(self.x, 1), round(self.width, 1)


@dataclass
class Tick:
    at: float  # x for months, y for values
    label: str
    year: str = ""  # under a month label: the year, at January and at the start
    anchor: str = "end"  # text-anchor: values end left of the axis; months sit under their bar

    def __post_init__(self):
        self.at = round(self.at, 1)


@dataclass
class Chart:
    dom_id: str
    label: str
    width: float
    height: float
    left: float
    right: float
    top: float
    zero: float  # the y of the zero line
    bottom: float  # the y of the lowest bar's end
    columns: list[Column]
    months: list[Tick]
    counted_ticks: list[Tick]
    shared_ticks: list[Tick]
    counted_axis: str
    shared_axis: str
    counted_caption: str
    shared_caption: str
    legend: list[tuple[str, str]]
    share_first: bool

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def value_label_x(self) -> float:
        return self.left - 6

    @property
    def tick_end(self) -> float:
        return self.bottom + 5

    @property
    def month_label_y(self) -> float:
        return self.bottom + 18

    @property
    def year_label_y(self) -> float:
        return self.bottom + 36


def monthly_chart(
    series: list[Series],
    totals: dict[date, int],
    *,
    label: str,
    whole: str,
    href: Callable[[date, date], str] | None = None,
    dom_id: str = "timeline",
    share_first: bool = False,
) -> Chart | None:
    """The chart of `series` (at most one up and one down), every month from
    the first to the last with any count; `totals` is everything counted that
    month ("all articles"), `whole` names it ("article"). `href(first_day,
    last_day)` links a month to its list. None when there is nothing to draw."""
    dated = sorted({month for s in series for month, n in s.counts.items() if n})
    if not dated:
        return None
    months = months_between(dated[0], dated[-1])
    up = [s for s in series if not s.down]
    down = [s for s in series if s.down]
    height = PLOT if not down else HALF
    zero = TOP + height
    bottom = zero + (height if down else 0)
    slot = (WIDTH - LEFT - RIGHT) / len(months)
    bar = min(max(slot * 0.8, 1), MAX_BAR)

    def share(n: int, month: date) -> float:
        total = totals.get(month, 0)
        return 100 * n / total if total else 0.0

    counted_scale = scale(max(s.counts.get(m, 0) for s in series for m in months), whole=True)
    shared_scale = scale(max(share(s.counts.get(m, 0), m) for s in series for m in months), whole=False)

    def bars(values: list[tuple[Series, float]], top_value: float, x: float) -> list[Bar]:
        drawn = []
        for s, value in values:
            size = height * value / top_value if top_value else 0
            if size <= 0:
                continue
            size = max(size, 1.5)  # a month with one article in a busy timeline must still show
            drawn.append(Bar(x, zero if s.down else zero - size, bar, size, s.css))
        return drawn

    columns = []
    for index, month in enumerate(months):
        x = LEFT + index * slot
        counts = [(s, s.counts.get(month, 0)) for s in series]
        total = totals.get(month, 0)
        named = [(s, n) for s, n in counts if n] or counts  # "0 conflict events" only when nothing happened
        said = ", ".join(plural(n, s.noun) for s, n in named)
        if total:
            said += f" — {' and '.join(percent(share(n, month)) for _, n in named)} of the {plural(total, whole)} that month"
        link = href(month, month_end(month)) if href and any(n for _, n in counts) else ""
        columns.append(
            Column(
                month,
                x,
                slot,
                link,
                f"{month:%B %Y}: {said}",
                bars(counts, counted_scale[-1], x + (slot - bar) / 2),
                bars([(s, share(n, month)) for s, n in counts], shared_scale[-1], x + (slot - bar) / 2),
            )
        )

    def value_ticks(values: list[float], shown: Callable[[float], str]) -> list[Tick]:
        ticks = [Tick(zero - height * v / values[-1], shown(v)) for v in values]
        if down:
            ticks += [Tick(zero + height * v / values[-1], shown(v)) for v in values[1:]]
        return ticks

    first, last = months[0], months[-1]
    span = f"{first:%B %Y}" + (f" to {last:%B %Y}" if len(months) > 1 else "")
    peak = max(s.counts.get(m, 0) for s in series for m in months)
    peak_share = max(share(s.counts.get(m, 0), m) for s in series for m in months)
    return Chart(
        dom_id=dom_id,
        label=label,
        width=WIDTH,
        height=bottom + BELOW,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        zero=zero,
        bottom=bottom,
        columns=columns,
        months=month_ticks(months, slot),
        counted_ticks=value_ticks(counted_scale, lambda v: f"{int(v):,}"),
        shared_ticks=value_ticks(shared_scale, percent),
        counted_axis=f"{whole.capitalize()}s a month",
        shared_axis=f"Share of all {whole}s that month",
        counted_caption=f"{span} · at most {plural(peak, series[0].noun if len(series) == 1 else whole)} in a month",
        shared_caption=f"{span} · at most {percent(peak_share)} of all {whole}s in a month",
        legend=[(s.css, s.legend) for s in series if s.legend],
        share_first=share_first,
    )


def month_ticks(months: list[date], slot: float) -> list[Tick]:
    """Labels under the bars, never overlapping: every month ("May") when there
    is room, else every 2nd, 3rd or 6th, with the year under January and under
    the first month; over long spans only years, every so many so that they fit.
    A month's label stands under its bar, a year's from the start of its January."""
    step = next((s for s in (1, 2, 3, 6) if slot * s >= 40), None)
    ticks = []
    if step is not None and len(months) <= 48:
        aligned = [index for index, month in enumerate(months) if (month.month - 1) % step == 0]
        # The first month too, unless the first aligned one is too close to it.
        if not aligned or (aligned[0] != 0 and aligned[0] * slot >= 40):
            aligned.insert(0, 0)
        for n, index in enumerate(aligned):
            month = months[index]
            year = f"{month:%Y}" if n == 0 or month.month == 1 else ""
            ticks.append(Tick(LEFT + index * slot + slot / 2, f"{month:%b}", year, "middle"))
        return ticks
    years = months[-1].year - months[0].year + 1
    every = next(s for s in (1, 2, 5, 10, 20, 50, 100) if years / s <= 14)
    for index, month in enumerate(months):
        if (index == 0 and month.month < 7) or (month.month == 1 and month.year % every == 0):
            ticks.append(Tick(LEFT + index * slot, "", f"{month:%Y}", "start"))
    return ticks
