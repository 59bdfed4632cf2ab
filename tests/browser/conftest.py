"""Browser tests: Playwright driving Debian's Chromium against a live server with the demo cast.

Where no Chromium is installed the browser tests are skipped with one line saying how to get
one; under CI=true a missing browser fails the run instead.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from samenhier.demo.cast import DEMO_PASSWORD, Cast, load_cast

HERE = Path(__file__).parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying to reach Google's services,
# which on a closed network fills the log with refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_SKIP_REASON = pytest.StashKey[str]()


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return (
            f"Browser tests skipped: no Chromium at {path}. Install it with "
            "`apt-get install chromium` (or point CHROMIUM_PATH at one)."
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Browser tests skipped: the playwright package is missing. Run `uv sync`."
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if HERE in item.path.parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    reason = _missing_browser()
    if reason is None or _in_ci() or not browser_items:
        return  # under CI the `browser` fixture fails each test instead
    config.stash[_SKIP_REASON] = reason
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    reason = config.stash.get(_SKIP_REASON, None)
    if reason:
        terminalreporter.write_line(reason, yellow=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session; each test opens its own contexts."""
    reason = _missing_browser()
    if reason is not None:
        if _in_ci():
            pytest.fail(f"CI=true and a browser is required. {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread; Django would then refuse
    # ORM calls from the test itself (the documented switch for Playwright with Django).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class DemoSite:
    """The live server with the demo cast, as the demo shows it (no MFA enrolment needed)."""

    url: str
    cast: Cast
    browser: Any

    def new_context(self, *, language: str = "nl", **options: Any) -> Any:
        """A fresh browser context (own cookies) that asks for `language`."""
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = self.browser.new_context(base_url=self.url, **options)
        context.add_cookies([{"name": "django_language", "value": language, "url": self.url}])
        return context

    def log_in(self, page: Any, person: Any, password: str = DEMO_PASSWORD) -> Any:
        """Log in through the real form as a person (or an e-mail address); returns the
        response of the page that follows."""
        cache.clear()  # login rate limits count per IP, and every test browser is 127.0.0.1
        page.goto("/accounts/login/")
        form = page.locator("main form").filter(has=page.locator('input[name="password"]'))
        form.locator('input[name="login"]').fill(getattr(person, "email", person))
        form.locator('input[name="password"]').fill(password)
        with page.expect_navigation() as navigation:
            form.locator('button[type="submit"]').click()
        return navigation.value


@pytest.fixture
def demo_site(live_server: Any, settings: Any, browser: Any) -> DemoSite:
    """The demo cast in a live server, with the demo's relaxed MFA rule.

    The session database may hold the test cast with staff enrolled in MFA (see
    tests/conftest.py); the demo has no authenticators, so the login form asks for no code.
    """
    from allauth.mfa.models import Authenticator

    settings.SAMENHIER_MFA_REQUIRED = False
    settings.DEMO = True
    cast = load_cast()
    Authenticator.objects.all().delete()
    cache.clear()
    return DemoSite(url=live_server.url, cast=cast, browser=browser)
