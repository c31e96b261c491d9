"""merge_people: one human, one page, nothing lost."""

import pytest
from django.contrib.auth.models import User

from articles.merging import MergeError, merge_people, people_for_merge
from articles.models import (
    Origin,
    Person,
    PersonAlias,
    PersonMention,
    PersonMerge,
    PersonRedirect,
    Quote,
    Status,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return User.objects.create_user("ed", password="pw-for-tests-1", is_staff=True)


def rajoy_pair():
    """'Mariano Rajoy' and 'Rajoy' as two people: one article each, one article with both."""
    full = f.person("Mariano Rajoy", aliases=("Mr Rajoy",))
    short = f.person("Rajoy", aliases=("Señor Rajoy",))
    only_full = f.article(body="Mariano Rajoy spoke in Madrid.")
    only_short = f.article(body='"We will not negotiate," Rajoy said in Brussels.')
    both = f.article(body="Mariano Rajoy arrived late. Later Rajoy left. Rajoy was tired.")
    f.person_mention(only_full, full)
    f.person_mention(only_short, short)
    f.person_mention(both, full)
    f.person_mention(both, short, as_written="Rajoy was")
    quote = f.quote(only_short, "We will not negotiate,", short)
    return full, short, (only_full, only_short, both), quote


def test_it_moves_every_mention_quote_and_alias_to_the_survivor(editor):
    full, short, (only_full, only_short, both), quote = rajoy_pair()

    merge_people(full, [short], editor)

    assert set(PersonMention.objects.filter(person=full).values_list("article_id", flat=True)) == {
        only_full.pk, only_short.pk, both.pk,
    }
    quote.refresh_from_db()
    assert quote.speaker == full
    assert set(full.aliases.values_list("name", flat=True)) == {"Mr Rajoy", "Señor Rajoy", "Rajoy"}
    assert not Person.objects.filter(pk=short.pk).exists()


def test_it_combines_two_mentions_of_one_article_into_one_row(editor):
    full, short, (_, _, both), _ = rajoy_pair()
    full_spans = PersonMention.objects.get(article=both, person=full).spans
    short_spans = PersonMention.objects.get(article=both, person=short).spans

    merge_people(full, [short], editor)

    combined = PersonMention.objects.get(article=both)
    assert combined.person == full
    assert combined.count == 2
    assert combined.spans == sorted(full_spans + short_spans)
    assert combined.first_offset == 0


def test_it_drops_the_spans_of_a_rejected_mention_when_the_other_is_active(editor):
    full, short, (_, _, both), _ = rajoy_pair()
    PersonMention.objects.filter(article=both, person=full).update(status=Status.REJECTED, origin=Origin.EDITOR)
    short_spans = PersonMention.objects.get(article=both, person=short).spans

    merge_people(full, [short], editor)

    combined = PersonMention.objects.get(article=both)
    assert (combined.status, combined.origin, combined.spans, combined.count) == (
        Status.ACTIVE, Origin.EDITOR, short_spans, 1,
    )


def test_it_records_who_merged_whom_and_how_much_moved(editor):
    full, short, _, _ = rajoy_pair()
    short_slug = short.slug

    record = merge_people(full, [short], editor)

    assert PersonMerge.objects.get() == record
    assert (record.survivor, record.merged_by, record.merged_names, record.merged_slugs) == (
        full, editor, ["Rajoy"], [short_slug],
    )
    assert record.moved == {"mentions": 2, "quotes": 1, "aliases": 1, "redirects": 1}


def test_it_redirects_the_old_slug_and_the_slugs_that_already_pointed_there(editor):
    full, short, _, _ = rajoy_pair()
    f.redirect("m-rajoy", short)
    short_slug = short.slug

    merge_people(full, [short], editor)

    assert dict(PersonRedirect.objects.values_list("old_slug", "person_id")) == {
        short_slug: full.pk, "m-rajoy": full.pk,
    }


def test_it_keeps_earlier_merge_records_when_their_survivor_is_merged_away(editor):
    a, b, c = f.person("A One"), f.person("A Two"), f.person("A Three")
    first = merge_people(b, [c], editor)

    merge_people(a, [b], editor)

    first.refresh_from_db()
    assert first.survivor == a
    assert PersonMerge.objects.count() == 2


def test_it_records_history_naming_the_editor(editor):
    full, short, (_, only_short, _), quote = rajoy_pair()
    short_pk = short.pk

    merge_people(full, [short], editor)

    moved = PersonMention.objects.get(article=only_short).history.first()
    assert (moved.person_id, moved.history_user, moved.history_change_reason) == (
        full.pk, editor, "Merged Rajoy into Mariano Rajoy",
    )
    previous = moved.prev_record
    assert previous.person_id == short_pk
    assert quote.history.first().history_user == editor
    assert Person.history.filter(id=short_pk, history_type="-").get().history_user == editor


def test_it_merges_three_people_at_once_even_when_two_share_an_article_without_the_survivor(editor):
    survivor, b, c = f.person("Sergey Lavrov"), f.person("Sergei Lavrov"), f.person("S. Lavrov")
    shared = f.article(body="Sergei Lavrov and S. Lavrov are one man.")
    f.person_mention(shared, b)
    f.person_mention(shared, c)

    record = merge_people(survivor, [b, c], editor)

    mention = PersonMention.objects.get(article=shared)
    assert (mention.person, mention.count) == (survivor, 2)
    assert record.moved["mentions"] == 2
    assert Person.objects.filter(pk__in=[b.pk, c.pk]).count() == 0


def test_it_refuses_a_merge_without_another_person(editor):
    alone = f.person("Only One")
    with pytest.raises(MergeError):
        merge_people(alone, [alone], editor)
    assert Person.objects.filter(pk=alone.pk).exists()


def test_it_rolls_everything_back_when_a_step_fails(editor, monkeypatch):
    full, short, _, quote = rajoy_pair()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("articles.merging._redirect_slugs", broken)
    with pytest.raises(RuntimeError):
        merge_people(full, [short], editor)

    quote.refresh_from_db()
    assert quote.speaker == short
    assert PersonMention.objects.filter(person=short).count() == 2
    assert PersonAlias.objects.filter(person=short).count() == 1
    assert not PersonMerge.objects.exists()


def test_it_counts_what_each_person_holds_for_the_confirmation_page():
    full, short, _, _ = rajoy_pair()
    Quote.objects.update(status=Status.REJECTED)

    counts = {p.name: (p.mentions_n, p.quotes_n, p.aliases_n) for p in people_for_merge([full.pk, short.pk])}

    assert counts == {"Mariano Rajoy": (2, 0, 1), "Rajoy": (2, 1, 1)}


def test_it_records_what_a_row_written_in_bulk_was_before_the_merge(editor):
    survivor, other = f.person("Vladimir Putin"), f.person("Putin")
    article = f.article(body="Putin spoke.")
    # Ingestion writes mentions with bulk_create, which records no history.
    [mention] = PersonMention.objects.bulk_create([PersonMention(article=article, person=other, spans=[[0, 5]])])
    assert not mention.history.exists()
    other_pk = other.pk

    merge_people(survivor, [other], editor)

    before, after = mention.history.order_by("history_date", "history_id")
    assert (before.history_user, after.history_user) == (None, editor)
    assert [(c.field, c.old, c.new) for c in after.diff_against(before).changes] == [("person", other_pk, survivor.pk)]


def busy_pair(mentions: int) -> tuple[Person, Person]:
    survivor, other = f.person("Vladimir Putin"), f.person("Putin", aliases=("President Putin",))
    for number in range(mentions):
        article = f.article(body=f"Putin spoke on day {number}.")
        f.person_mention(article, other, as_written="Putin")
        f.quote(article, f"day {number}", other)
    return survivor, other


@pytest.mark.parametrize("mentions", [3, 30])
def test_it_merges_in_the_same_number_of_queries_however_many_rows_move(editor, django_assert_num_queries, mentions):
    survivor, other = busy_pair(mentions)
    # Savepoint; lock both people; baselines: for the person, mentions (theirs,
    # the survivor's in the same articles), quotes and aliases, which rows have
    # history already (these all do, so nothing to insert); the mentions and the
    # survivor's in the same articles; re-point mentions, quotes and aliases
    # (SELECT, UPDATE, history each); the name kept as an alias (look-up,
    # insert, history); redirects (five statements); earlier merges; the merge
    # record; the events they took part in (none); the merged person's history
    # and DELETE; then the derived data of
    # the merged person's articles, once: their ids, the dates their rows carry
    # (5 UPDATEs), their search document (PostgreSQL: the vectors, 1;
    # SQLite: the FTS5 rows and the two tables of names, 3) and the article
    # counts of whom they name (3); release.
    from django.db import connection

    derived = 6 + (1 if connection.vendor == "postgresql" else 3) + 3
    with django_assert_num_queries(34 + derived):
        record = merge_people(survivor, [other], editor)
    assert record.moved == {"mentions": mentions, "quotes": mentions, "aliases": 1, "redirects": 1}
