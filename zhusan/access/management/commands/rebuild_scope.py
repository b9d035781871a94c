from django.core.management.base import BaseCommand
from django.db import transaction

from zhusan.access.models import ScopeEntry
from zhusan.access.scope import refresh_scope
from zhusan.people.models import Person


class Command(BaseCommand):
    help = "Rebuild every agency's scope from assignments and families (derived data)."

    def handle(self, *args, **options):
        ids = list(Person.objects.values_list("id", flat=True).order_by("id"))
        with transaction.atomic():
            ScopeEntry.objects.all().delete()
            for start in range(0, len(ids), 5000):
                refresh_scope(ids[start : start + 5000])
        self.stdout.write(
            f"Scope rebuilt: {ScopeEntry.objects.count()} entries for {len(ids)} persons."
        )
