"""Rewrite the stored name keys: нғ/ңғ now fold like нг (zhusan.identity.keys)."""

from django.db import migrations


def refold(apps, schema_editor):
    from zhusan.identity.reindex import reindex

    reindex(
        apps.get_model("people", "PersonName"),
        apps.get_model("people", "NameToken"),
        apps.get_model("identity", "NameKey"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_search_covering_index"),
        ("people", "0003_document_scan"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
