"""Templates: the built-in library rendered byte for byte, discovery, overrides, the sandbox."""

from __future__ import annotations

import pytest

from sopgen.checks import run_checks
from sopgen.config import Settings
from sopgen.errors import TemplateError
from sopgen.page import Page, parse_text
from sopgen.scaffold import builtin_dir, find_template, list_templates, render
from tests.conftest import TODAY, Sopgen, assert_golden

BUILTIN = ["account", "autoresponder", "blank", "client-monthly-report", "client-onboarding",
           "newsletter-send", "offboarding", "quality-control", "site-update", "social-update",
           "team-member-onboarding"]


def test_builtin_library_is_complete() -> None:
    assert [t.name for t in list_templates(None)] == BUILTIN
    assert all(t.origin == "built-in" and t.description for t in list_templates(None))


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_template_golden(name: str) -> None:
    template = find_template(name, None)
    values = {"title": f"Golden {name}", "owner": "maria", "backup": "ana"}
    text = render(template, values, None, TODAY, "Acme Bakery Ltd", frozenset({"mailchimp"}))
    assert_golden(f"templates/{name}.md", text)


@pytest.mark.parametrize("name", BUILTIN)
def test_builtin_template_defaults_make_a_page_that_checks_clean(name: str) -> None:
    template = find_template(name, None)
    text = render(template, {"title": "A page", "owner": "maria", "backup": "ana"}, None, TODAY,
                  "Acme Bakery Ltd")
    page = Page(path=builtin_dir(), src="a-page.md", file="a-page.md")
    parse_text(page, text)
    result = run_checks([page], Settings.of(business="Acme Bakery Ltd"), TODAY)
    assert [f for f in result.findings if f.severity == "error"] == []
    steps = [line for line in page.body.splitlines() if line[:3].rstrip(". ").isdigit()]
    if name not in ("account", "blank"):
        assert len(steps) >= 8, f"{name} has {len(steps)} numbered steps"
        for section in ("## Before you start", "## Check it worked", "## When it goes wrong"):
            assert section in page.body
        assert "- [ ] " in page.body


def test_templates_command_lists_each_with_variables(wiki: Sopgen) -> None:
    result = wiki("templates")
    assert result.exit_code == 0
    assert "newsletter-send (built-in)\n  Write, test and send the email newsletter" in result.output
    assert "    send_day   Day it goes out [one of: Monday, Tuesday, Wednesday, Thursday, " \
           "Friday, Saturday, Sunday] [default: Tuesday]\n" in result.output
    assert "    owner      Owner (the person accountable)\n" in result.output


def test_wiki_template_overrides_builtin_and_adds(wiki: Sopgen) -> None:
    wiki.page("templates/newsletter-send.md.j2", """
        {#
        description: Our own newsletter
        #}
        {% include "_front-matter.md.j2" %}

        # {{ title }}

        1. Send it with our own tool.
        """)
    wiki.page("templates/renew-domain.md.j2", """
        {#
        description: Renew the domain
        variables:
          registrar: {prompt: Registrar, default: Namecheap}
        #}
        {% include "_front-matter.md.j2" %}

        # {{ title }}

        1. Log in to {{ registrar }}.
        """)
    output = wiki("templates").output
    assert "newsletter-send (wiki (overrides built-in))\n  Our own newsletter" in output
    assert "renew-domain (wiki)\n  Renew the domain" in output
    result = wiki("new", "renew-domain", "--title", "Renew", "--owner", "maria", "--no-input")
    assert result.exit_code == 0
    assert "1. Log in to Namecheap." in (wiki.root / "procedures/renew.md").read_text()


def test_template_using_an_undeclared_variable_fails_clearly(wiki: Sopgen) -> None:
    wiki.page("templates/typo.md.j2", """
        {# {description: Typo} #}
        {% include "_front-matter.md.j2" %}
        Hello {{ registrar }}
        """)
    result = wiki("new", "typo", "--title", "T", "--owner", "maria", "--no-input")
    assert result.exit_code == 2
    assert "'registrar' is undefined: declare it under variables" in result.output
    assert not (wiki.root / "procedures/t.md").exists()


def test_template_sandbox_blocks_python_internals(wiki: Sopgen) -> None:
    wiki.page("templates/evil.md.j2", """
        {# {description: Evil} #}
        {{ ''.__class__.__mro__[1].__subclasses__() }}
        """)
    result = wiki("new", "evil", "--title", "T", "--owner", "maria", "--no-input")
    assert result.exit_code == 2
    assert "not allowed in a template" in result.output or "undefined" in result.output


def test_template_with_a_syntax_error_names_file_and_line(wiki: Sopgen) -> None:
    wiki.page("templates/broken.md.j2", "{# {description: Broken} #}\n---\n{% if %}\n")
    result = wiki("new", "broken", "--title", "T", "--owner", "maria", "--no-input")
    assert result.exit_code == 2
    assert "broken.md.j2:3:" in result.output


def test_template_with_a_bad_header(wiki: Sopgen) -> None:
    wiki.page("templates/bad.md.j2", "{#\nvariables: [a, b]\n#}\n")
    result = wiki("templates")
    assert result.exit_code == 2
    assert "variables must map names to {prompt, default, choices}" in result.output


def test_template_rendering_broken_front_matter_is_refused(wiki: Sopgen) -> None:
    wiki.page("templates/badfm.md.j2", "{# {description: x} #}\n---\ntitle: [\n---\n")
    result = wiki("new", "badfm", "--title", "T", "--owner", "maria", "--no-input")
    assert result.exit_code == 2
    assert "template badfm rendered an invalid page" in result.output


def test_unknown_template(wiki: Sopgen) -> None:
    result = wiki("new", "nope", "--title", "T", "--owner", "x", "--no-input")
    assert result.exit_code == 2
    assert result.output.startswith("Error: no template named 'nope'; templates: account, ")


def test_find_template_raises_for_unknown() -> None:
    with pytest.raises(TemplateError):
        find_template("nope", None)


def test_a_comma_in_an_unquoted_prompt_is_caught(wiki: Sopgen) -> None:
    wiki.page("templates/t.md.j2", "{#\ndescription: x\nvariables:\n"
              "  renews: {prompt: Renewal date for domains, hosting, default: ''}\n#}\n")
    result = wiki("templates")
    assert result.exit_code == 2
    assert "variable renews has unknown keys: hosting (a comma in an unquoted prompt splits " \
           "it: quote the prompt)" in result.output
