import os

import pytest

os.environ.setdefault("ZHUSAN_DEMO", "1")


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
