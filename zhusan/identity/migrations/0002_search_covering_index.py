"""On PostgreSQL, a covering index for ranking name-search candidates by birth date, in scope.

A common name shares its blocking keys with thousands of persons; `queries.candidates` orders
them by the birth date typed at intake, and for a narrow caseload checks each one's scope and
`merged_into`, all by person id. With those two columns in the index, both are index-only scans
instead of a heap fetch per person (at a million persons, "Мустафина Зара" born 2011-03-04,
6,977 key rows: 46–120 ms → 33–40 ms; docs/identity.md, "Search at scale"). SQLite reads the
row by its rowid anyway: nothing to add there.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS people_person_search_cover "
    "ON people_person (id) INCLUDE (birth_date, merged_into_id)"
)
DROP = "DROP INDEX IF EXISTS people_person_search_cover"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_initial"), ("people", "0003_document_scan")]
    operations = [migrations.RunPython(forwards, backwards)]
