"""`zhusan manage reindex_names`: rewrite every name's search and blocking keys."""

from django.core.management.base import BaseCommand

from zhusan.identity.models import NameKey
from zhusan.identity.reindex import reindex
from zhusan.people.models import NameToken, PersonName


class Command(BaseCommand):
    help = (
        "Rewrite every name's search key, prefix tokens and blocking keys (after a folding change)."
    )

    def handle(self, *args, **options):
        done = reindex(PersonName, NameToken, NameKey, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"{done:,} names reindexed"))
