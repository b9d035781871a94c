"""Recompute every stored name key after the folding rules change (Django side).

A name's search key, its prefix tokens (people.NameToken) and its blocking keys
(identity.NameKey) are written once, when the name is recorded. When `keys.fold` or the blocking
keys change, the stored ones no longer meet the keys of a new query; `zhusan manage
reindex_names` (and a data migration, when a release changes the rules) writes them anew.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from zhusan.identity.blocking import name_index

BATCH = 2000


def reindex(
    person_name: Any, name_token: Any, name_key: Any, say: Callable[[str], None] = lambda _: None
) -> int:
    """Rewrite the keys of every name, a batch per transaction; return the names done.

    The models are passed in so that a migration can give its historical ones.
    """
    done = 0
    last = 0
    while True:
        names = list(
            person_name.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "person_id", "full_name")[:BATCH]
        )
        if not names:
            return done
        ids = [pk for pk, _person, _text in names]
        with transaction.atomic():
            name_token.objects.filter(name_id__in=ids).delete()
            name_key.objects.filter(name_id__in=ids).delete()
            tokens, keys = [], []
            for pk, person, text in names:
                index = name_index(text)
                person_name.objects.filter(pk=pk).update(search_key=index.search_key)
                tokens += [name_token(person_id=person, name_id=pk, key=k) for k in index.tokens]
                keys += [name_key(person_id=person, name_id=pk, key=k) for k in index.blocking]
            name_token.objects.bulk_create(tokens)
            name_key.objects.bulk_create(keys)
        done += len(names)
        last = ids[-1]
        say(f"reindexed {done:,} names")
