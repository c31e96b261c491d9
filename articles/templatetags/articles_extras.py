"""Template helpers: the article body with its mentions linked and quotes set
apart, search snippets with <mark>, query-string links for filters, the SVG
timeline. Everything taken from an article is escaped here before any markup
is added around it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles import charts
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
        """One entry per distinct speaker of its quotes: the Person, or the
        words as written when nobody was linked."""
        seen = []
        for quote in self.quotes:
            who = quote.speaker or quote.speaker_as_written or "unattributed"
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


def body_paragraphs(body: str, people=(), countries=(), quotes=()) -> list[Paragraph]:
    """The body as paragraphs of safe HTML: person and country mentions linked,
    quotations wrapped in <span class="quote" id="quote-N">, each paragraph
    carrying the quotes that begin in it for their attribution. Spans that are
    missing, out of range or crossing others are left out, never trusted."""
    length = len(body)
    markups = []
    for mention in people:
        url = escape(mention.person.get_absolute_url())
        for span in mention.spans or ():
            if _valid(span, length):
                markups.append(Markup(span[0], span[1], f'<a class="mention person" href="{url}">', "</a>", 2))
    for mention in countries:
        url = escape(mention.country.get_absolute_url())
        for span in mention.spans or ():
            if _valid(span, length):
                markups.append(Markup(span[0], span[1], f'<a class="mention country" href="{url}">', "</a>", 2))
    quotes_by_paragraph: dict[int, list] = {}
    quoted = []
    for quote in quotes:
        if quote.start is not None and _valid([quote.start, quote.end], length):
            quoted.append(quote)
        quotes_by_paragraph.setdefault(quote.paragraph, []).append(quote)

    paragraphs, start = [], 0
    for index, text in enumerate(body.split(PARAGRAPH_SEPARATOR) if body else []):
        end = start + len(text)
        here = [m for m in markups if start <= m.start and m.end <= end]
        for quote in quoted:
            # A quotation may run over paragraph breaks: mark its piece in each.
            low, high = max(quote.start, start), min(quote.end, end)
            if low < high:
                anchor = f' id="quote-{quote.pk}"' if quote.start >= start else ""
                here.append(Markup(low, high, f'<span class="quote"{anchor}>', "</span>", 1))
        paragraphs.append(Paragraph(mark_safe(_render(text, start, _nested(here))), quotes_by_paragraph.get(index, [])))
        start = end + len(PARAGRAPH_SEPARATOR)
    return paragraphs


@register.simple_tag
def article_body(article, people, countries, quotes):
    return body_paragraphs(article.body, people, countries, quotes)


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


@register.simple_tag
def timeline(points, label: str) -> SafeString:
    return charts.timeline_svg(points, label)


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
