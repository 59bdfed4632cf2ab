"""A bounded breadth-first crawl of what a person can reach by following links.

On every page it reached it records what is wrong: an error status, a console error or
uncaught exception, a request to another host, an axe violation (WCAG 2.2 A/AA), a page
that scrolls sideways at 320 px, or a malformed link. Identical pages (same language, same
kind of URL, same content) are checked once per session.
"""

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.browser.axe import assert_no_violations, axe_violations, format_violations

MAX_PAGES = 60  # per person and language
MAX_PER_KIND = 3  # pages of one kind (e.g. /groups/<id>/) per person and language
NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 900}
# Leaving, switching language and static files are not pages to check.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/static/", "/media/")
_ID = re.compile(r"/\d+(?=/|$)")
# The page's shape: elements and attributes in order, without its data. Text, link targets and
# form values become "there or not"; numbers in names and ids become 0; runs of siblings with the
# same shape (table rows, list items) count once. Pages of one shape pass or fail axe alike.
# The page's links come along, to save a round trip per page.
_SHAPE = """() => {
  const DATA = new Set(['href', 'value', 'action', 'title', 'alt', 'aria-label', 'placeholder',
    'datetime', 'src', 'data-confirm', 'content', 'hx-headers', 'hx-vals']);
  const shape = (element) => {
    const attrs = [...element.attributes].map((a) => a.name + '=' + (DATA.has(a.name)
      ? (a.value.trim() ? 'x' : '') : a.value.replace(/[0-9]+/g, '0'))).sort().join(' ');
    const parts = [];
    let previous = null;
    for (const child of element.childNodes) {
      let part = null;
      if (child.nodeType === Node.TEXT_NODE) part = child.textContent.trim() ? '#' : null;
      else if (child.nodeType === Node.ELEMENT_NODE) part = shape(child);
      if (part !== null && part !== previous) parts.push(part);
      if (part !== null) previous = part;
    }
    return '<' + element.tagName + ' ' + attrs + '>' + parts.join('') + '</>';
  };
  const links = [...document.querySelectorAll('a[href]')].map((a) => a.href);
  return {shape: shape(document.documentElement), links: links};
}"""
_OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > root.clientWidth + 1 || box.left < -1) {
      if (el.closest('.sh-table-wrap') && !el.classList.contains('sh-table-wrap')) continue;
      wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
        .trim().split(/\\s+/).join('.') : '') + ` (${Math.round(box.width)}px)`);
      if (wide.length >= 5) break;
    }
  }
  return `page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window; `
    + `sticking out: ${wide.join(', ') || 'unknown'}`;
}"""


def kind_of(path: str) -> str:
    """The kind of page a path is: ids replaced, so /groups/3/ and /groups/7/ are alike."""
    return _ID.sub("/<id>", path)


@dataclass
class PageCheck:
    """What was wrong with one distinct page; shared between everyone who reaches it."""

    axe: str = ""
    overflow: str = ""


@dataclass
class Crawl:
    """Crawls one browser page, already logged in (or not), in one language."""

    page: Any
    base_url: str
    language: str
    who: str
    checked: dict[tuple[str, str, str], PageCheck]  # shared over the session
    per_kind_limit: int = MAX_PER_KIND
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    _console: list[str] = field(default_factory=list)
    _foreign: list[str] = field(default_factory=list)
    _malformed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.host = urlsplit(self.base_url).netloc
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self._console.append(f"uncaught: {error}"))
        self.page.on("request", self._on_request)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self._console.append(message.text)

    def _on_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self._foreign.append(request.url)

    def _problem(self, url: str, text: str) -> None:
        self.problems.append(f"[{self.language}] {self.who} {url}: {text}")

    def run(self, start: str = "/") -> list[str]:
        queue: list[tuple[str, str]] = [(start, "start")]
        seen = {self._visit_key(start)}
        per_kind: dict[str, int] = {}
        while queue and len(self.visited) < MAX_PAGES:
            url, found_on = queue.pop(self._next(queue, per_kind))
            kind = kind_of(urlsplit(url).path)
            if per_kind.get(kind, 0) >= self.per_kind_limit:
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            for link in self._check(url, found_on):
                key = self._visit_key(link)
                if key not in seen:
                    seen.add(key)
                    queue.append((link, url))
        return self.problems

    @staticmethod
    def _next(queue: list[tuple[str, str]], per_kind: dict[str, int]) -> int:
        """Breadth first, but a kind of page not seen yet goes before more of a known kind:
        within the page budget every kind of page is reached before any is repeated."""
        for index, (url, _found_on) in enumerate(queue):
            if kind_of(urlsplit(url).path) not in per_kind:
                return index
        return 0

    @staticmethod
    def _visit_key(url: str) -> tuple[str, frozenset[str]]:
        # Sorting and paging variants of a list are the same page: the first one seen will do.
        parts = urlsplit(url)
        return parts.path, frozenset(name for name, _ in parse_qsl(parts.query))

    def _check(self, url: str, found_on: str) -> list[str]:
        self.visited.append(url)
        self._console.clear()
        self._foreign.clear()
        try:
            response = self.page.goto(url)
        except Exception as error:  # playwright's Error; imported lazily like all of playwright
            if "Download is starting" not in str(error):
                raise
            # A file to save (CSV, PDF, ...) is not a page; it still must not be an error.
            status = self.page.request.get(url).status
            if status >= 400:
                self._problem(url, f"status {status} for a download (linked from {found_on})")
            return []
        status = response.status if response is not None else 0
        if status >= 400:
            self._problem(url, f"status {status} (linked from {found_on})")
            return []
        final = urlsplit(self.page.url)
        facts = self.page.evaluate(_SHAPE)
        links = self._links(facts["links"])
        fingerprint = hashlib.sha256(facts["shape"].encode()).hexdigest()
        key = (self.language, kind_of(final.path), fingerprint)
        check = self.checked.get(key)
        if check is None:
            check = self.checked[key] = PageCheck()
            violations = axe_violations(self.page)
            if violations:
                check.axe = format_violations(violations)
                self._problem(self.page.url, "axe found violations:\n" + check.axe)
            self.page.set_viewport_size(NARROW)
            check.overflow = self.page.evaluate(_OVERFLOW) or ""
            self.page.set_viewport_size(WIDE)
            if check.overflow:
                self._problem(self.page.url, "horizontal overflow at 320 px: " + check.overflow)
        if self._console:
            self._problem(url, "console errors: " + " | ".join(self._console))
        if self._foreign:
            self._problem(url, "requests to another host: " + ", ".join(self._foreign[:5]))
        return links

    def _links(self, hrefs: list[str]) -> list[str]:
        found: list[str] = []
        malformed: list[str] = []
        for href in hrefs:
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != self.host:
                continue  # mailto:, tel:, and other sites are not ours to crawl
            if parts.query.startswith("?"):
                malformed.append(href)  # "??sort=name": a "?" before {% querystring %}'s own
                continue
            if parts.path.startswith(SKIP_PREFIXES):
                continue
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        kind = kind_of(urlsplit(self.page.url).path)
        if malformed and kind not in self._malformed:
            self._malformed.add(kind)
            self._problem(
                self.page.url,
                f"{len(malformed)} malformed links (query starts with ?): "
                + ", ".join(malformed[:3]),
            )
        return found


def check_page(page: Any, path: str) -> None:
    """Open `path` as the page's person: it answers 200, passes axe and fits a phone."""
    response = page.goto(path)
    assert response.status == 200, path
    assert_no_violations(page)
    page.set_viewport_size(NARROW)
    assert page.evaluate(_OVERFLOW) is None, path
    page.set_viewport_size({"width": 1280, "height": 900})
