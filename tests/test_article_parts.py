"""A long article is shown a part at a time, so no article, however long, makes
its page heavy; a news article of any normal length is one part, as before."""

from __future__ import annotations

import pytest

from articles.parts import PARAGRAPHS_PER_PART
from tests import factories as f
from tests.factories import fresh_cache  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def long_article(paragraphs: int):
    article = f.article("A long article", paragraphs=[f"Paragraph {n}: Sergey Lavrov spoke." for n in range(paragraphs)])
    f.person_mention(article, f.person("Sergey Lavrov"))
    return article


def test_it_shows_a_long_article_a_part_at_a_time_with_its_links_and_a_way_to_the_next_part(client):
    article = long_article(2 * PARAGRAPHS_PER_PART + 10)

    first = client.get(article.get_absolute_url()).content.decode()
    third = client.get(article.get_absolute_url(), {"part": 3}).content.decode()

    assert "Part 1 of 3" in first and 'href="?part=2"' in first and "?part=0" not in first
    assert f"Paragraph {PARAGRAPHS_PER_PART - 1}:" in first and f"Paragraph {PARAGRAPHS_PER_PART}:" not in first
    assert first.count('class="mention person"') == PARAGRAPHS_PER_PART
    assert "Part 3 of 3" in third and 'href="?part=2"' in third
    assert f"Paragraph {2 * PARAGRAPHS_PER_PART}: " in third and third.count('class="mention person"') == 10


def test_it_links_a_quote_in_a_later_part_to_that_part_and_lists_the_quotes_of_the_part_shown(client):
    article = long_article(PARAGRAPHS_PER_PART + 5)
    early = f.quote(article, "Paragraph 3: Sergey Lavrov spoke.")
    late = f.quote(article, f"Paragraph {PARAGRAPHS_PER_PART + 2}: Sergey Lavrov spoke.")

    assert early.get_absolute_url() == f"{article.get_absolute_url()}#quote-{early.pk}"
    assert late.get_absolute_url() == f"{article.get_absolute_url()}?part=2#quote-{late.pk}"
    second = client.get(article.get_absolute_url(), {"part": 2}).content.decode()
    assert f'id="quote-{late.pk}"' in second and f"#quote-{early.pk}" not in second


@pytest.mark.parametrize("asked, shown, notice", [("-1", 1, "not a number"), ("x", 1, "not a number"), ("99", 2, "showing the last")])
def test_it_shows_the_first_or_last_part_with_a_notice_for_a_part_that_is_not_there(client, asked, shown, notice):
    article = long_article(PARAGRAPHS_PER_PART + 5)
    response = client.get(article.get_absolute_url(), {"part": asked})
    page = response.content.decode()
    assert response.status_code == 200 and f"Part {shown} of 2" in page and notice in page


def test_it_shows_a_normal_article_whole_without_parts(client):
    article, _, quote = f.lavrov_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Part 1" not in page and f'id="quote-{quote.pk}"' in page


def test_a_part_reads_only_its_own_quotes_from_the_database(client):
    """The page's work is bounded by the part, not the article: an article of
    thousands of quoted paragraphs must not load every quote to show 150."""
    from django.db.models.signals import post_init

    from articles.models import Quote

    article = long_article(3 * PARAGRAPHS_PER_PART)
    for n in range(3 * PARAGRAPHS_PER_PART):
        f.quote(article, f"Paragraph {n}: Sergey Lavrov spoke.")
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    post_init.connect(count, sender=Quote)
    try:
        page = client.get(article.get_absolute_url(), {"part": 2}).content.decode()
    finally:
        post_init.disconnect(count, sender=Quote)

    assert f"Paragraph {PARAGRAPHS_PER_PART}: " in page
    assert len(loaded) == PARAGRAPHS_PER_PART
