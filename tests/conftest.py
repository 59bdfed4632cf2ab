"""The test cast is the demo cast: a failing test reads like a story you can replay."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from samenhier.accounts.roles import STAFF_ROLES
from samenhier.demo.cast import Cast, enrol_mfa, load_cast


@pytest.fixture(autouse=True, scope="session")
def _test_infrastructure() -> Iterator[None]:
    """Fast, isolated infrastructure: tests assert behaviour, not hashing speed.

    override_settings (rather than assigning to settings) tells the cache and task handlers
    to rebuild themselves, so the immediate task backend and a private cache really apply.
    """
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        SAMENHIER_GEOCODER="samenhier.network.geocoding.RecordedGeocoder",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    overrides.enable()
    yield
    overrides.disable()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    # Rate-limit counters live in the cache; every test starts with a clean slate.
    cache.clear()


def _load_enrolled_cast() -> Cast:
    loaded = load_cast()
    for _city, role, person in loaded.people():
        if role in STAFF_ROLES:
            enrol_mfa(person)
    return loaded


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the cast once for the session; each test then runs in a rolled-back transaction.

    Tests that flush the database (transactional ones, the live server) lose it; the `cast`
    fixture then loads it again, since loading is idempotent.
    """
    with django_db_blocker.unblock():
        _load_enrolled_cast()


@pytest.fixture
def cast(db: None) -> Cast:
    """The demo cast, with every staff member enrolled in MFA as production requires."""
    return _load_enrolled_cast()


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    """Log `person` in on the test client and return it (a fresh request reads their roles)."""

    def _login(person):  # type: ignore[no-untyped-def]
        client.force_login(person)
        return client

    return _login
