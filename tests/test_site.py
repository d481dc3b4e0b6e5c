"""The site: a fixture wiki built with MkDocs, asserting on the HTML, search index and calendars."""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Sopgen, set_team

TODAY = dt.date(2026, 11, 23)
# An account page several tests' wikis have.
MAILCHIMP = """
    ---
    kind: account
    title: Mailchimp
    owner: maria
    last_verified: 2026-11-01
    registered_to: Acme Bakery Ltd
    admins: [maria, ana]
    credentials: 1Password vault "Marketing"
    renews: 2026-12-01
    ---
    # Mailchimp
    """
EPOCH = str(int(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC).timestamp()))


def proc(title: str, owner: str, verified: str, backup: str | None = "maria", extra: str = "",
         body: str = "1. Log in.\n2. Do it.\n") -> str:
    lines = ["---", f"title: {title}", f"owner: {owner}"]
    if backup:
        lines.append(f"backup: {backup}")
    lines += [f"last_verified: {verified}", "review_every: 90d"]
    return "\n".join(lines) + ("\n" + extra if extra else "") + "\n---\n\n" + body


@pytest.fixture
def site(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Build a wiki with pages in every status; return the site folder."""
    set_team(wiki.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/marketing/newsletter.md", proc(
        "Send the newsletter", "ana", "2026-11-01", extra="uses: [mailchimp]\nclient: Acme Co\n"
        "tags: [email]", body="1. Open the croissant campaign.\n2. Send it.\n"))
    wiki.page("procedures/marketing/social.md", proc("Post on Instagram", "ana", "2026-08-30"))
    wiki.page("procedures/website/update.md", proc("Update the website", "ben", "2026-08-01",
                                                  backup=None))
    wiki.page("procedures/website/redesign.md", proc("Redesign", "maria", "2026-01-01",
                                                     extra="status: draft"))
    wiki.page("procedures/old.md", proc("Old way", "maria", "2025-01-01", extra="status: retired"))
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("ben: {name: Ben Okafor,",
                                                 "ben: {name: '<i>Ben</i> Okafor',"))
    wiki.page("procedures/evil.md", proc('"</title><script>alert(1)</script> & co"', "maria",
                                         "2026-11-01", extra="client: '<b>bold</b>'"))
    wiki.page("procedures/accounts/mailchimp.md", MAILCHIMP)
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    return wiki.root / "site"


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def content(page_html: str) -> str:
    """Return the page's article, without the navigation around it."""
    return page_html[page_html.index('<article class="md-content__inner'):
                     page_html.index("</article>")]


def box(page_html: str) -> str:
    match = re.search(r'<div class="sopgen-box.*?</dl></div>', page_html, re.DOTALL)
    assert match, "no sopgen box on the page"
    return match.group(0)


@pytest.mark.parametrize(("path", "status", "label"), [
    ("marketing/newsletter/index.html", "fresh", "Fresh"),
    ("marketing/social/index.html", "due", "Due soon"),
    ("website/update/index.html", "stale", "Stale"),
    ("website/redesign/index.html", "draft", "Draft"),
    ("old/index.html", "retired", "Retired"),
])
def test_every_status_has_its_badge(site: Path, path: str, status: str, label: str) -> None:
    shown = box(html(site, path))
    assert f'data-status="{status}"' in shown
    assert f'<span class="sopgen-badge sopgen-{status}" title="Status: {label}">{label}</span>' \
        in shown


def test_box_shows_owner_backup_dates_client_and_accounts(site: Path) -> None:
    shown = box(html(site, "marketing/newsletter/index.html"))
    assert '<dt>Owner</dt><dd><a href="../../review/people/ana/">Ana Perez (ana)</a></dd>' in shown
    assert "<dt>Backup</dt><dd><a href=\"../../review/people/maria/\">Maria Lopez (maria)</a>" \
        in shown
    assert "<dt>Last verified</dt><dd>2026-11-01 (22 days ago)</dd>" in shown
    assert "<dt>Next review</dt><dd>2027-01-30 (in 68 days)</dd>" in shown
    assert "<dt>Client</dt><dd>Acme Co</dd>" in shown
    assert '<dt>Uses</dt><dd><a href="../../accounts/mailchimp/">Mailchimp</a></dd>' in shown


def test_box_sits_under_the_title(site: Path) -> None:
    page = html(site, "marketing/newsletter/index.html")
    assert page.index("<h1") < page.index("sopgen-box") < page.index("croissant")


def test_the_box_goes_under_the_pages_own_title_or_first(wiki: Sopgen,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    bodies = {"atx": "# Own title\n\nIntro words.\n", "setext": "Own title\n===\n\nIntro words.\n",
              "untitled": "Intro words.\n\n# Later heading\n",
              "raw": '<h1 class="x">Own title</h1>\n\nIntro words.\n'}
    for name, body in bodies.items():
        wiki.page(f"procedures/{name}.md", proc(name.title(), "ana", "2026-11-01", body=body))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    for name in ("atx", "setext", "raw"):
        page = content(html(wiki.root / "site", f"{name}/index.html"))
        assert page.count("<h1") == 1
        assert page.index("Own title") < page.index("</h1>") < page.index("sopgen-box") \
            < page.index("Intro words"), name
    page = content(html(wiki.root / "site", "untitled/index.html"))
    assert page.index("sopgen-box") < page.index("Intro words") < page.index("Later heading")


def test_missing_backup_is_called_out(site: Path) -> None:
    assert '<dt>Backup</dt><dd><span class="sopgen-missing">none: only the owner knows this' \
           "</span></dd>" in box(html(site, "website/update/index.html"))


def test_front_matter_values_are_escaped(site: Path) -> None:
    page = html(site, "evil/index.html")
    assert "<script>alert" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co - " in page
    for other in ("index.html", "review/people/maria/index.html", "review/accounts/index.html"):
        assert "<script>alert" not in html(site, other)
    for other in ("review/index.html", "review/people/ben/index.html",
                  "website/update/index.html"):  # a team member's name is escaped too
        assert "<i>Ben</i>" not in html(site, other)
        assert "&lt;i&gt;Ben&lt;/i&gt; Okafor" in html(site, other)
    assert "<b>bold</b>" not in page
    assert "<dt>Client</dt><dd>&lt;b&gt;bold&lt;/b&gt;</dd>" in box(page)
    dashboard = html(site, "review/index.html")
    assert "<script>alert" not in dashboard


def test_account_page_box_and_used_by(site: Path) -> None:
    shown = box(html(site, "accounts/mailchimp/index.html"))
    assert "<dt>Registered to</dt><dd>Acme Bakery Ltd</dd>" in shown
    assert "<dt>Credentials</dt><dd>kept in 1Password vault &#34;Marketing&#34;</dd>" in shown
    assert 'sopgen-due">Renews soon</span>' in shown
    assert '<dt>Used by</dt><dd><a href="../../marketing/newsletter/">Send the newsletter</a>' \
        in shown


def test_dashboard_lists_stale_then_due_by_owner_with_counts(site: Path) -> None:
    page = content(html(site, "review/index.html"))
    assert '<span class="sopgen-badge">1 Stale</span>' in page
    # Post on Instagram by its review date, Mailchimp by its renewal (2026-12-01), as check has it.
    assert '<span class="sopgen-badge">2 Due soon</span>' in page
    stale = page.index("Stale: review now (1)")
    due = page.index("Due soon (2)")
    assert stale < page.index("Update the website") < due < page.index("Post on Instagram")
    assert due < page.index('<a href="../accounts/mailchimp/">Mailchimp</a>')
    assert '<a href="../website/update/">Update the website</a>' in page
    assert 'href="reviews.ics"' in page


def test_person_pages_list_what_they_own_and_back_up(site: Path) -> None:
    page = content(html(site, "review/people/ana/index.html"))
    owns = page[page.index("Owns (2)"):page.index("Backs up")]
    assert "Send the newsletter" in owns and "Post on Instagram" in owns
    assert "virtual" not in owns
    maria = content(html(site, "review/people/maria/index.html"))
    backs = maria[maria.index("Backs up ("):]
    assert "Send the newsletter" in backs
    assert "Account admin (1)" in maria
    ben = html(site, "review/people/ben/index.html")
    assert "1 of these has no backup: only &lt;i&gt;Ben&lt;/i&gt; Okafor knows how it is done." \
        in ben


def test_client_page_and_accounts_index(site: Path) -> None:
    client = html(site, "review/clients/acme-co/index.html")
    assert "Client: Acme Co" in client and "Send the newsletter" in client
    accounts = content(html(site, "review/accounts/index.html"))
    assert '<a href="../../accounts/mailchimp/">Mailchimp</a>' in accounts
    assert "1Password vault &#34;Marketing&#34;" in accounts  # escaped by Jinja


def test_nothing_is_written_into_the_docs_folder(site: Path) -> None:
    docs = site.parent / "procedures"
    assert not (docs / "review").exists()
    assert not list(docs.rglob("*.ics"))


def test_calendar_feeds(site: Path) -> None:
    feed = (site / "review/reviews.ics").read_bytes().decode()
    assert feed.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert feed.endswith("END:VCALENDAR\r\n")
    events = feed.split("BEGIN:VEVENT")[1:]
    assert len(events) == 6  # four active procedures, the account's review and its renewal
    assert "DTSTART;VALUE=DATE:20270130\r\nDTEND;VALUE=DATE:20270131\r\n" \
           "SUMMARY:Review: Send the newsletter\r\n" in feed
    assert "SUMMARY:Renews: Mailchimp\r\n" in feed
    assert "SUMMARY:Review: </title><script>alert(1)</script> & co\r\n" in feed  # plain text
    uids = re.findall(r"UID:(\S+)\r\n", feed)
    assert len(set(uids)) == len(uids) == 6
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))
    ana = (site / "review/people/ana.ics").read_text()
    assert ana.count("BEGIN:VEVENT") == 4  # owns two; admins Mailchimp (review and renewal)
    assert set(re.findall(r"UID:(\S+)", ana)) <= set(uids)


