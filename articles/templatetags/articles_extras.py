"""Template helpers: the article body with its mentions linked and quotes set
apart, search snippets with <mark>, query-string links for filters. (The
timelines are templates/_timeline.html.) Everything taken from an article is
escaped here before any markup is added around it."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.search_index import MARK_START, MARK_STOP
from articles.text import PARAGRAPH_SEPARATOR

register = template.Library()


@dataclass(frozen=True)
class Markup:
    start: int
    end: int
    open: str  # safe HTML
    close: str
    rank: int  # at the same span, lower ranks enclose higher ones


@dataclass
class Paragraph:
    html: SafeString
    quotes: list = field(default_factory=list)  # the quotes that begin in it

    @property
    def speakers(self) -> list:
        """One entry per distinct speaker of its quotes: the person,
        organisation or country, or the words as written when nobody was linked."""
        seen = []
        for quote in self.quotes:
            who = quote.who or quote.speaker_as_written or "unattributed"
            if who not in seen:
                seen.append(who)
        return seen


def _valid(span, length: int) -> bool:
    return (
        isinstance(span, (list, tuple))
        and len(span) == 2
        and all(isinstance(x, int) for x in span)
        and 0 <= span[0] < span[1] <= length
    )


def _nested(markups: list[Markup]) -> list[Markup]:
    """Drop markups that cross another (HTML needs a tree); earlier and
    longer ones win."""
    kept, open_ends = [], []
    for markup in sorted(markups, key=lambda m: (m.start, -m.end, m.rank)):
        while open_ends and open_ends[-1] <= markup.start:
            open_ends.pop()
        if open_ends and markup.end > open_ends[-1]:
            continue
        kept.append(markup)
        open_ends.append(markup.end)
    return kept


def _render(text: str, offset: int, markups: list[Markup]) -> str:
    """`text` (which starts at `offset` in the body) escaped, with the nested
    markups inserted."""
    out, position, stack = [], offset, []
    for markup in markups:
        while stack and stack[-1].end <= markup.start:
            closing = stack.pop()
            out.append(escape(text[position - offset : closing.end - offset]) + closing.close)
            position = closing.end
        out.append(escape(text[position - offset : markup.start - offset]) + markup.open)
        position = markup.start
        stack.append(markup)
    while stack:
        closing = stack.pop()
        out.append(escape(text[position - offset : closing.end - offset]) + closing.close)
        position = closing.end
    out.append(escape(text[position - offset :]))
    return "".join(out)


def body_paragraphs(body: str, people=(), countries=(), quotes=(), first: int = 0, size: int | None = None) -> list[Paragraph]:
    """The body's paragraphs `first` to `first + size` (all by default) as safe
    HTML: person and country mentions linked, quotations wrapped in
    <span class="quote" id="quote-N">, each paragraph carrying the quotes that
    begin in it for their attribution. Spans that are missing, out of range or
    crossing others are left out, never trusted.

    The work is in proportion to the paragraphs shown and the spans stored:
    each span is placed in its paragraph by bisection, never compared with
    every paragraph."""
    texts = body.split(PARAGRAPH_SEPARATOR) if body else []
    starts, start = [], 0
    for text in texts:
        starts.append(start)
        start += len(text) + len(PARAGRAPH_SEPARATOR)
    last = len(texts) if size is None else min(len(texts), first + size)
    if first >= last:
        return []
    low, high = starts[first], starts[last - 1] + len(texts[last - 1])  # the stretch of the body shown

    here: dict[int, list[Markup]] = {index: [] for index in range(first, last)}

    def place(spans, open_tag: str) -> None:
        for span in spans or ():
            try:
                if not low <= span[0] < high:
                    continue
            except (TypeError, IndexError, KeyError):
                continue
            if _valid(span, high):
                index = bisect_right(starts, span[0]) - 1
                if span[1] <= starts[index] + len(texts[index]):  # one crossing a paragraph break is dropped
                    here[index].append(Markup(span[0], span[1], open_tag, "</a>", 2))

    for mention in people:
        place(mention.spans, f'<a class="mention person" href="{escape(mention.person.get_absolute_url())}">')
    for mention in countries:
        place(mention.spans, f'<a class="mention country" href="{escape(mention.country.get_absolute_url())}">')
    quotes_by_paragraph: dict[int, list] = {}
    for quote in quotes:
        quotes_by_paragraph.setdefault(quote.paragraph, []).append(quote)
        if quote.start is None or not _valid([quote.start, quote.end], len(body)) or quote.end <= low or quote.start >= high:
            continue
        # A quotation may run over paragraph breaks: mark its piece in each.
        index = max(bisect_right(starts, quote.start) - 1, first)
        while index < last and starts[index] < quote.end:
            piece_start, piece_end = max(quote.start, starts[index]), min(quote.end, starts[index] + len(texts[index]))
            if piece_start < piece_end:
                anchor = f' id="quote-{quote.pk}"' if quote.start >= starts[index] else ""
                here[index].append(Markup(piece_start, piece_end, f'<span class="quote"{anchor}>', "</span>", 1))
            index += 1
    return [
        Paragraph(mark_safe(_render(texts[index], starts[index], _nested(here[index]))), quotes_by_paragraph.get(index, []))
        for index in range(first, last)
    ]


@register.simple_tag
def article_body(article, people, countries, quotes, part=None):
    if part is None:
        return body_paragraphs(article.body, people, countries, quotes)
    return body_paragraphs(article.body, people, countries, quotes, part.first, part.size)


@register.filter
def headline(text: str) -> SafeString:
    """A PostgreSQL headline (marked with private-use characters) as escaped
    HTML with <mark>."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.simple_tag
