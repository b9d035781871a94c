import os

import pytest

os.environ.setdefault("ZHUSAN_DEMO", "1")


@pytest.fixture(autouse=True)
def _no_lockout(request):
    """django-axes needs the request in authenticate(), which client.login() does not pass; the
    lockout tests (tests/web/test_lockout.py) turn it back on. The pure engines' tests may run
    without Django at all (-p no:django): nothing to do there."""
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.AXES_ENABLED = False
        # Argon2 by design takes a noticeable moment per password: most of each test's setup.
        # tests/domain/test_settings.py checks that production hashes with Argon2.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    from tests.personas import build_world

    return build_world()


@pytest.fixture
def signed_in(client, world):
    """A test client signed in as a persona: signed_in("aliya")."""

    def sign_in(username: str):
        client.logout()
        assert client.login(username=username, password="correct horse battery staple")
        return client

    return sign_in


@pytest.fixture
def prosecutor(world):
    import datetime as dt

    from zhusan.accounts.actions import do_add_membership, do_create_agency, do_create_user
    from zhusan.accounts.models import AgencyKind
    from zhusan.cases.actions import do_assign_case

    agency = do_create_agency(
        None, code="prosecution", name="Prosecution", kind=AgencyKind.PROSECUTION
    )
    user = do_create_user(None, username="madina", password="x" * 16)
    membership = do_add_membership(None, user=user, agency=agency, role="prosecutor")
    do_assign_case(world.dana, world.asel_case, agency, since=dt.date(2019, 5, 20))
    return membership


@pytest.fixture
def convicted(world, prosecutor):
    """Asel convicted in 2019 of CC art. 257(2) to 8 years, with 214 days of pre-trial custody."""
    import datetime as dt

    from zhusan.justice import actions

    p = actions.do_open_proceeding(
        prosecutor, world.asel, opened_on=dt.date(2019, 5, 20), court="Aktau city court"
    )
    actions.do_add_charge(prosecutor, p, article="257", part="2", offence_date=dt.date(2015, 10, 1))
    actions.do_record_verdict(
        prosecutor, p, verdict="convicted", verdict_date=dt.date(2019, 12, 20)
    )
    actions.do_record_sentence(
        prosecutor,
        p,
        kind="imprisonment",
        start_date=dt.date(2019, 12, 20),
        years=8,
        security_level="maximum",
        pretrial_custody_days=214,
    )
    actions.do_start_custody(
        prosecutor,
        world.asel,
        facility="Penitentiary institution, Atyrau",
        kind="serving",
        start_date=dt.date(2020, 1, 10),
    )
    return p