def test_search_index_finds_steps_title_and_owner(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text())
    docs = {d["location"]: d for d in index["docs"]}
    page = next(d for loc, d in docs.items() if loc == "marketing/newsletter/")
    assert "croissant" in page["text"] and page["title"] == "Send the newsletter"
    assert "Ana Perez" in page["text"]
    assert "review/" not in docs  # the dashboard is kept out of the index
    # So is every generated page: the tags page too, whose listing repeats every tagged title.
    assert (site / "review/tags/index.html").is_file()
    assert [loc for loc in docs if loc.startswith("review/")] == []


def test_mkdocs_build_gives_the_same_site(site: Path, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    other = tmp_path / "mkdocs-site"
    build(load_config(str(site.parent / "mkdocs.yml"), site_dir=str(other)))
    for name in ("marketing/newsletter/index.html", "review/index.html", "review/reviews.ics"):
        assert (other / name).read_text() == (site / name).read_text()


def test_strict_build_fails_naming_check_errors(wiki: Sopgen, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/broken.md", "---\ntitle: [\n---\n")
    result = wiki("build", "--strict", "--site-dir", "site")
    assert result.exit_code == 1
    assert "Error: Aborted with 1 warnings in strict mode!" in result.output
    assert wiki("build", "--site-dir", "site").exit_code == 0


def test_generated_page_clash_is_a_clear_error(wiki: Sopgen, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/review/index.md", "# Mine\n")
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 1
    assert "sopgen generates review/index.md, but the docs folder already has it" in result.output


def test_build_outside_a_wiki(empty: Sopgen) -> None:
    result = empty("build")
    assert result.exit_code == 2 and "no mkdocs.yml found" in result.output


def test_bad_mkdocs_configuration_is_exit_2(wiki: Sopgen, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material", "  name: nosuchtheme"))
    result = wiki("build")
    assert result.exit_code == 2
    assert "Config value 'theme': Unrecognised theme name: 'nosuchtheme'" in result.output
    assert result.output.rstrip().endswith("mkdocs.yml: Aborted with a configuration error!")


def test_sections_list_their_pages_with_status(site: Path) -> None:
    section = content(html(site, "marketing/index.html"))  # made: the folder has no index.md
    assert "<h1" in section and "Marketing" in section
    assert section.index("In this section") < section.index("Post on Instagram") \
        < section.index("Send the newsletter")
    assert '<a href="newsletter/">Send the newsletter</a>' in section
    assert '<span class="sopgen-badge sopgen-due" title="Status: Due soon">Due soon</span>' \
        in section
    home = content(html(site, "index.html"))  # an existing index page gets the listing added
    assert "In this section" in home and "Old way" in home


def tag_links(site: Path, path: str) -> dict[str, str]:
    """Return each tag shown on a page with the address it links to, from the site's root."""
    from urllib.parse import urljoin

    page = html(site, path)
    return {html_module.unescape(name): urljoin(f"http://site/{path}", href)[len("http://site/"):]
            for href, name in re.findall(r'<a href="([^"]*)" class="md-tag">([^<]*)</a>', page)}


def heading_after(page_html: str, anchor: str) -> str:
    """Return the text of the heading with this id and what follows it up to the next heading."""
    start = page_html.index(f'id="{anchor}"')
    end = page_html.find("<h2", start)
    return page_html[start:end if end > 0 else len(page_html)]


def test_tags_link_to_their_heading_on_the_tags_page(site: Path) -> None:
    links = tag_links(site, "marketing/newsletter/index.html")
    assert links == {"email": "review/tags/#email"}
    tags = content(html(site, "review/tags/index.html"))
    under = heading_after(tags, "email")
    assert '<a href="../../marketing/newsletter/">Send the newsletter</a>' in under
    assert '<span class="sopgen-badge sopgen-fresh" title="Status: Fresh">Fresh</span>' in under
    assert "Post on Instagram" not in tags  # no tags: on no tag's list
    assert "material/tags" not in tags


def test_odd_and_hostile_tags_link_to_their_own_heading(wiki: Sopgen,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    # "Tags" is also the page's title (so its heading id is taken), "R&D" and "r-d" slug alike.
    odd = ["<img src=x onerror=alert(1)>", "R&D", "r-d", "tags", "Step 10", "Step 2", "café"]
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01",
                                      extra=f"tags: {json.dumps(odd)}"))
    wiki.page("procedures/b.md", proc("Beta", "ana", "2026-11-01", extra="tags: [r-d, r-d]"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    site = wiki.root / "site"
    tags = html(site, "review/tags/index.html")
    assert "<img" not in tags.replace("&lt;img", "")
    links = tag_links(site, "a/index.html")
    assert set(links) == set(odd)
    anchors = [link.split("#")[1] for link in links.values()]
    assert len(set(anchors)) == len(odd)  # each its own heading
    for name, link in links.items():
        assert link.startswith("review/tags/#")
        heading = heading_after(tags, link.split("#")[1])
        assert heading.split(">", 1)[1].startswith(html_module.escape(name, quote=False))
        assert "Alpha" in heading
    # Written twice on a page, listed once.
    assert heading_after(tags, links["r-d"].split("#")[1]).count("Beta") == 1
    order = [html_module.unescape(h) for h in re.findall(r'<h2 id="[^"]*">([^<]*)<', tags)]
    assert order.index("Step 2") < order.index("Step 10")


def test_tags_that_differ_in_case_only_keep_one_order_from_run_to_run() -> None:
    from types import SimpleNamespace

    from sopgen.plugin.generated import tag_names

    words = ["email", "tags", "web", "r&d", "café", "step 2", "seo", "ads", "blog", "x"]
    tags = [variant for word in words for variant in (word, word.upper(), word.title())]
    states = [SimpleNamespace(page=SimpleNamespace(tags=tuple(tags[i::3]))) for i in range(3)]
    names = tag_names(SimpleNamespace(states=states, pages=[]))  # type: ignore[arg-type]
    # A set's order changes with each process's hash seed: "Tags" and "tags" tied, so the tags
    # page's headings (and the ids the pages' tags link to) changed from build to build.
    assert names[:6] == ["ADS", "Ads", "ads", "BLOG", "Blog", "blog"]
    for word in words:
        variants = [n for n in names if n.casefold() == word.casefold()]
        assert variants == sorted(variants)  # ties by the text itself


@pytest.mark.parametrize("toc", ["toc_depth: 1", "baselevel: 2"])
def test_tags_link_to_their_heading_whatever_the_table_of_contents_lists(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch, toc: str) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - toc:\n      permalink: true",
                                                 f"  - toc:\n      permalink: true\n      {toc}"))
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01", extra="tags: [email, web]"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    # toc_depth: 1 lists no "##" heading in the table of contents; baselevel: 2 makes them <h3>.
    assert tag_links(wiki.root / "site", "a/index.html") == {
        "email": "review/tags/#email", "web": "review/tags/#web"}
    tags = html(wiki.root / "site", "review/tags/index.html")
    assert 'id="email"' in tags and 'id="web"' in tags


def test_tags_with_spaces_at_their_ends_link_as_sopgen_reads_them(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01",
                                      extra='tags: [" email", "x\\ty", "   "]'))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    links = tag_links(wiki.root / "site", "a/index.html")
    # Material shows them as written; sopgen lists them trimmed, control characters made spaces.
    assert links == {" email": "review/tags/#email", "x\ty": "review/tags/#x-y"}
    assert '<span class="md-tag">   </span>' in html(wiki.root / "site", "a/index.html")
    tags = content(html(wiki.root / "site", "review/tags/index.html"))
    assert re.findall(r"<h2 id=\"([^\"]*)\">([^<]*)<", tags) == [("email", "email"), ("x-y", "x y")]


def test_pages_that_are_not_procedures_list_under_their_tags(
        wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01", extra="tags: [email]"))
    wiki.page("procedures/about.md", "---\nkind: page\ntags: [email, only-here]\n---\n"
              "# <script>alert(1)</script> About\n")
    wiki.page("procedures/broken.md", "---\nkind: page\ntags: [email\n---\n# Broken\n")
    assert wiki("build", "--site-dir", "site").exit_code == 0
    site = wiki.root / "site"
    # Material shows a `kind: page` page's tags as any page's: they link as any page's do.
    assert tag_links(site, "about/index.html") == {"email": "review/tags/#email",
                                                    "only-here": "review/tags/#only-here"}
    tags = content(html(site, "review/tags/index.html"))
    assert "<script>" not in tags
    under = heading_after(tags, "only-here")
    assert '<li><a href="../../about/">&lt;script&gt;alert(1)&lt;/script&gt; About</a></li>' \
        in under
    assert "<table>" not in under  # no procedure has the tag
    email = heading_after(tags, "email")
    assert "Alpha" in email and "About" in email and "Broken" not in tags


def test_tags_follow_the_sites_own_heading_ids(wiki: Sopgen,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - toc:\n      permalink: true",
        "  - toc:\n      permalink: true\n      slugify: !!python/object/apply:"
        "pymdownx.slugs.slugify {kwds: {case: lower-ascii}}"))
    assert "pymdownx.slugs" in config.read_text()
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01", extra="tags: [Café Menu]"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    links = tag_links(wiki.root / "site", "a/index.html")
    assert links == {"Café Menu": "review/tags/#café-menu"}  # the default would be cafe-menu
    assert 'id="café-menu"' in html(wiki.root / "site", "review/tags/index.html")


def test_no_tags_page_when_materials_tags_plugin_is_off(wiki: Sopgen,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tags\n", "  - tags:\n      enabled: false\n"))
    assert "enabled: false" in config.read_text()
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01", extra="tags: [email]"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    assert not (wiki.root / "site/review/tags").exists()
    assert (wiki.root / "site/review/index.html").is_file()


def test_a_sites_own_tags_listing_keeps_materials_links(wiki: Sopgen,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/a.md", proc("Alpha", "ana", "2026-11-01", extra="tags: [email, web]"))
    wiki.page("procedures/topics.md", "---\nkind: page\n---\n# Topics\n\n"
              "<!-- material/tags { include: [email] } -->\n")
    assert wiki("build", "--site-dir", "site").exit_code == 0
    links = tag_links(wiki.root / "site", "a/index.html")
    assert links == {"email": "topics/#tag:email", "web": "review/tags/#web"}


def test_search_finds_a_page_on_its_own_not_in_its_sections_listing(site: Path) -> None:
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    hits = {doc["location"].split("#")[0] for doc in docs
            if "Instagram" in doc["title"] + doc["text"]}
    assert hits == {"marketing/social/"}
    assert any(doc["location"] == "marketing/" for doc in docs)  # the index page is indexed


def test_procedures_can_leave_the_nav_for_large_wikis(wiki: Sopgen,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d", "      due_soon: 14d\n      procedures_in_nav: false"))
    for n in range(3):
        wiki.page(f"procedures/client-a/p{n}.md", proc(f"Task {n}", "ana", "2026-11-01",
                                                       body=f"1. Knead batch {n}.\n"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    site = wiki.root / "site"
    page = html(site, "client-a/p1/index.html")
    start = page.index('<nav class="md-nav md-nav--primary"')
    nav = page[start:page.index('<div class="md-sidebar md-sidebar--secondary"', start)]
    assert "Task 0" not in nav and "Task 2" not in nav
    assert 'href="../"' in nav or "Client a" in nav  # the section's index stays in the nav
    assert "Task 1" in content(page) and "sopgen-box" in page
    listing = content(html(site, "client-a/index.html"))
    assert all(f"Task {n}" in listing for n in range(3))
    index = json.loads((site / "search/search_index.json").read_text())
    assert any("batch 2" in d["text"] for d in index["docs"])  # still found by search


def test_the_build_log_has_no_colour_off_a_terminal(wiki: Sopgen, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/p.md", "---\nowner: maria\nlast_verified: 2020-01-01\n---\n\n1. S.\n")
    result = wiki("build", "--site-dir", "site")
    assert "[stale]" in result.output
    assert "\x1b[" not in result.output


def test_a_wiki_with_materials_blog_builds(wiki: Sopgen, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - tags\n", "  - tags\n  - blog\n", 1))
    wiki.page("procedures/blog/index.md", "# Blog\n")
    wiki.page("procedures/blog/posts/hello.md", "---\ndate: 2026-11-01\n---\n\n# Hello\n\nA post.\n")
    wiki.page("procedures/blog/posts/owned.md", "---\ndate: 2026-11-02\nowner: maria\n"
              "backup: ana\nlast_verified: 2026-11-01\n---\n\n# Owned\n\nA post.\n")
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    assert (wiki.root / "site" / "blog" / "index.html").is_file()
    check = wiki("check", "--today", "2026-11-23", "--format", "json")
    pages = [p["path"] for p in json.loads(check.output)["pages"]]
    assert "procedures/blog/posts/hello.md" not in pages  # a post, not a procedure


STALE = "---\nowner: maria\nbackup: ana\nlast_verified: 2020-01-01\n---\n\n1. S.\n"
ALONE = "---\nowner: maria\nlast_verified: 2026-11-01\n---\n\n1. S.\n"


@pytest.fixture
def findings(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> Sopgen:
    """A wiki with two stale pages, one with an unknown owner, and one with no backup."""
    set_team(wiki.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    wiki.page("procedures/a.md", STALE)
    wiki.page("procedures/b.md", STALE.replace("maria", "zed"))
    wiki.page("procedures/c.md", ALONE)
    return wiki


def sopgen_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "sopgen: " in line]


def test_the_build_log_counts_findings_by_rule(findings: Sopgen) -> None:
    result = findings("build", "--site-dir", "site")
    assert result.exit_code == 0
    see = "see review/ (the review dashboard), or build with --verbose for each finding"
    assert sopgen_lines(result.output) == [
        f"WARNING -  sopgen: 3 check errors (2 [stale], 1 [unknown-person]): {see}",
        f"INFO    -  sopgen: 1 check warning (1 [backup-missing]): {see}",
    ]


def test_verbose_logs_each_finding(findings: Sopgen) -> None:
    result = findings("build", "--site-dir", "site", "--verbose")
    assert result.exit_code == 0
    lines = sopgen_lines(result.output)
    assert len(lines) == 4 and "check errors" not in result.output
    assert lines[0].startswith("WARNING -  sopgen: procedures/a.md:4: [stale] stale since ")
    assert lines[-1].startswith("INFO    -  sopgen: procedures/c.md:2: [backup-missing] no backup")
    # The flag lasts one build: the next is plain again.
    assert len(sopgen_lines(findings("build", "--site-dir", "site").output)) == 2


def test_a_strict_build_lists_each_error_and_fails(findings: Sopgen) -> None:
    result = findings("build", "--strict", "--site-dir", "site")
    assert result.exit_code == 1
    lines = sopgen_lines(result.output)
    assert [line.split(": [")[0] for line in lines[:3]] == [
        "WARNING -  sopgen: procedures/a.md:4", "WARNING -  sopgen: procedures/b.md:2",
        "WARNING -  sopgen: procedures/b.md:4"]
    assert lines[3].startswith("INFO    -  sopgen: 1 check warning (1 [backup-missing])")
    assert "Error: Aborted with 3 warnings in strict mode!" in result.output


def test_mkdocs_build_strict_fails_on_a_stale_page(wiki: Sopgen) -> None:
    import os
    import subprocess
    import sys

    wiki.page("procedures/a.md", STALE)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
                          cwd=wiki.root, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "WARNING -  sopgen: procedures/a.md:4: [stale] stale since" in done.stderr
    assert "Aborted with 1 warnings in strict mode!" in done.stdout + done.stderr


def test_large_sections_leave_the_nav_by_default(wiki: Sopgen,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = wiki.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "      due_soon: 14d", "      due_soon: 14d\n      nav_section_limit: 2"))
    for n in range(3):
        wiki.page(f"procedures/big/p{n}.md", proc(f"Big {n}", "ana", "2026-11-01"))
    for n in range(2):
        wiki.page(f"procedures/small/p{n}.md", proc(f"Small {n}", "ana", "2026-11-01"))
    assert wiki("build", "--site-dir", "site").exit_code == 0
    page = html(wiki.root / "site", "small/p0/index.html")
    start = page.index('<nav class="md-nav md-nav--primary"')
    nav = page[start:page.index('<div class="md-sidebar md-sidebar--secondary"', start)]
    assert "Small 1" in nav  # a small section keeps its pages in the navigation
    assert "Big 0" not in nav and "Big 2" not in nav  # a large one lists them on its index
    listing = content(html(wiki.root / "site", "big/index.html"))
    assert all(f"Big {n}" in listing for n in range(3))


def test_another_plugin_failing_is_a_line_not_a_traceback(wiki) -> None:
    """A hook, plugin or extension of the user's that raises: where it broke, in one line."""
    (wiki.root / "hooks.py").write_text(
        "def on_page_markdown(markdown, **kwargs):\n    raise RuntimeError('boom')\n",
        encoding="utf-8")
    config = wiki.root / "mkdocs.yml"
    config.write_text("hooks:\n  - hooks.py\n" + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = wiki("build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    last = result.output.splitlines()[-1]
    assert last.startswith("Error: the build stopped: RuntimeError: boom (")
    assert last.endswith("hooks.py, line 2); a plugin, Markdown extension or theme named in "
                         "mkdocs.yml failed (build with --verbose for the traceback)")
    result = wiki("build", "--verbose")
    assert result.exit_code == 1 and "Traceback (most recent call last)" in result.output


def test_a_sections_listing_orders_titles_as_people_read_them(wiki: Sopgen,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for title in ["Step 10", "step 2", "Step 1", "Step ²", "Step ٣", "Apple"]:
        wiki.page(f"procedures/steps/{len(title)}-{ord(title[-1])}.md",
                  proc(title, "maria", "2026-11-01"))
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code in (0, 1), result.output
    section = content(html(wiki.root / "site", "steps/index.html"))
    order = [section.index(f">{title}</a>") for title in
             ["Apple", "Step 1", "step 2", "Step ٣", "Step 10", "Step ²"]]
    assert order == sorted(order)


def test_a_title_with_a_very_long_number_is_listed_in_its_section(wiki: Sopgen,
                                                                  monkeypatch) -> None:
    # Python refuses int() on more than 4,300 digits: the listing's order must not need it.
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    long_one, longer = "Batch " + "9" * 4400, "Batch " + "1" + "0" * 4400
    for n, title in enumerate([longer, "Batch 7", long_one, "Batch 0" + "0" * 5000 + "8"]):
        wiki.page(f"procedures/batches/b{n}.md", proc(title, "maria", "2026-11-01"))
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "Error" not in result.output
    section = content(html(wiki.root / "site", "batches/index.html"))
    order = [section.index(f">{title}</a>") for title in
             ["Batch 7", "Batch 0" + "0" * 5000 + "8", long_one, longer]]
    assert order == sorted(order)
