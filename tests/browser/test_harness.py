"""The crawl's own checks catch what they are for: a crawl that finds nothing must mean the
pages are clean, not that axe failed to load or the overflow check looks the wrong way."""

from tests.browser.axe import axe_violations
from tests.browser.crawl import _OVERFLOW, NARROW

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Harness</title></head>
<body><main><h1>Harness</h1>{body}</main></body></html>"""


def test_axe_reports_an_unlabelled_field_and_low_contrast(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        PAGE.format(body='<input type="text"><p style="color:#bbb;background:#fff">faint</p>')
    )
    found = {violation["id"] for violation in axe_violations(page)}
    context.close()
    assert {"label", "color-contrast"} <= found


def test_overflow_check_finds_what_sticks_out_but_not_a_scrolling_table(browser):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    page.set_content(
        PAGE.format(
            body='<div class="sh-table-wrap" style="overflow-x:auto">'
            '<table><tr><td style="min-width:900px">wide</td></tr></table></div>'
        )
    )
    assert page.evaluate(_OVERFLOW) is None
    page.set_content(PAGE.format(body='<p class="wide" style="width:500px">wide</p>'))
    assert "p.wide" in page.evaluate(_OVERFLOW)
    context.close()
