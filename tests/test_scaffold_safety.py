"""`sopgen new` under hostile input: no front-matter injection, bounded templates, no symlink escape.

Every refusal is exit 2 with a one-line message, never a traceback, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sopgen.cli import base as cli_base
from sopgen.writing import yaml_scalar
from tests.conftest import Sopgen

ACCOUNT = ("new", "account", "--title", "Mailchimp", "--owner", "maria", "--no-input")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend a person is at a terminal, so sopgen prompts."""
    monkeypatch.setattr(cli_base, "interactive", lambda: True)


def pages(wiki: Sopgen) -> list[str]:
    """Return the docs folder's files other than its index, relative to it."""
    docs = wiki.root / "procedures"
    return sorted(str(p.relative_to(docs)) for p in docs.rglob("*")
                  if p.is_file() or p.is_symlink() if p.name != "index.md")


def assert_refused(wiki: Sopgen, result, message: str, before: list[str] | None = None) -> None:
    """Assert exit 2 with exactly one line of error containing `message`, and nothing written."""
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert pages(wiki) == (before or [])


def front_matter(path: Path) -> dict:
    """Return a page's front matter, parsed."""
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


# 1. Front-matter injection


@pytest.mark.parametrize("value", ["2027-01-01\nowner: mallory", "2027-01-01\rowner: mallory",
                                   "2027-01-01\u2028owner: mallory", "2027-01-01\x85x",
                                   "2027-01-01\tx", "2027-01-01\x1b[31m", "2027-01-01\x7f"])
def test_set_refuses_a_value_that_is_not_one_line(wiki: Sopgen, value: str) -> None:
    result = wiki(*ACCOUNT, "--set", f"renews={value}")
    assert_refused(wiki, result, "Error: --set renews: a value must be one line of text\n")


@pytest.mark.parametrize("option", ["--title", "--owner", "--backup", "--client"])
def test_options_refuse_a_value_that_is_not_one_line(wiki: Sopgen, option: str) -> None:
    args = {"--title": "Order flour", "--owner": "ana"} | {option: "x\nowner: mallory"}
    result = wiki("new", "blank", *[a for kv in args.items() for a in kv], "--no-input")
    assert_refused(wiki, result, f"Error: {option}: a value must be one line of text\n")


def test_set_on_a_text_variable_refuses_a_line_break(wiki: Sopgen) -> None:
    result = wiki(*ACCOUNT, "--set", "login_email=a@b.example\nadmins: [mallory]")
    assert_refused(wiki, result, "Error: --set login_email: a value must be one line of text\n")


@pytest.mark.parametrize(("value", "reason"), [
    ("soon", "expected a date as YYYY-MM-DD, got 'soon'"),
    ("2027-02-30", "2027-02-30 is not a real date"),
    ("2027-01-01 owner: mallory", "expected a date as YYYY-MM-DD"),
])
def test_renews_must_be_a_real_date(wiki: Sopgen, value: str, reason: str) -> None:
    result = wiki(*ACCOUNT, "--set", f"renews={value}")
    assert_refused(wiki, result, f"Error: --set renews: {reason}")


def test_renews_date_is_written_as_a_yaml_date(wiki: Sopgen) -> None:
    result = wiki(*ACCOUNT, "--set", "renews=2027-01-01")
    assert result.exit_code == 0, result.output
    path = wiki.root / "procedures/mailchimp.md"
    assert "\nrenews: 2027-01-01\n" in path.read_text()
    assert front_matter(path)["renews"] == dt.date(2027, 1, 1)
    assert front_matter(path)["owner"] == "maria"


def test_a_date_variable_declared_with_type(wiki: Sopgen) -> None:
    wiki.page("templates/d.md.j2", "{#\ndescription: x\nvariables:\n"
              "  due: {prompt: Due, default: '', type: date}\n#}\n"
              "{% include '_front-matter.md.j2' %}\nDue {{ due }}\n")
    result = wiki("new", "d", "--title", "D", "--owner", "ana", "--no-input", "--set", "due=nope")
    assert_refused(wiki, result, "Error: --set due: expected a date as YYYY-MM-DD, got 'nope'\n")
    result = wiki("new", "d", "--title", "D", "--owner", "ana", "--no-input",
                  "--set", "due=2027-03-04")
    assert result.exit_code == 0, result.output


def test_a_bad_date_default_or_type_in_a_template_header_is_refused(wiki: Sopgen) -> None:
    wiki.page("templates/d.md.j2", "{#\ndescription: x\nvariables:\n"
              "  due: {prompt: Due, default: soon, type: date}\n#}\n")
    result = wiki("new", "d", "--title", "D", "--owner", "ana", "--no-input")
    assert_refused(wiki, result, "the default of due: expected a date as YYYY-MM-DD")
    wiki.page("templates/d.md.j2", "{#\ndescription: x\nvariables:\n"
              "  due: {prompt: Due, type: number}\n#}\n")
    result = wiki("new", "d", "--title", "D", "--owner", "ana", "--no-input")
    assert_refused(wiki, result, "variable due has type 'number'; a type is text, date or "
                                 "duration")


