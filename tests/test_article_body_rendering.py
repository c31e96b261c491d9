"""The article body's markup costs work in proportion to the article, whatever
the number of paragraphs and mentions: a long article must not be a way to
make the page (and the workers serving it) slow. Work is counted, not timed:
the lines of the template helpers run for an article and for one four times
its size."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from articles.templatetags import articles_extras
from articles.templatetags.articles_extras import body_paragraphs

SENTENCE = "Theresa May met Donald Tusk and Angela Merkel in Brussels."


def long_article(paragraphs: int):
    body = "\n\n".join([SENTENCE] * paragraphs)
    step = len(SENTENCE) + 2
    people = [
        SimpleNamespace(
            person=SimpleNamespace(get_absolute_url=lambda name=name: f"/people/{name}/"),
            spans=[[n * step + SENTENCE.index(words), n * step + SENTENCE.index(words) + len(words)] for n in range(paragraphs)],
        )
        for name, words in (("may", "Theresa May"), ("tusk", "Donald Tusk"), ("merkel", "Angela Merkel"))
    ]
    countries = [
        SimpleNamespace(
            country=SimpleNamespace(get_absolute_url=lambda: "/countries/be/"),
            spans=[[n * step + SENTENCE.index("Brussels"), n * step + SENTENCE.index("Brussels") + 8] for n in range(paragraphs)],
        )
    ]
    # Quotes every tenth paragraph, one of them running over a paragraph break.
    quotes = [
        SimpleNamespace(pk=n, start=n * step, end=n * step + 15 + (step if n % 20 == 0 else 0), paragraph=n)
        for n in range(0, paragraphs, 10)
    ]
    return body, people, countries, quotes


def lines_run(paragraphs: int) -> int:
    body, people, countries, quotes = long_article(paragraphs)
    count = 0
    source = articles_extras.__file__

    def tracer(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != source:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        rendered = body_paragraphs(body, people, countries, quotes)
    finally:
        sys.settrace(None)
    assert len(rendered) == paragraphs
    assert rendered[-1].html.count('class="mention person"') == 3
    assert rendered[20].html.startswith('<span class="quote" id="quote-20">')
    assert rendered[21].html.startswith('<span class="quote">')  # the rest of the quote that ran over the break
    return count


def test_it_marks_up_an_article_four_times_as_long_with_about_four_times_the_work():
    small, large = lines_run(200), lines_run(800)
    assert large / small < 4.5, (small, large)  # comparing every paragraph with every span gave 16
