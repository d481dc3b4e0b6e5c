"""The plugin's templates: the box's exact HTML, and a site overriding it from its custom_dir."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from sopgen.checks import next_review, status_of
from sopgen.config import Settings
from sopgen.page import Page, parse_text
from sopgen.plugin.box import box_context, render_box, render_follow, render_search_names
from sopgen.plugin.render import Link, Renderer
from sopgen.results import PageState
from tests.conftest import Sopgen, set_team

TODAY = dt.date(2026, 11, 23)
SETTINGS = Settings.of(team={"ana": {"name": "Ana Perez"}, "ben": {"name": "<i>Ben</i>"}})
BADGE = '<span class="sopgen-badge sopgen-{0}" title="Status: {1}">{1}</span>'


def state(front: str) -> PageState:
    page = Page(path=Path("p.md"), src="p.md", file="p.md")
    parse_text(page, "---\n" + textwrap.dedent(front).strip() + "\n---\n1. A step.\n")
    assert not page.error and not page.problems, (page.error, page.problems)
    return PageState(page, status_of(page, SETTINGS, TODAY, False), next_review(page, SETTINGS))


def box(front: str, uses: list[Link] | None = None, used_by: list[Link] | None = None) -> str:
    context = box_context(state(front), SETTINGS, TODAY, lambda h: f"../people/{h}/",
                          uses or [], used_by)
    return render_box(Renderer(), context)


def test_fresh_procedure_box() -> None:
    assert box("""
        title: Send the newsletter
        owner: ana
        backup: ben
        last_verified: 2026-11-01
        verified_by: ana
        review_every: 90d
        client: Acme & Co
        uses: [mailchimp]
        """, uses=[Link("Mailchimp", "../accounts/mailchimp/")]) == (
        '<div class="sopgen-box sopgen-fresh" data-status="fresh" data-search-exclude>'
        + BADGE.format("fresh", "Fresh") + "<dl>\n"
        '<dt>Owner</dt><dd><a href="../people/ana/">Ana Perez (ana)</a></dd>\n'
        '<dt>Backup</dt><dd><a href="../people/ben/">&lt;i&gt;Ben&lt;/i&gt; (ben)</a></dd>\n'
        '<dt>Last verified</dt><dd>2026-11-01 (22 days ago) by '
        '<a href="../people/ana/">Ana Perez (ana)</a></dd>\n'
        "<dt>Next review</dt><dd>2027-01-30 (in 68 days)</dd>\n"
        "<dt>Client</dt><dd>Acme &amp; Co</dd>\n"
        '<dt>Uses</dt><dd><a href="../accounts/mailchimp/">Mailchimp</a></dd>\n'
        "</dl></div>")


def test_due_tomorrow_box() -> None:
    assert box("""
        title: Post
        owner: ana
        last_verified: 2026-08-26
        review_every: 90d
        """) == (
        '<div class="sopgen-box sopgen-due" data-status="due" data-search-exclude>'
        + BADGE.format("due", "Due soon") + "<dl>\n"
        '<dt>Owner</dt><dd><a href="../people/ana/">Ana Perez (ana)</a></dd>\n'
        '<dt>Backup</dt><dd><span class="sopgen-missing">none: only the owner knows this'
        "</span></dd>\n"
        "<dt>Last verified</dt><dd>2026-08-26 (89 days ago)</dd>\n"
        "<dt>Next review</dt><dd>2026-11-24 (tomorrow)</dd>\n"
        "</dl></div>")


def test_stale_by_one_day_box() -> None:
    assert box("""
        title: Update
        owner: someone
        backup: ana
        last_verified: 2026-08-24
        review_every: 90d
        """) == (
        '<div class="sopgen-box sopgen-stale" data-status="stale" data-search-exclude>'
        + BADGE.format("stale", "Stale") + "<dl>\n"
        "<dt>Owner</dt><dd><a href=\"../people/someone/\">someone</a></dd>\n"
        '<dt>Backup</dt><dd><a href="../people/ana/">Ana Perez (ana)</a></dd>\n'
        "<dt>Last verified</dt><dd>2026-08-24 (91 days ago)</dd>\n"
        "<dt>Next review</dt><dd>2026-11-22 (1 day overdue)</dd>\n"
        "</dl></div>")


def test_account_with_renewal_passed_box() -> None:
    assert box("""
        kind: account
        title: Domain
        owner: ana
        last_verified: 2026-11-01
        registered_to: Acme <Bakery> Ltd
        admins: [ana, ben]
        credentials: 1Password "Ops"
        renews: 2026-11-20
        """, used_by=[Link("Update the site", "../site/")]) == (
        # The renewal passed: the page cannot be trusted, whatever its review date says.
        '<div class="sopgen-box sopgen-stale" data-status="stale" data-search-exclude>'
        + BADGE.format("stale", "Stale") + "<dl>\n"
        '<dt>Owner</dt><dd><a href="../people/ana/">Ana Perez (ana)</a></dd>\n'
        "<dt>Last verified</dt><dd>2026-11-01 (22 days ago)</dd>\n"
        "<dt>Next review</dt><dd>2027-04-30 (in 158 days)</dd>\n"
        "<dt>Registered to</dt><dd>Acme &lt;Bakery&gt; Ltd</dd>\n"
        '<dt>Admins</dt><dd><a href="../people/ana/">Ana Perez (ana)</a>, '
        '<a href="../people/ben/">&lt;i&gt;Ben&lt;/i&gt; (ben)</a></dd>\n'
        "<dt>Credentials</dt><dd>kept in 1Password &#34;Ops&#34;</dd>\n"
        '<dt>Renews</dt><dd>2026-11-20 <span class="sopgen-badge sopgen-stale">Renewal passed'
        "</span></dd>\n"
        '<dt>Used by</dt><dd><a href="../site/">Update the site</a></dd>\n'
        "</dl></div>")


def test_draft_box_has_no_next_review_and_names_stay_searchable() -> None:
    context = box_context(state("""
        title: Redesign
        owner: ana
        backup: ben
        status: draft
        last_verified: 2026-01-01
        client: Acme & Co
        """), SETTINGS, TODAY, lambda h: None, [])
    renderer = Renderer()
    shown = render_box(renderer, context)
    assert "Next review" not in shown and BADGE.format("draft", "Draft") in shown
    assert "<dt>Owner</dt><dd>Ana Perez (ana)</dd>" in shown  # no person pages: no links
    assert render_search_names(renderer, context) == (
        '<p class="sopgen-search-names" hidden>Ana Perez (ana), &lt;i&gt;Ben&lt;/i&gt; (ben); '
        "Acme &amp; Co</p>")


def test_each_template_is_compiled_once() -> None:
    renderer = Renderer()
    assert renderer.template("sopgen/box.html") is renderer.template("sopgen/box.html")


def test_theme_dirs_come_first(tmp_path: Path) -> None:
    (tmp_path / "sopgen").mkdir()
    (tmp_path / "sopgen" / "box.html").write_text("<p>{{ owner.name }}</p>", encoding="utf-8")
    renderer = Renderer([str(tmp_path)])
    context = box_context(state("title: T\nowner: ben\nlast_verified: 2026-11-01"), SETTINGS,
                          TODAY, lambda h: None, [])
    assert render_box(renderer, context) == "<p>&lt;i&gt;Ben&lt;/i&gt;</p>"  # escaped anyway
    assert "sopgen-search-names" in render_search_names(renderer, context)  # not overridden


@pytest.fixture
def overridden(wiki: Sopgen, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Build a wiki whose theme custom_dir overrides the box and the dashboard; return the site."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 23, 12,
                                                                tzinfo=dt.UTC).timestamp())))
    set_team(wiki.root)
    config = wiki.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  name: material\n" in text
    config.write_text(text.replace("  name: material\n",
                                   "  name: material\n  custom_dir: overrides\n", 1),
                      encoding="utf-8")
    wiki.page("overrides/sopgen/box.html", """
        {% from "sopgen/macros.html" import badge %}
        <aside class="my-box" data-search-exclude>{{ badge(status) }} Ask {{ owner.name }}
        {%- if next_review %}, before {{ next_review_until }}{% endif %}.</aside>
        """)
    wiki.page("overrides/sopgen/dashboard.html", """
        # What to review

        <p>{{ summary.stale }} stale on {{ today }}.</p>

        ## Late ({{ summary.stale }})
        """)
    wiki.page("procedures/newsletter.md", """
        ---
        title: Send the newsletter
        owner: ana
        backup: ben
        last_verified: 2026-11-01
        review_every: 90d
        ---
        # Send the newsletter

        1. Open the croissant campaign.
        """)
    result = wiki("build", "--site-dir", "site")
    assert result.exit_code == 0, result.output
    return wiki.root / "site"


def test_custom_dir_overrides_the_box(overridden: Path) -> None:
    page = (overridden / "newsletter" / "index.html").read_text(encoding="utf-8")
    assert "sopgen-box" not in page
    assert ('<aside class="my-box" data-search-exclude>' + BADGE.format("fresh", "Fresh")
            + " Ask Ana Perez, before in 68 days.</aside>") in page
    assert page.index("<h1") < page.index("my-box") < page.index("croissant")
    index = json.loads((overridden / "search" / "search_index.json").read_text())
    doc = next(d for d in index["docs"] if d["location"] == "newsletter/")
    assert doc["text"].startswith("<ol>") and "Ask" not in doc["text"]
    assert "Ana Perez" in doc["text"]  # the names at the end of the page are still there


def test_custom_dir_overrides_the_dashboard(overridden: Path) -> None:
    page = (overridden / "review" / "index.html").read_text(encoding="utf-8")
    assert "<p>0 stale on 2026-11-23.</p>" in page
    assert '<h2 id="late-0">Late (0)' in page  # a Markdown heading: in the table of contents
    assert 'href="#late-0"' in page
    assert "Review dashboard" in page  # the title sopgen gives the page


def test_a_misspelt_variable_is_a_clear_error(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    (tmp_path / "sopgen").mkdir()
    (tmp_path / "sopgen" / "box.html").write_text("{{ ownr.name }}", encoding="utf-8")
    context = box_context(state("title: T\nowner: ana\nlast_verified: 2026-11-01"), SETTINGS,
                          TODAY, lambda h: None, [])
    with pytest.raises(PluginError, match=r"sopgen: template sopgen/box\.html: 'ownr' is undefined"):
        render_box(Renderer([str(tmp_path)]), context)


def follow_panel(front: str, body: str, file: str = "procedures/shop/close.md",
                 edit_url: str | None = None) -> str:
    page = Page(path=Path("close.md"), src="shop/close.md", file=file)
    parse_text(page, "---\n" + textwrap.dedent(front).strip() + "\n---\n" + body)
    found = PageState(page, status_of(page, SETTINGS, TODAY, False), next_review(page, SETTINGS))
    context = box_context(found, SETTINGS, TODAY, lambda h: None, [], None, edit_url)
    return render_follow(Renderer(), context)


def test_the_follow_panel_carries_the_verify_command_escaped() -> None:
    panel = follow_panel("owner: ana\nlast_verified: 2026-11-01", "- [ ] Lock up.\n",
                         edit_url="https://git.example/w/edit/main/a.md?x=1&y=<2>")
    assert '<div class="sopgen-follow" hidden data-search-exclude data-sopgen-key="2026-11-01">' \
        in panel
    assert ('<code class="sopgen-follow-command">sopgen verify procedures/shop/close.md --by ana'
            '</code>') in panel
    assert 'href="https://git.example/w/edit/main/a.md?x=1&amp;y=&lt;2&gt;">Edit this page' in panel


@pytest.mark.parametrize(("front", "body", "file", "command"), [
    ("owner: ana", "* [x] Done.\n", "procedures/a b.md",  # as a shell needs it typed
     "sopgen verify &#39;procedures/a b.md&#39; --by ana"),
    ("title: No owner yet", "1. [ ] Step.\n", "p.md", "sopgen verify p.md --by NAME"),
    ("owner: \"a'<b>\"", "- [ ] Step.\n", "p.md",
     "sopgen verify p.md --by &#39;a&#39;&#34;&#39;&#34;&#39;&lt;b&gt;&#39;"),
])
def test_the_verify_command_is_typed_as_a_shell_reads_it(front: str, body: str, file: str,
                                                          command: str) -> None:
    assert f'<code class="sopgen-follow-command">{command}</code>' in follow_panel(
        front, body, file)


@pytest.mark.parametrize(("front", "body"), [
    ("owner: ana", "1. A numbered step, no boxes.\n"),
    ("owner: ana", "```\n- [ ] in a code block only is still offered; the script finds no box\n"
                   "```\n"),
    ("kind: account\nowner: ana", "- [ ] An account's checklist is not a procedure.\n"),
])
def test_the_follow_panel_only_where_there_is_a_checklist(front: str, body: str) -> None:
    panel = follow_panel(front, body)
    if "code block" in body:
        assert panel.startswith('<div class="sopgen-follow" hidden')
    else:
        assert panel == ""