def snippet(article, query: str, length: int = 240) -> SafeString:
    """An article's search snippet: its `headline` (see search_index.with_headline)
    as escaped HTML with <mark>; its standfirst when the body does not match (a
    match in the title or the names) or no headline was made (a query that
    only excludes words)."""
    text = getattr(article, "headline", None) or ""
    if MARK_START not in text and article.standfirst or not text.strip():
        return escape(article.standfirst[:length])
    return mark_safe(f"…{headline(text)}…")


def _query_string(request, changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, action, value in changes:
        values = [v for v in params.getlist(key) if v != value]
        if action == "add":
            values.append(value)
        params.setlist(key, values)
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.simple_tag(takes_context=True)
def add_filter(context, key: str, value: str) -> str:
    """This page's query string with `key=value` added (back to page 1)."""
    return _query_string(context["request"], [(key, "add", str(value))])


@register.simple_tag(takes_context=True)
def remove_filter(context, key: str, value: str) -> str:
    return _query_string(context["request"], [(key, "remove", str(value))])


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    params = context["request"].GET.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.filter
def thousands(count: int) -> str:
    """18879 as "18,879": counts on a corpus of tens of thousands must read at a glance."""
    return f"{count:,}" if isinstance(count, int) else count


@register.filter
def plural(count: int, word: str) -> str:
    """"3 articles", "1 article", "18,879 articles": `count|plural:"article"` (or "person,people")."""
    singular, _, many = word.partition(",")
    return format_html("{} {}", thousands(count), singular if count == 1 else (many or singular + "s"))


@register.simple_tag
def site_totals() -> dict[str, int]:
    """The footer's totals (one query)."""
    from articles.models import site_totals as totals

    return totals()


@register.filter
def quotation(text: str) -> str:
    """A quote's words without the comma that led into "he said"."""
    return (text or "").strip().rstrip(",").rstrip()


@register.filter
def href(obj) -> str:
    """The address of a person, country or article: its get_absolute_url."""
    return obj.get_absolute_url()


@register.filter
def without(rows, one) -> list:
    """`rows` (people, countries...) but `one`: "whom else" an event names."""
    return [row for row in rows if row.pk != getattr(one, "pk", None)]
