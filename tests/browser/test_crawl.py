"""Every demo role, in every language, follows the links it is shown; every page it reaches is
accessible (WCAG 2.2 A/AA), error free, self-contained and fits a 320 px wide phone.

In Dutch, the default language, every demo person crawls. English and Arabic check each role's
pages for their text and direction: the national coordinator and every role in one city, the
city whose cast reads that language (Den Haag's Dawit, Anouk and Tesfay read English,
Rotterdam's Samira and Yusuf Arabic).

New pages join this crawl by being linked from a page someone can reach: no extra code.
"""

import pytest

from tests.browser.crawl import Crawl, PageCheck

LANGUAGES = ["nl", "en", "ar"]
# Pages of one kind (/groups/3/, /groups/7/) differ in their data, not in their language: the
# default language sees several of a kind, the others one of each, for their text and direction.
PER_KIND = {"nl": 3, "en": 1, "ar": 1}
CITIES = {"nl": {"Rotterdam", "Den Haag"}, "en": {"Den Haag"}, "ar": {"Rotterdam"}}
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
        if not city or city in CITIES[language]
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
                per_kind_limit=PER_KIND[language],
            )
            problems += crawl.run("/")
        finally:
            context.close()
    assert not problems, f"{len(problems)} problems:\n" + _report(problems)