def test_prompt_asks_again_for_a_bad_date_or_a_control_character(wiki: Sopgen,
                                                                   terminal: None) -> None:
    answers = ["Mailchimp", "maria", "", "",  # title, owner, backup, service_url
               "ops@acme.example\x1b[2J", "ops@acme.example",  # login_email: asked again
               "", "",  # credentials, recovery
               "soon", "2027-02-30", "2027-01-01",  # renews: asked until it is a date
               ""]  # purpose
    result = wiki("new", "account", "--dir", "accounts", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: a value must be one line of text" in result.output
    assert "Error: expected a date as YYYY-MM-DD, got 'soon'" in result.output
    assert "Error: 2027-02-30 is not a real date" in result.output
    meta = front_matter(wiki.root / "procedures/accounts/mailchimp.md")
    assert meta["renews"] == dt.date(2027, 1, 1)
    assert meta["login_email"] == "ops@acme.example"


def test_a_wiki_template_writing_values_with_yaml_cannot_be_injected(wiki: Sopgen) -> None:
    # Values that reach front matter through a template's own defaults are quoted, one line.
    wiki.page("templates/t.md.j2", "{#\ndescription: x\nvariables:\n"
              "  note: {prompt: Note, default: \"a\\nowner: mallory\\u2028b\\x85c\"}\n#}\n"
              "---\ntitle: {{ title|yaml }}\nowner: {{ owner|yaml }}\nnote: {{ note|yaml }}\n"
              "last_verified: {{ today|yaml(date=True) }}\nreview_every: 90d\n---\n\n# T\n")
    result = wiki("new", "t", "--title", "T", "--owner", "ana", "--no-input")
    assert result.exit_code == 0, result.output
    meta = front_matter(wiki.root / "procedures/t.md")
    assert meta["owner"] == "ana" and meta["note"] == "a\nowner: mallory\u2028b\x85c"


@pytest.mark.parametrize("value", [
    "a\nowner: mallory", "a\rb", "a\tb", "\x85", "a\u2028b", "a\u2029b", "\x7f", "\x9b",
    "x " * 6000 + "owner: mallory", "\xa0#", ["a\nb", "c"], {"k": "v\n- x"}, "Café ☕ 😀",
])
def test_yaml_scalar_is_always_one_line_and_reads_back(value: object) -> None:
    text = yaml_scalar(value)
    assert not any(ch in text for ch in "\n\r\x85\u2028\u2029")
    assert yaml.safe_load(f"k: {text}\nz: 1\n") == {"k": value, "z": 1}


def test_yaml_scalar_writes_dates_and_durations_plain() -> None:
    assert yaml_scalar("2026-11-02", date=True) == "2026-11-02"
    assert yaml_scalar(dt.date(2026, 11, 2), date=True) == "2026-11-02"
    assert yaml_scalar("2026-11-02") == "'2026-11-02'"  # text that only looks like a date
    assert yaml_scalar("2026-02-30", date=True) == "'2026-02-30'"
    assert yaml_scalar("2026-11-02\nx: y", date=True) == '"2026-11-02\\nx: y"'
    assert yaml_scalar("90d") == "90d"


def test_dir_refuses_a_trailing_line_break(wiki: Sopgen) -> None:
    result = wiki("new", "blank", "--title", "X", "--owner", "a", "--no-input", "--dir", "a\n")
    assert result.exit_code == 2
    assert "must be a folder inside procedures/" in result.output
    assert pages(wiki) == []


# 2. Sandbox resource limits


def render_wiki_template(wiki: Sopgen, body: str, name: str = "big"):
    """Add a wiki template with `body` after the shared front matter; run `new` with it."""
    wiki.page(f"templates/{name}.md.j2", "{# {description: x} #}\n"
              "{% include '_front-matter.md.j2' %}\n\n# T\n\n" + body + "\n")
    return wiki("new", name, "--title", "T", "--owner", "ana", "--no-input")


@pytest.mark.parametrize(("body", "message"), [
    ("{{ range(100000000) }}", "template big: Range too big. The sandbox blocks ranges larger than"),
    ("{{ 'a' * 10**9 }}", "template big: a string or list longer than 1,000,000 items\n"),
    ("{{ 10**9 * 'a' }}", "template big: a string or list longer than 1,000,000 items\n"),
    ("{{ [1] * 10**9 }}", "template big: a string or list longer than 1,000,000 items\n"),
    ("{% set ns = namespace(s='a' * 1000000) %}{% for i in range(40) %}"
     "{% set ns.s = ns.s + ns.s %}{% endfor %}",
     "template big: a string or list longer than 1,000,000 items\n"),
    ("{{ 10 ** (10 ** 10) }}", "template big: a number with more than 3,000 digits\n"),
    ("{{ 2**(10**400) }}", "template big: a number with more than 3,000 digits\n"),
    ("{% set ns = namespace(n=10**2000) %}{% for i in range(20) %}"
     "{% set ns.n = ns.n * ns.n %}{% endfor %}",
     "template big: a number with more than 3,000 digits\n"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "template big: its loops over range() go past 1,000,000 items in all\n"),
    ("{% for i in range(3) %}{{ 'a' * 1000000 }}{% endfor %}",
     "template big: the page would be larger than 2 MB\n"),
    ("{{ 2.0 ** 100000 }}", "template big: Numerical result out of range\n"),
    ("{{ 1 / 0 }}", "template big: division by zero\n"),
    ("{{ 'a' - 1 }}", "template big: unsupported operand type(s) for -"),
])
def test_template_beyond_the_limits_fails_cleanly(wiki: Sopgen, body: str, message: str) -> None:
    result = render_wiki_template(wiki, body)
    assert_refused(wiki, result, message)


def test_template_including_itself_fails_cleanly(wiki: Sopgen) -> None:
    result = render_wiki_template(wiki, "{% include 'loop.md.j2' %}", "loop")
    assert_refused(wiki, result, "Error: template loop: it includes or extends itself, "
                   "or a macro calls itself, without end\n")


def test_template_extending_itself_fails_cleanly(wiki: Sopgen) -> None:
    wiki.page("templates/ext.md.j2", "{# {description: x} #}\n{% extends 'ext.md.j2' %}\n")
    result = wiki("new", "ext", "--title", "T", "--owner", "ana", "--no-input")
    assert_refused(wiki, result, "Error: template ext: it includes or extends itself")


def test_macro_calling_itself_fails_cleanly(wiki: Sopgen) -> None:
    result = render_wiki_template(wiki, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert_refused(wiki, result, "Error: template big: it includes or extends itself")


def test_template_within_the_limits_still_renders(wiki: Sopgen) -> None:
    result = render_wiki_template(wiki, "{{ ('ab' * 1000)|length }} {{ 2 ** 64 }} "
                                  "{{ [0] * 3 + [1] }} {{ range(5)|list|length }}")
    assert result.exit_code == 0, result.output
    text = (wiki.root / "procedures/t.md").read_text()
    assert "2000 18446744073709551616 [0, 0, 0, 1] 5" in text


# 3. Symbolic links where the page goes

NEW_X = ("new", "blank", "--title", "Order flour", "--owner", "ana", "--no-input")


def test_a_dangling_symlink_is_not_replaced_without_force(wiki: Sopgen, tmp_path: Path) -> None:
    link = wiki.root / "procedures/order-flour.md"
    link.symlink_to(tmp_path / "elsewhere.md")
    result = wiki(*NEW_X)
    assert_refused(wiki, result, "Error: procedures/order-flour.md already exists (a symbolic "
                   "link): choose another title, or pass --force to replace it\n",
                   before=["order-flour.md"])
    assert link.is_symlink() and not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize("dangling", [False, True])
def test_force_replaces_the_symlink_itself_never_its_target(wiki: Sopgen, tmp_path: Path,
                                                            dangling: bool) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    if not dangling:
        outside.write_text("not a page\n")
    link = wiki.root / "procedures/order-flour.md"
    link.symlink_to(outside)
    result = wiki(*NEW_X, "--force")
    assert result.exit_code == 0, result.output
    assert not link.is_symlink()
    assert link.read_text().startswith("---\ntitle: Order flour\n")
    if dangling:
        assert not outside.exists()
    else:
        assert outside.read_text() == "not a page\n"
    assert [p.name for p in link.parent.iterdir() if p.name.startswith(".")] == []


def test_a_folder_linked_outside_the_docs_is_refused(wiki: Sopgen, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (wiki.root / "procedures/shared").symlink_to(outside, target_is_directory=True)
    result = wiki(*NEW_X, "--dir", "shared", "--force")
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/shared/order-flour.md: its folder leads outside "
                             "procedures/ through a symbolic link; sopgen writes pages only "
                             "inside the docs folder\n")
    assert list(outside.iterdir()) == []


def test_a_folder_linked_inside_the_docs_is_fine(wiki: Sopgen) -> None:
    (wiki.root / "procedures/real").mkdir()
    (wiki.root / "procedures/alias").symlink_to(wiki.root / "procedures/real")
    result = wiki(*NEW_X, "--dir", "alias")
    assert result.exit_code == 0, result.output
    assert (wiki.root / "procedures/real/order-flour.md").is_file()


def test_force_refuses_to_replace_a_folder(wiki: Sopgen) -> None:
    (wiki.root / "procedures/order-flour.md").mkdir()
    result = wiki(*NEW_X, "--force")
    assert result.exit_code == 2
    assert result.output == ("Error: procedures/order-flour.md is a folder: "
                             "choose another title\n")
