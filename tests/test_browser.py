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
    yield from serve(wiki.root / "site")


def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (from disk: a rebuild is served at once); yield its URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
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


CHECKLIST = """
    ---
    title: Close the shop
    owner: ana
    backup: ben
    last_verified: 2026-11-01
    review_every: 90d
    ---
    # Close the shop

    ## Before you start

    - [ ] The last customer has left.

    ## Steps

    - [ ] Lock the back door.
    - [ ] Set the alarm.

    ## When it goes wrong

    Call Ben.
    """


@pytest.fixture
def followed(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A wiki with one checklist page and one page without, instant navigation and an edit URL."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    set_team(wiki.root)
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text()
                      .replace("    - navigation.prune\n", "    - navigation.prune\n"
                               "    - navigation.instant\n")
                      .replace("docs_dir: procedures\n", "docs_dir: procedures\n"
                               "repo_url: https://git.example/acme/wiki\n"
                               "edit_uri: edit/main/procedures/\n"))
    wiki.page("procedures/shop/close.md", CHECKLIST)
    wiki.page("procedures/shop/open.md", """
        ---
        title: Open the shop
        owner: maria
        backup: ben
        last_verified: 2026-11-01
        ---
        1. Unlock the door.
        2. [Close it](close.md) at night.
        """)
    (wiki.root / "site").mkdir()
    for url in serve(wiki.root / "site"):
        # Material's instant navigation needs the site's own address (it reads the sitemap).
        config.write_text(config.read_text().replace("site_name:", f"site_url: {url}\nsite_name:"))
        assert wiki("build", "--site-dir", "site").exit_code == 0
        yield url


def tick(page, index: int) -> None:
    """Click the box a person sees: Material draws it left of the item, and hides the input."""
    x, y = page.evaluate("""index => {
        const item = document.querySelectorAll('article .task-list-item')[index];
        const em = parseFloat(getComputedStyle(item).fontSize);
        const box = item.getBoundingClientRect();
        return [box.left - 0.9 * em, box.top + 0.75 * em]; }""", index)
    page.mouse.click(x, y)


def test_follow_a_checklist_on_the_page(followed: str, wiki: Sopgen, tmp_path: Path) -> None:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=followed)
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(followed + "shop/close/")
            boxes = page.locator("article .task-list-item input[type=checkbox]")
            panel = page.locator(".sopgen-follow")
            panel.wait_for(state="visible", timeout=15_000)
            assert boxes.count() == 3
            assert all(boxes.nth(i).is_enabled() for i in range(3))  # Material disables them
            assert panel.locator(".sopgen-follow-progress").inner_text().startswith(
                "0 of 3 steps ticked")
            # The panel sits under the last checklist, before "When it goes wrong".
            assert page.evaluate("""() => {
                const panel = document.querySelector('.sopgen-follow');
                return panel.previousElementSibling.classList.contains('task-list')
                    && panel.nextElementSibling.id === 'when-it-goes-wrong'; }""")

            tick(page, 0)
            tick(page, 1)
            page.reload()
            panel.wait_for(state="visible", timeout=15_000)
            assert [boxes.nth(i).is_checked() for i in range(3)] == [True, True, False]
            assert panel.locator(".sopgen-follow-finished").is_hidden()
            assert panel.locator(".sopgen-follow-done").inner_text() == "2"

            tick(page, 2)
            finished = panel.locator(".sopgen-follow-finished")
            finished.wait_for(state="visible")
            command = "sopgen verify procedures/shop/close.md --by ana"
            assert finished.locator("code").inner_text() == command
            assert (finished.locator("a.sopgen-follow-edit").get_attribute("href")
                    == "https://git.example/acme/wiki/edit/main/procedures/shop/close.md")
            copy = finished.locator("button.sopgen-follow-copy")
            copy.click()
            page.wait_for_function("() => document.querySelector"
                                   "('.sopgen-follow-copy').textContent === 'Copied'")
            assert page.evaluate("navigator.clipboard.readText()") == command
            page.screenshot(path=str(tmp_path / "finished.png"), full_page=True)

            panel.locator("button.sopgen-follow-reset").click()  # start again
            assert [boxes.nth(i).is_checked() for i in range(3)] == [False, False, False]
            assert finished.is_hidden()
            page.reload()
            panel.wait_for(state="visible", timeout=15_000)
            assert [boxes.nth(i).is_checked() for i in range(3)] == [False, False, False]

            # A page without a checklist shows nothing extra and enables nothing.
            page.goto(followed + "shop/open/")
            page.locator(".sopgen-box").wait_for()
            assert page.locator(".sopgen-follow").count() == 0
            assert page.locator("article input[type=checkbox]").count() == 0
            assert "steps ticked" not in page.locator("article").inner_text()

            # Ticks survive Material's instant navigation: reach the page by a link.
            page.goto(followed + "shop/close/")
            panel.wait_for(state="visible", timeout=15_000)
            tick(page, 0)
            page.goto(followed + "shop/open/")
            page.evaluate("window.sopgenSamePage = true")
            page.locator("article a", has_text="Close it").click()
            page.wait_for_url("**/shop/close/")
            assert page.evaluate("window.sopgenSamePage === true")  # no reload: instant
            panel.wait_for(state="visible", timeout=15_000)
            assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, False]
            assert all(boxes.nth(i).is_enabled() for i in range(3))

            # Verified again, the page starts afresh: the ticks belonged to the last run.
            assert wiki("verify", "procedures/shop/close.md", "--by", "ben",
                        "--date", "2026-11-20").exit_code == 0
            assert wiki("build", "--site-dir", "site").exit_code == 0
            page.goto(followed + "shop/close/")
            panel.wait_for(state="visible", timeout=15_000)
            assert [boxes.nth(i).is_checked() for i in range(3)] == [False, False, False]
            assert not [url for url in requested if not url.startswith(followed)], requested
        finally:
            browser.close()
