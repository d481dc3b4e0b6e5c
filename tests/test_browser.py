"""A person's view: in a real browser, search the built site, open a procedure, see its badge."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Sopgen, set_team

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser test: install Debian's chromium (.ci/run does)")
    pytest.skip("chromium is not installed here (apt-get install chromium); CI runs this test",
                allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture
def served(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Build a small wiki and serve its site on 127.0.0.1; yield the base URL."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    set_team(wiki.root)
    wiki.page("procedures/marketing/newsletter.md", """
        ---
        title: Send the weekly newsletter
        owner: ana
        backup: ben
        last_verified: 2020-01-01
        review_every: 90d
        ---
        # Send the weekly newsletter

        1. Open the sourdough campaign in Mailchimp.
        2. Send a test to your own inbox.
        """)
    wiki.page("procedures/website/hours.md", """
        ---
        title: Update the opening hours
        owner: maria
        backup: ben
        last_verified: 2099-01-01
        status: draft
        ---
        1. Log in to the website.
        """)
    wiki.page("procedures/marketing/social.md", """
        ---
        title: Post on Instagram
        owner: ana
        backup: maria
        last_verified: 2099-01-01
        status: draft
        ---
        Posts go out on Fridays.

        ## Before you start

        1. Open the phone.

        ## Posting

        1. Choose the photo.
        """)
    assert wiki("build", "--site-dir", "site").exit_code == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(wiki.root / "site"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_search_a_step_open_the_procedure_see_its_badge(served: str, tmp_path: Path) -> None:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(served)
            page.locator("input.md-search__input").click()
            page.keyboard.type("sourdough")  # as a person types: Material listens to keys
            result = page.locator(".md-search-result__link", has_text="Send the weekly newsletter")
            result.first.wait_for(timeout=15_000)
            result.first.click()
            page.wait_for_url("**/marketing/newsletter/**")
            badge = page.locator(".sopgen-box .sopgen-badge")
            assert badge.inner_text() == "Stale"
            colour = badge.evaluate("e => getComputedStyle(e).backgroundColor")
            assert colour == "rgb(179, 38, 30)"  # the stale red, from the plugin's stylesheet
            assert "Ana" in page.locator(".sopgen-box").inner_text()
            assert page.locator(".sopgen-search-names").is_hidden()  # for search only
            page.screenshot(path=str(tmp_path / "procedure.png"))

            page.goto(served)
            page.locator("input.md-search__input").click()
            page.keyboard.type("Perez")  # by the owner's name
            owner = page.locator(".md-search-result__link", has_text="Send the weekly newsletter")
            owner.first.wait_for(timeout=15_000)
            # The box is kept out of the index: a result's preview starts with the page's words.
            page.goto(served)
            page.locator("input.md-search__input").click()
            page.keyboard.type("weekly")  # a word of the title only
            teaser = page.locator(".md-search-result__article").first
            teaser.wait_for(timeout=15_000)
            preview = teaser.inner_text().split("Send the weekly newsletter", 1)[1].strip()
            assert preview.startswith("Open the sourdough campaign"), preview
            page.screenshot(path=str(tmp_path / "search.png"))

            page.goto(served)
            page.locator("input.md-search__input").click()
            page.keyboard.type("Ana")  # a first name finds every page she owns
            for title in ("Send the weekly newsletter", "Post on Instagram"):
                found = page.locator(".md-search-result__link", has_text=title)
                found.first.wait_for(timeout=15_000)
            shown = page.locator(".md-search-result").inner_text()
            assert "Last verified" not in shown and "Owner" not in shown, shown
        finally:
            browser.close()
