"""The commands that write pages: templates and `new`, `verify`, `adopt`."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sopgen.cli import base
from sopgen.cli.base import DATE, config_option
from sopgen.errors import SopgenError, UsageError

if TYPE_CHECKING:
    from sopgen.scaffold import Variable


def _complete_templates(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from sopgen.scaffold import list_templates

    try:
        folder = _wiki_templates_dir(ctx)
        return [t.name for t in list_templates(folder) if t.name.startswith(incomplete)]
    except SopgenError:
        return []


def _wiki_templates_dir(ctx: click.Context | None = None) -> Path | None:
    from sopgen.errors import WikiNotFound

    try:
        return base.config_file(ctx).parent / "templates"
    except WikiNotFound:
        return None


@click.command()
@config_option
def templates() -> None:
    """List the templates (built-in and the wiki's own) with their variables.

    \b
    Example:
        sopgen templates
    """
    from sopgen.scaffold import list_templates

    for template in list_templates(_wiki_templates_dir()):
        click.echo(f"{click.style(template.name, bold=True)} ({template.origin})")
        click.echo(f"  {template.description}")
        width = max(len(v.name) for v in template.variables)
        for variable in template.variables:
            extra = ""
            if variable.choices:
                extra = f" [one of: {', '.join(variable.choices)}]"
            if variable.default is not None:
                extra += f" [default: {variable.default}]" if variable.default else " [may be empty]"
            click.echo(f"    {variable.name.ljust(width)}  {variable.prompt}{extra}")
        click.echo()


def _parse_assignments(assignments: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--set {item}: expected KEY=VALUE")
        values[key.strip()] = value
    return values


def _answer_checker(check: Callable[[str], str], choices: tuple[str, ...],
                    optional: bool) -> Callable[[str], str]:
    """Return a prompt's check: a bad answer (not a date, not on the team, ...) is asked again."""

    def convert(answer: str) -> str:
        if choices and not (optional and answer == ""):
            answer = click.Choice(choices, case_sensitive=False).convert(answer, None, None)
        try:
            return check(answer)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return convert


@click.command()
@config_option
@click.argument("template_name", metavar="TEMPLATE", shell_complete=_complete_templates)
@click.option("--title", help="The page's title; the file is named after it.")
@click.option("--owner", help="The person accountable for the procedure.")
@click.option("--backup", help="Who else can do it.")
@click.option("--client", help="The client the procedure is for (agencies); default folder too.")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help="A template variable; repeat for several.")
@click.option("--dir", "section", metavar="SECTION",
              help="Folder inside the docs folder to write into.")
@click.option("--no-input", is_flag=True, help="Never prompt; fail naming any missing value.")
@click.option("--force", is_flag=True, help="Replace the page if it already exists.")
def new(template_name: str, title: str | None, owner: str | None, backup: str | None,
        client: str | None, assignments: tuple[str, ...], section: str | None,
        no_input: bool, force: bool) -> None:
    """Write a new page from TEMPLATE, asking for any value not given.

    \b
    Examples:
        sopgen new newsletter-send
        sopgen new social-update --title "Post on Instagram" --owner ana --no-input
        sopgen new account --title Mailchimp --owner maria --set login_email=ops@acme.example
    """
    from sopgen import scaffold
    from sopgen.wiki import display_path, load_wiki

    wiki = load_wiki(base.config_file())
    template = scaffold.find_template(template_name, wiki.templates_dir)
    given = _parse_assignments(assignments)
    for name, value in (("title", title), ("owner", owner), ("backup", backup)):
        if value is not None:
            given[name] = value
    given = scaffold.clean_values(template, given)
    if client is not None:
        client = scaffold.clean_values(template, {"client": client})["client"]
        wiki.settings.require_client(client, config_name=wiki.config_file.name)
    scaffold.check_values(template, given)
    if not no_input and base.interactive():
        clients = sorted(wiki.settings.clients)
        if client is None and section is None and clients:
            answer = click.prompt("Client (none: the business's own page)", default="none",
                                  type=click.Choice([*clients, "all", "none"]))
            client = None if answer == "none" else answer
        from sopgen.answers import PEOPLE, check_answer

        variables = {v.name: v for v in template.variables}
        for name, value in given.items():  # refused now, before any question is answered
            if name in variables:
                try:
                    check_answer(wiki, template, variables[name], value, client, section, force)
                except ValueError as exc:
                    raise UsageError(f"{scaffold.flag_of(name)}: {exc}") from None
        team = tuple(wiki.settings.known_people(client)) if wiki.settings.team else ()
        for variable in template.variables:
            if variable.name in given:
                continue
            choices = variable.choices
            if variable.name in PEOPLE and team:
                choices = team  # a person the check will accept

            def check(answer: str, variable: Variable = variable) -> str:
                return check_answer(wiki, template, variable, answer, client, section, force)

            given[variable.name] = click.prompt(
                variable.prompt, default=variable.default,
                type=click.Choice(choices, case_sensitive=False) if choices else str,
                value_proc=_answer_checker(check, choices, variable.default == ""),
                show_default=bool(variable.default))
    missing = scaffold.missing_values(template, given)
    if missing:
        flags = ", ".join(f"--{v.name}" if v.name in ("title", "owner") else f"--set {v.name}=..."
                          for v in missing)
        raise UsageError(f"missing value{'s' if len(missing) > 1 else ''} for template "
                         f"{template.name}: {flags}")
    path = scaffold.new_page(wiki, template, given, dt.date.today(), client, section, force)
    click.echo(f"Created {display_path(path, Path.cwd())} from template {template.name}")


