"""The newcomer's evaluation through a personal link, in a real browser.

Given: RTM-001 arrived a month ago and its first evaluation moment is open; the household
consents to evaluation but has no e-mail address. Samira, the community builder, makes a
personal link on the moment's page and passes it on. The newcomer opens it without an account,
reads the questions in Arabic, right to left, and sends the answers; the link works once.
The page must accept its own form in a browser (the CSRF check reads the Origin header, which a
"no-referrer" policy turns into "null"), and the secret must leave the address at once.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from samenhier.evaluation.models import IndicatorRecord, Response
from samenhier.evaluation.vocabularies import ResponseMode
from samenhier.journeys.parties import Party
from tests.browser.axe import assert_no_violations
from tests.browser.test_matching_flow import Person
from tests.evaluation.access_moments import opened_moment


def _made_link(demo_site: Any, moment: Any) -> str:
    samira = Person(demo_site, demo_site.cast.rotterdam.community_builder, language="nl")
    page = samira.page
    page.goto(f"/evaluation/moments/{moment.pk}/")
    assert_no_violations(page)
    samira.submit(page.locator("main form[action$='/link/']"))
    link = re.search(r"https?://[^\s\"<]+/evaluation/a/[A-Za-z0-9_-]{20,}/", page.content())
    assert link, "the page shows the link to pass on"
    assert_no_violations(page)
    samira.close()
    return urlsplit(link.group(0)).path  # the demo's SITE_URL is not the test server's


def test_a_newcomer_answers_in_arabic_through_a_personal_link_once(demo_site):
    moment = opened_moment(demo_site.cast)
    path = _made_link(demo_site, moment)
    secret = path.rstrip("/").rsplit("/", 1)[-1]

    context = demo_site.new_context(language="ar", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.url} {r.status}"))
    page.on("pageerror", lambda error: problems.append(str(error)))

    # The secret leaves the address as soon as the page opens.
    page.goto(f"{path}?lang=ar")
    assert secret not in page.url
    assert page.locator("h1[dir=rtl]").count() == 1
    assert_no_violations(page)

    # A wrong answer is told next to its question; nothing is stored.
    number = page.locator("main form input[inputmode=numeric], main form input[type=number]")
    number.first.fill("-3")
    with page.expect_navigation():
        page.locator("main form.sh-form button[type=submit]").click()
    assert page.locator(".sh-errorlist").count() >= 1
    response = Response.objects.get(moment=moment, audience=Party.NEWCOMER)
    assert response.submitted_at is None
    problems.clear()  # the 400 of the refused answer was asked for

    for name in set(page.eval_on_selector_all("main input[type=radio]", "e => e.map(i => i.name)")):
        page.locator(f"main input[type=radio][name='{name}']").first.check()
    number.first.fill("6")
    with page.expect_navigation():
        page.locator("main form.sh-form button[type=submit]").click()
    assert_no_violations(page)
    assert not problems, problems

    response.refresh_from_db()
    assert response.submitted_at is not None
    assert (response.mode, response.language) == (ResponseMode.LINK, "ar")
    assert IndicatorRecord.objects.get(moment=moment).network_size == 6

    # The link has done its work: opening it again says so, without a hint of whose it was.
    again = page.goto(path)
    assert again is not None
    assert again.status == 404
    context.close()
