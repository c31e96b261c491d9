"""After a bulk ingestion the query planner knows the tables' new sizes: on a
fresh database, stale statistics made the country page ten times slower
(articles/planner.py). PostgreSQL records what ANALYZE saw in pg_class.reltuples
(-1: never analysed), inside the transaction that ran it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles.planner import WRITTEN_BEFORE_ANALYZE, refresh_statistics

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_class.reltuples is PostgreSQL's"),
]


def planner_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_an_ingestion_of_many_articles_leaves_the_planner_knowing_how_many_there_are(tmp_path):
    count = WRITTEN_BEFORE_ANALYZE + 5
    lines = [
        json.dumps({"title": f"Talks number {n}", "content": f"Sergey Lavrov met Mike Pompeo in Sochi, round {n}."})
        for n in range(count)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    call_command("ingest", str(tmp_path / "many.jsonl"), "--workers", "1", stdout=StringIO(), stderr=StringIO())

    assert planner_rows("articles_article") == count
    assert planner_rows("articles_personmention") == 2 * count


def test_a_few_articles_leave_the_statistics_alone():
    assert refresh_statistics(WRITTEN_BEFORE_ANALYZE - 1) is False
    assert refresh_statistics(WRITTEN_BEFORE_ANALYZE) is True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the countries of 0002
def test_outside_a_transaction_it_also_vacuums_so_counts_can_read_an_index_alone():
    def vacuumed() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'articles_personmention'")
            return cursor.fetchone()[0]

    before = vacuumed()
    assert refresh_statistics(WRITTEN_BEFORE_ANALYZE) is True
    assert vacuumed() == before + 1
