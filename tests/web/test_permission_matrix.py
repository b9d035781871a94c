"""Every URL × role × record scope → the expected answer, generated from the URL registry.

A new URL that is not in SPEC fails `test_every_url_is_in_the_matrix`, so no endpoint escapes.
Personas (tests/personas.py): Aliya (case worker, Asel in her caseload), Chingiz (case worker at
another centre: Asel out of scope), Arman (analyst: no records), an auditor, an administrator, and
Aliya again after an administrator excluded her from Asel's record.
"""

import importlib
import pathlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PERSON = "person"  # URL takes the person's public id
PUBLIC = "public"  # no sign-in needed

# url name -> (kind, {persona: expected GET status}); POST-only routes list 405 for GET.
OK, REDIR, NF, NA = 200, 302, 404, 405
SPEC: dict[str, tuple[str, dict[str, int]]] = {
    "home": ("page", {"aliya": OK, "chingiz": OK, "arman": OK, "auditor": OK, "admin": OK}),
    "healthz": (PUBLIC, {}),
    "login": (PUBLIC, {}),
    "logout": ("page", {"aliya": NA}),
    "switch-membership": ("page", {"aliya": NA}),
    "person-list": ("page", {"aliya": OK, "chingiz": OK, "arman": OK}),
    "person-create": ("page", {"aliya": NF, "dana": OK, "arman": NF}),
    "person-pick": ("page", {"aliya": OK}),
    "person-detail": (
        PERSON,
        {"aliya": OK, "chingiz": NF, "arman": NF, "auditor": NF, "admin": NF, "excluded": NF},
    ),
    "person-name-add": (PERSON, {"aliya": NA, "chingiz": NA}),
    "person-relationship-add": (PERSON, {"aliya": NA}),
    "person-event-add": (PERSON, {"aliya": NA}),
    "person-case-move": (PERSON, {"aliya": NA}),
    "justice-charge-add": (PERSON, {"aliya": NA}),
    "justice-verdict-add": (PERSON, {"aliya": NA}),
    "justice-custody-add": (PERSON, {"aliya": NA}),
    "justice-facts-update": (PERSON, {"aliya": NA}),
    "justice-petition-add": (PERSON, {"aliya": NA}),
    "justice-petition-decide": (PERSON, {"aliya": NA}),
    "justice-assessment-store": (PERSON, {"aliya": NA}),
    "eligibility": ("page", {"aliya": OK, "arman": OK}),
    "operation-list": ("page", {"aliya": OK, "arman": OK, "auditor": OK}),
    "duplicate-list": ("page", {"aliya": NF, "dana": OK, "arman": NF}),
    "duplicate-decide": ("uuid", {"dana": NA}),
    "merge-undo": ("uuid", {"dana": NA}),
    "emergency-access": ("page", {"aliya": OK, "arman": NF, "auditor": NF}),
    "exclusions": ("page", {"admin": OK, "aliya": NF, "auditor": NF}),
    "audit-trail": ("page", {"auditor": OK, "aliya": NF, "admin": NF, "arman": NF}),
    "audit-break-glass": ("page", {"auditor": OK, "aliya": NF}),
    "audit-break-glass-review": ("uuid", {"auditor": NA}),
    "audit-access-report": (PERSON, {"auditor": OK, "aliya": NF, "admin": NF}),
    "set_language": (PUBLIC, {}),
}
# Each area may keep its rows in tests/web/matrix_<area>.py as a dict named SPEC.
for _module in sorted(pathlib.Path(__file__).parent.glob("matrix_*.py")):
    _extra = importlib.import_module(f"tests.web.{_module.stem}").SPEC
    _clash = set(_extra) & set(SPEC)
    assert not _clash, f"{_module.name} repeats {_clash}"
    SPEC.update(_extra)

# Person-scoped writes: whoever may not see the person gets "not found", never a success.
POST_OUTSIDERS = ("chingiz", "arman", "excluded")


def url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "api":  # the API has its own matrix (tests/api)
                continue
            yield from url_names(p, prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield p.name


def test_every_url_is_in_the_matrix():
    missing = sorted(set(url_names()) - set(SPEC))
    assert not missing, f"add these URLs to SPEC with the answer each persona should get: {missing}"


@pytest.fixture
def clients(client, world):
    from zhusan.access.actions import do_exclude
    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import Membership

    oversight = do_create_agency(None, code="ombudsman", name="Ombudsman", kind="oversight")
    auditor = do_add_membership(
        None,
        user=do_create_user(None, username="zhanar", password="a" * 16),
        agency=oversight,
        role="auditor",
    )
    admin = Membership.objects.get(user__username="admin")
    centre_a = world.aliya.agency
    excluded = do_add_membership(
        None,
        user=do_create_user(None, username="erzhan", password="b" * 16),
        agency=centre_a,
        role="case_worker",
    )
    do_exclude(admin, user=excluded.user, person=world.asel, reason="Conflict of interest")
    users = {
        "aliya": world.aliya.user,
        "chingiz": world.chingiz.user,
        "arman": world.arman.user,
        "dana": world.dana.user,
        "auditor": auditor.user,
        "admin": admin.user,
        "excluded": excluded.user,
    }

    def as_user(name):
        client.logout()
        client.force_login(users[name])
        return client

    return as_user


def _url(name: str, kind: str, world) -> str:
    import uuid

    from django.urls import reverse

    if isinstance(kind, dict):  # fixed URL arguments, e.g. {"code": "returned"}
        return reverse(name, kwargs=kind)
    if kind == PERSON:
        return reverse(name, kwargs={"public_id": world.asel.public_id})
    if kind == "uuid":
        return reverse(name, kwargs={"public_id": uuid.uuid4()})
    return reverse(name)


def test_each_persona_gets_the_expected_answer(clients, world):
    wrong = []
    for name, (kind, expected) in sorted(SPEC.items()):
        if kind == PUBLIC:
            continue
        url = _url(name, kind, world)
        for persona, status in expected.items():
            got = clients(persona).get(url).status_code
            if got != status:
                wrong.append(f"GET {name} as {persona}: {got}, expected {status}")
    assert not wrong, "\n".join(wrong)


def test_no_one_outside_the_record_can_write_to_it(clients, world):
    wrong = []
    for name, (kind, _) in sorted(SPEC.items()):
        if kind != PERSON:
            continue
        for persona in POST_OUTSIDERS:
            got = clients(persona).post(_url(name, PERSON, world), {}).status_code
            if got not in (403, 404, 405):
                wrong.append(f"POST {name} as {persona}: {got}")
    assert not wrong, "\n".join(wrong)


def test_nothing_but_sign_in_is_served_to_a_stranger(client, world):
    wrong = []
    for name, (kind, _) in sorted(SPEC.items()):
        if kind == PUBLIC:
            continue
        response = client.get(_url(name, kind, world))
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            wrong.append(f"{name}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