@click.command()
@config_option
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--by", "person", metavar="PERSON", help="Who followed the steps and confirmed them.")
@click.option("--date", "date", type=DATE, help="When (YYYY-MM-DD; default today).")
def verify(pages: tuple[Path, ...], person: str | None, date: dt.date | None) -> None:
    """Stamp PAGES as followed and confirmed: set last_verified and verified_by.

    Only those values change (and a draft becomes active); every other byte of each file
    stays as it was. Without --by, a terminal asks who followed the steps; elsewhere --by is
    required, unless the team list has exactly one person.

    \b
    Examples:
        sopgen verify procedures/marketing/send-the-weekly-newsletter.md --by ana
        sopgen verify procedures/website/*.md --by li --date 2026-11-20
    """
    from sopgen.verify import verify_pages
    from sopgen.wiki import load_wiki

    wiki = load_wiki(base.config_file())
    today = dt.date.today()
    if person is None:
        team = sorted(wiki.settings.team)
        if len(team) == 1:
            person = team[0]  # nobody else could have followed the steps
        elif base.interactive():
            person = click.prompt("Who followed the steps (verified_by)",
                                  type=click.Choice(team) if team else str)
        else:
            raise UsageError("missing --by: name who followed the steps "
                             "(sopgen verify PAGE --by NAME)")
    for done in verify_pages(wiki, list(pages), person, date or today, today, Path.cwd()):
        click.echo(f"Verified {done.shown}: {done.said()}")


@click.command()
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--owner", required=True, metavar="PERSON",
              help="Who is accountable, for pages that name nobody.")
@click.option("--backup", metavar="PERSON", help="Who else can do it, for pages that name nobody.")
@click.option("--client", help="The client the pages are for (agencies), where they name none.")
@click.option("--review-every", metavar="DURATION",
              help="How often to re-verify (90d, 6m, \"6 weeks\"), where a page says nothing.")
@click.option("--first-review", default="30d", show_default=True, metavar="DURATION|DATE",
              help="The deadline for each page's first verification: a duration after today, "
                   "or a date.")
@click.option("--kind-page", "reference", multiple=True, metavar="GLOB",
              help="Mark pages matching GLOB (a file name or a path in the docs folder) "
                   "`kind: page`; index, about and glossary pages always are. Repeatable.")
@click.option("--folder-defaults", is_flag=True,
              help="Write the values once into each folder's .meta.yml instead of every page.")
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--today", type=DATE, help="Count --first-review from this date (YYYY-MM-DD).")
def adopt(paths: tuple[Path, ...], owner: str, backup: str | None, client: str | None,
          review_every: str | None, first_review: str, reference: tuple[str, ...],
          folder_defaults: bool, dry_run: bool, today: dt.date | None) -> None:
    """Bring existing pages (PATHS: files or folders; default every page) under sopgen.

    Adds owner, backup, client and review_every where a page has none (never changing a value
    it has) and a first_review deadline; never last_verified: nobody has followed the steps
    yet, so `check` reports each page `unverified` until someone runs `sopgen verify`. Pages
    with no front matter get one; every other byte of every page stays as it was. A page with
    broken front matter is reported with its line and skipped (exit status 1).

    \b
    Examples:
        sopgen adopt procedures --owner ana --dry-run
        sopgen adopt procedures/pd --owner ana --backup ben --first-review 6w
        sopgen adopt procedures/acme --owner ana --client acme --folder-defaults
    """
    from sopgen import adopt as adopting
    from sopgen.wiki import load_wiki

    wiki = load_wiki(base.config_file())
    plan = adopting.adoption(wiki, owner, backup, client, review_every, first_review,
                             base.as_of(today), reference)
    cwd = Path.cwd()
    if folder_defaults:
        if reference:
            raise UsageError("--kind-page marks pages; it cannot go with --folder-defaults")
        folders = list(paths) or [wiki.docs_dir]
        adopting.require_in_docs(wiki, folders, folders=True)
        outcomes = list(adopting.folder_defaults(folders, plan, dry_run, cwd))
    else:
        adopting.require_in_docs(wiki, [p for p in paths if p.exists()], folders=False)
        files = wiki.expand(str(p) for p in paths) if paths else wiki.page_files()
        outcomes = list(adopting.adopt_pages(wiki, files, plan, dry_run, cwd))
    _say_adopted(outcomes, dry_run)
    if any(o.action == "skipped" for o in outcomes):
        sys.exit(1)


_ADOPTED = {  # action: (what was done, what would be done)
    "adopted": ("Adopted", "Would adopt"),
    "created": ("Adopted (new front matter)", "Would adopt (new front matter)"),
    "reference": ("Marked", "Would mark"),
    "defaults": ("Wrote", "Would write"),
}


def _say_adopted(outcomes: list[Any], dry_run: bool) -> None:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
        if outcome.action in _ADOPTED:
            verb = _ADOPTED[outcome.action][dry_run]
            click.echo(f"{verb} {outcome.shown}: {outcome.said()}")
        elif outcome.action == "skipped":
            click.echo(f"Skipped {outcome.shown}: {outcome.reason}", err=True)
    done = sum(counts.get(a, 0) for a in ("adopted", "created", "defaults"))
    parts = [f"{done} {'would be ' if dry_run else ''}adopted"]
    if counts.get("reference"):
        parts.append(f"{counts['reference']} {'would be ' if dry_run else ''}marked kind: page")
    if counts.get("unchanged"):
        parts.append(f"{counts['unchanged']} unchanged")
    if counts.get("skipped"):
        parts.append(f"{counts['skipped']} skipped")
    click.echo(", ".join(parts) + (" (dry run: nothing written)." if dry_run else "."))
