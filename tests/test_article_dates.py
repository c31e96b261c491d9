"""Mentions and quotes carry a copy of their article's date (for the person and
country pages' indexes): it must follow every way rows are written and every
way an article's date changes."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F

from articles.merging import merge_people
from articles.models import Article, CountryMention, PersonMention, Quote
from tests import factories as f
from tests.admin_support import add_inline_row, form_data, make_editor

pytestmark = pytest.mark.django_db

MAY, JUNE = date(2019, 5, 14), date(2019, 6, 2)


def undated_rows() -> list:
    """Every mention or quote whose date is not its article's."""
    wrong = []
    for model in (PersonMention, CountryMention, Quote):
        rows = model.objects.select_related("article")
        wrong += [row for row in rows if row.published != row.article.published]
    return wrong


def test_it_dates_rows_written_one_by_one_or_in_bulk():
    article, lavrov, _ = f.lavrov_article(published=MAY)
    other = f.article("Other", published=JUNE)
    # bulk_create with only the article's id, as a script might
    PersonMention.objects.bulk_create([PersonMention(article_id=other.pk, person=lavrov)])
    Quote.objects.bulk_create([Quote(article_id=other.pk, text="Words.", start=0, end=6)])

    assert undated_rows() == []
    assert set(PersonMention.objects.values_list("published", flat=True)) == {MAY, JUNE}


def test_it_moves_the_dates_when_an_article_is_redated(client):
    article, lavrov, _ = f.lavrov_article(published=MAY)
    article = Article.objects.get(pk=article.pk)
    article.published = JUNE
    article.save()

    assert undated_rows() == []
    page = client.get(lavrov.get_absolute_url()).content.decode()
    assert "June 2019: 1 article" in page and "May 2019" not in page


def test_it_follows_a_date_an_editor_changes_and_dates_a_mention_the_editor_adds(client):
    client.force_login(make_editor())
    article, _, _ = f.lavrov_article(published=MAY)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(client.get(url))
    data["published"] = JUNE.isoformat()
    add_inline_row(data, "person_mentions", person=f.person("Donald Trump").pk, count=1, status="active")

    assert client.post(url, data).status_code == 302

    assert undated_rows() == []
    assert set(PersonMention.objects.values_list("published", flat=True)) == {JUNE}


def test_it_keeps_the_dates_through_a_merge():
    full, short = f.person("Mariano Rajoy"), f.person("Rajoy")
    f.person_mention(f.article(body="Mariano Rajoy spoke.", published=MAY), full)
    f.person_mention(f.article(body="Rajoy spoke.", published=JUNE), short)
    both = f.article(body="Mariano Rajoy arrived. Rajoy left.", published=date(2019, 7, 1))
    f.person_mention(both, full, as_written="Mariano Rajoy")
    f.person_mention(both, short, as_written="Rajoy left")

    merge_people(full, [short])

    assert undated_rows() == []
    timeline = PersonMention.objects.active().filter(person=full).timeline()
    assert [(month.month, n) for month, n in timeline] == [(5, 1), (6, 1), (7, 1)]


def test_it_dates_what_ingestion_writes_and_follows_a_changed_file(tmp_path: Path):
    path = tmp_path / "sochi.txt"
    text = (
        "Title: Lavrov meets Pompeo in Sochi\nDate: {day}\n\n"
        "Russian Foreign Minister Sergey Lavrov met Mike Pompeo in Sochi, Russia on Tuesday.\n\n"
        '"We see that there are suspicions and prejudices," Lavrov said.{extra}\n'
    )
    path.write_text(text.format(day="2019-05-14", extra=""))
    call_command("ingest", str(path), "--workers", "1", stdout=StringIO(), stderr=StringIO())
    assert PersonMention.objects.exists() and Quote.objects.exists()
    assert undated_rows() == []

    path.write_text(text.format(day="2019-06-02", extra=" Pompeo nodded."))
    call_command("ingest", str(path), "--workers", "1", stdout=StringIO(), stderr=StringIO())

    assert Article.objects.get().published == JUNE
    assert undated_rows() == []


def test_it_rebuilds_the_dates_with_a_command():
    f.lavrov_article(published=MAY)
    for model in (PersonMention, CountryMention, Quote):
        model.objects.update(published=None)
    out = StringIO()

    call_command("refresh_derived", stdout=out)

    assert undated_rows() == [] and "Refreshed 1 articles." in out.getvalue()


def test_it_counts_newest_articles_first_and_undated_ones_last():
    lavrov = f.person("Sergey Lavrov")
    undated, old, new = (f.article(published=day) for day in (None, MAY, JUNE))
    for article in (undated, old, new):
        f.person_mention(article, lavrov, spans=[])
    mentions = PersonMention.objects.active().filter(person=lavrov)

    assert list(mentions.newest_article_ids(3).values_list("article_id", flat=True)) == [new.pk, old.pk, undated.pk]
    assert Article.objects.all().count_and_newest(2) == (3, [new.pk, old.pk])
    assert PersonMention.objects.filter(published=F("article__published")).count() == 2
