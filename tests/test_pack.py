"""`sopgen pack`: one self-contained HTML file, never another client's content, printable to PDF."""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clientwiki import BAKERY, BUSINESS, DENTIST, PODCAST, make_client_wiki
from tests.conftest import Sopgen

TODAY = "2026-11-23"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Sopgen:
    """The three-client wiki, with the bakery's pack written to crumb.html."""
    wiki = Sopgen(tmp_path_factory.mktemp("agency"))
    assert wiki("init", "--business", "Sam Reyes VA Services").exit_code == 0
    make_client_wiki(wiki)
    wiki.page("procedures/bakery/ovens.md", """
        ---
        title: Clean the <ovens> & trays
        owner: jo
        backup: sam
        last_verified: 2026-01-02
        client: bakery
        ---
        !!! warning "Hot"
            Wait until the ovens read below 40 C.

        | Oven | Spray |
        | --- | --- |
        | Deck | citrus |

        ![remote](https://cdn.crumbandco.example/oven.jpg)
        <img src="http://tracker.example/pixel.gif">
        <script src="https://evil.example/x.js"></script>
        <iframe src="https://video.example/oven"></iframe>
        <p style="background: url(https://tracker.example/bg.png)">Sourdough notes</p>
        See the [specials](daily-specials.md) and [the recalls](../dentist/recall-letters.md).
        """)
    result = wiki("pack", "--client", "bakery", "--output", "crumb.html", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "Wrote crumb.html: 4 pages of bakery\n"
    return wiki


@pytest.fixture(scope="module")
def pack(agency: Sopgen) -> str:
    return (agency.root / "crumb.html").read_text(encoding="utf-8")


class Requests(html.parser.HTMLParser):
    """Collect everything in an HTML document that a browser would fetch on opening it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("link", "script", "iframe", "embed", "object", "base", "video", "audio",
                   "source"):
            self.found.append(tag)
        for name in ("src", "srcset", "poster", "background", "data"):
            value = values.get(name)
            if value is not None and not value.startswith("data:"):
                self.found.append(f"{tag} {name}={value}")
        if "url(" in (values.get("style") or ""):
            self.found.append(f"{tag} style url()")


def test_the_pack_makes_no_request(pack: str) -> None:
    parser = Requests()
    parser.feed(pack)
    assert parser.found == []
    style = re.search(r"<style>(.*?)</style>", pack, re.DOTALL)
    assert style is not None and "url(" not in style.group(1) and "@import" not in style.group(1)
    assert "@media print" in style.group(1) and "break-before: page" in style.group(1)
    assert 'src="data:image/png;base64,' in pack  # the bakery's own logo, inside the file
    assert "[image: remote]" in pack  # a remote picture keeps its words, fetches nothing


def test_the_pack_holds_nothing_of_another_client_or_the_business(pack: str) -> None:
    text = pack.casefold()
    assert [w for w in DENTIST + PODCAST + BUSINESS if w in text] == []
    assert all(w in text for w in BAKERY)


def test_the_cover_names_the_client_the_date_and_counts(pack: str) -> None:
    cover = pack.split('<section class="sopgen-register"', 1)[0]
    assert "<h1>Crumb &amp; Co</h1>" in cover and "Crumb &amp; Co Ltd" in cover
    assert "As of 2026-11-23" in cover
    assert re.search(r">Fresh</span></td><td>3</td>", cover)
    assert re.search(r">Stale</span></td><td>1</td>", cover)
    assert "<tr><td>All</td><td>4</td></tr>" in cover
    assert "3 procedures and\n1 account" in cover


def test_the_account_register_has_every_column(pack: str) -> None:
    register = pack.split('id="accounts">', 1)[1].split("</section>", 1)[0]
    for value in ("Crumb Mailchimp", "Crumb &amp; Co Ltd", "Rosa Diaz, Sam Reyes",
                  "hello@crumbandco.example", "Crumb 1Password vault &#34;Shop&#34;",
                  "codes in the Crumb safe binder", "2027-03-01 (in 98 days)"):
        assert value in register, value


def test_every_procedure_is_in_full_with_its_box(pack: str) -> None:
    articles = re.findall(r'<article class="sopgen-procedure" id="([^"]+)">(.*?)</article>',
                          pack, re.DOTALL)
    titles = [re.search(r"<h1>(.*?)</h1>", body).group(1) for _, body in articles]
    assert titles == ["Post the daily sourdough specials", "Clean the &lt;ovens&gt; &amp; trays",
                      "Holiday cover rota", "Crumb Mailchimp"]  # by path, accounts last
    ovens = articles[1][1]
    assert 'class="sopgen-box sopgen-stale"' in ovens and "Jo Park (jo)" in ovens
    assert '<div class="admonition warning">' in ovens  # the site's markdown_extensions
    assert "<td>citrus</td>" in ovens
    assert f'<a href="#{articles[0][0]}">specials</a>' in ovens  # a link to a packed page
    assert "<a>the recalls</a>" in ovens  # another client's page: words, no address
    specials = articles[0][1]
    assert "<dt>Client</dt><dd>Crumb &amp; Co</dd>" in specials  # the name, not the slug
    assert f'<dt>Uses</dt><dd><a href="#{articles[3][0]}">Crumb Mailchimp</a></dd>' in specials


def test_a_pack_of_the_whole_wiki(agency: Sopgen) -> None:
    result = agency("pack", "--output", "-", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "<h1>Sam Reyes VA Services</h1>" in result.stdout
    for title in ("Send the molar recall letters", "Publish the Wavelength episode", "Xero"):
        assert title in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["--client", "bakrey", "--output", "x.html"], 2,
     "Error: --client bakrey: no such client in mkdocs.yml (clients: bakery, dentist, podcast)\n"),
    (["--output", "procedures/x.html"], 2, "Error: --output procedures/x.html: refusing to write "
                                          "a report inside procedures/, the site would publish it\n"),
])
def test_bad_pack_requests_are_exit_2(agency: Sopgen, args: list[str], code: int,
                                      message: str) -> None:
    result = agency("pack", *args)
    assert (result.exit_code, result.stderr) == (code, message)
    assert not (agency.root / "x.html").exists()


def test_a_secret_stops_the_pack(agency: Sopgen) -> None:
    page = agency.page("procedures/bakery/till.md", """
        ---
        title: Open the till
        owner: jo
        backup: sam
        last_verified: 2026-11-01
        client: bakery
        ---
        The till password: Hunter2-Crumb-77
        """)
    try:
        result = agency("pack", "--client", "bakery", "--output", "secret.html")
    finally:
        page.unlink()
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 1 secret in the docs; no pack was written:\n"
                                    "  procedures/bakery/till.md:")
    assert "Hunter2-Crumb-77" not in result.output
    assert not (agency.root / "secret.html").exists()


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                    reason="chromium is not installed here (apt-get install chromium); CI runs it")
def test_the_pack_prints_to_pdf_a_page_per_procedure(agency: Sopgen, tmp_path: Path) -> None:
    pdf = tmp_path / "crumb.pdf"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
         (agency.root / "crumb.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", raw))
    # The cover, the account register, then each of the 4 pages from a new sheet.
    assert pages == 6, pages
