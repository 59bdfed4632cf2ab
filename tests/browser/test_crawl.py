"""Every demo login, in every language, follows the links it is shown; every page it reaches is
accessible (WCAG 2.2 A/AA), error free, self-contained and fits a 320 px wide phone.

New pages join this crawl by being linked from a page someone can reach: no extra code.
"""

import pytest

from tests.browser.crawl import Crawl, PageCheck

LANGUAGES = ["nl", "en", "ar"]
_checked: dict[tuple[str, str, str], PageCheck] = {}  # distinct pages, checked once per session


def _report(problems: list[str], limit: int = 40) -> str:
    shown = problems[:limit]
    more = len(problems) - len(shown)
    return "\n".join(shown) + (f"\n... and {more} more problems" if more else "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_role_crawls_without_problems(demo_site, language):
    problems: list[str] = []
    visitors = [("visitor", None)] + [
        (f"{role} {city}".strip() + f" <{person.email}>", person)
        for city, role, person in demo_site.cast.people()
    ]
    for who, person in visitors:
        context = demo_site.new_context(language=language)
        try:
            page = context.new_page()
            if person is not None:
                demo_site.log_in(page, person)
                assert "/accounts/login/" not in page.url, f"{who} could not log in"
            crawl = Crawl(
                page=page,
                base_url=demo_site.url,
                language=language,
                who=who,
                checked=_checked,
            )
            problems += crawl.run("/")
        finally:
            context.close()
    assert not problems, f"{len(problems)} problems:\n" + _report(problems)
