"""A real headless Chromium for the gateway's web pages (the staff help page), driven by
Playwright. Debian's chromium is the browser (scripts/sysdeps.sh installs it); Playwright's
own browser downloads are never used."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")

# Headless, and nothing that reaches off the machine: without the background-networking
# flags Chromium keeps trying Google's hosts, which a closed network refuses. No sandbox:
# the suite runs as root in CI, where Chromium's sandbox will not start.
ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


@contextmanager
def chromium() -> Iterator[object]:
    """A Playwright ``Browser`` on Debian's Chromium; closed on leaving."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make test` (it installs chromium) or "
                           "`apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))
        try:
            yield browser
        finally:
            browser.close()
