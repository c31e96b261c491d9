"""Recompute what is derived from the articles: their search document (the
PostgreSQL vector, SQLite's FTS5 rows and names) and the
dates their mentions and quotes carry, and in how many articles each person,
country and organisation is named (see articles/search_index.py). Every
write in the app keeps both current; this is for after rows were changed by
hand in SQL."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import search_index
from articles.models import Article, Country, Organisation, Person


class Command(BaseCommand):
    help = "Recompute every article's search vector, the dates its mentions and quotes carry, and the article counts."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="articles per transaction (default 1000)")

    def handle(self, *args, **options):
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        size = max(1, options["batch_size"])
        for start in range(0, len(ids), size):
            with transaction.atomic():
                search_index.refresh(ids[start : start + size])
        with transaction.atomic():  # also those no article names any more
            for model in (Person, Country, Organisation):
                model.objects.recount()
        self.stdout.write(f"Refreshed {len(ids):,} articles.")
