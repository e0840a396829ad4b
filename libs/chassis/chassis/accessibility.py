"""axe-core on every page the browser tests visit: WCAG 2.1 A and AA, no serious or critical violation.

The browser tests run with JavaScript off, as a citizen's old phone or a locked-down office PC may; axe is
JavaScript. So every page a test's browser loads is kept as it was shown (its DOM, at its ``load`` event), and
after the test each page not checked before is shown again, exactly as kept, in a JavaScript-enabled page of
the same browser (its style sheets and images fetched from the same live server) and axe runs there. A test
whose pages have a serious or critical violation fails, naming the page, the rule and the elements.

``chassis.testing``'s ``chromium`` fixture installs the watch on every context it makes; its autouse fixture
checks after each test that used a browser; the run's totals (pages checked, violations by impact) are printed
at the end of the run, added over the xdist workers.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from importlib import resources
from pathlib import Path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# What axe leaves out: the API docs' <redoc> element, which ReDoc's bundle (third-party, vendored as published)
# fills with its own widgets; the page around it (language, title) is ours and is checked.
EXCLUDE = [["redoc"]]
BLOCKING = frozenset({"serious", "critical"})
RUN = "SUITE_AXE_RUN"  # set by the run's controller before its xdist workers start, so they share one folder


@functools.cache
def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text()


@dataclasses.dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:4]) + (" ..." if len(self.targets) > 4 else "")
        return f"{self.url}: {self.rule} ({self.impact}) {self.help} -> {where}"


class Watch:
    """Keeps every page a context's pages load (url, DOM), and checks those not checked before with axe."""

    def __init__(self, browser_new_context):
        self._new_context = browser_new_context  # the browser's own, unwatched
        self._pending: list[tuple[str, str]] = []
        self._seen: set[str] = set()
        self._checker = None
        self.pages = 0
        self.counts: dict[str, int] = {}

    def watch(self, context) -> None:
        """Keep each page ``context`` loads, at its ``load`` event and, for the pages still open, when the context
        closes. (Playwright runs the event's handler at the test's next call into the browser: a page the test
        leaves at once, by a second navigation straight after the first, may be seen only as the next one.)"""
        context.on("page", lambda page: page.on("load", self._record))
        close = context.close

        def closing(*args, **kwargs):
            for page in context.pages:
                self._record(page)
            return close(*args, **kwargs)

        context.close = closing

    def _record(self, page) -> None:
        try:
            url = page.url
            html = page.content()
        except Exception:  # noqa: BLE001 - the page closed or navigated away meanwhile: nothing to keep
            return
        if url.startswith("http") and "<html" in html[:500].lower():
            self._pending.append((url, html))

    def _page(self):
        if self._checker is None:
            self._checker = self._new_context(locale="id-ID", viewport={"width": 390, "height": 844}).new_page()
        return self._checker

    def check_pending(self) -> list[Violation]:
        found: list[Violation] = []
        self._page().evaluate("0")  # a round trip: load events already received reach ``_record`` first
        pending, self._pending = self._pending, []
        for url, html in pending:
            digest = hashlib.sha256(html.encode()).hexdigest()
            if digest in self._seen:
                continue
            self._seen.add(digest)
            found.extend(self._check(url, html))
        return found

    def _check(self, url: str, html: str) -> list[Violation]:
        page = self._page()
        address = url.split("#", 1)[0]

        def shown(route, request):
            route.fulfill(body=html, content_type="text/html; charset=utf-8")

        def same(candidate: str) -> bool:
            return candidate == address

        page.route(same, shown)
        try:
            page.goto(address, wait_until="load")
            page.add_script_tag(content=axe_source())
            result = page.evaluate(
                "async ([tags, exclude]) => await axe.run({include: [['html']], exclude},"
                " {runOnly: {type: 'tag', values: tags}})",
                [TAGS, EXCLUDE],
            )
        finally:
            page.unroute(same, shown)
        self.pages += 1
        violations = []
        for item in result["violations"]:
            impact = item.get("impact") or "minor"
            self.counts[impact] = self.counts.get(impact, 0) + 1
            if impact in BLOCKING:
                targets = [" ".join(map(str, node["target"])) for node in item["nodes"]]
                violations.append(Violation(url, item["id"], impact, item["help"], targets))
        return violations

    def save(self, worker: str) -> None:
        folder = report_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{worker}.json").write_text(json.dumps({"pages": self.pages, "counts": self.counts}))


def report_dir() -> Path:
    import tempfile

    return Path(tempfile.gettempdir()) / "suite-axe" / os.environ.get(RUN, "single")


def start_run() -> None:
    """In the run's controller: a folder of this run's own for the workers' counts."""
    import uuid

    os.environ.setdefault(RUN, uuid.uuid4().hex)


def totals() -> tuple[int, dict[str, int]]:
    pages, counts = 0, {}
    for path in report_dir().glob("*.json"):
        data = json.loads(path.read_text())
        pages += data["pages"]
        for impact, n in data["counts"].items():
            counts[impact] = counts.get(impact, 0) + n
    return pages, counts


def end_run() -> None:
    import shutil

    shutil.rmtree(report_dir(), ignore_errors=True)
