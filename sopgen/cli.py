"""The sopgen command line: each command parses its options, calls the library, prints, exits.

Exit status: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage or
configuration errors. Errors become exit codes here, in one place.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sopgen import __version__
from sopgen.errors import SopgenError, UsageError
from sopgen.formats import CHECK_FORMATS, REPORT_FORMATS

if TYPE_CHECKING:
    from sopgen.scaffold import Variable


class SopgenGroup(click.Group):
    """A group that turns sopgen's errors into a one-line message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SopgenError as exc:
            if str(exc):  # empty when a child process (the engine) has said it already
                click.secho(f"Error: {exc}", err=True, fg="red")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:  # Ctrl-C: stop quietly, with the shell's status for it
            click.echo("", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # `sopgen report | head`: the reader has gone, say nothing
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as exc:  # a file sopgen was asked to read or write
            where = f"{exc.filename}: " if exc.filename else ""
            click.secho(f"Error: {where}{exc.strerror or exc}", err=True, fg="red")
            ctx.exit(2)


class DateType(click.ParamType):
    """An ISO date, YYYY-MM-DD."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from sopgen.durations import parse_date

        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def _remember_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta["sopgen.config_file"] = value


config_option = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), expose_value=False,
    callback=_remember_config, is_eager=True, metavar="FILE",
    help="The wiki's config file (default: the nearest properdocs.yml or mkdocs.yml).")


def _config_file() -> Path:
    """Return the config file given with -f, else the one found from the current directory."""
    from sopgen.wiki import find_config

    given = click.get_current_context().meta.get("sopgen.config_file")
    if given is None:
        return find_config()
    if not given.is_file():
        raise UsageError(f"-f {given}: no such file")
    return given


def interactive() -> bool:
    """Return whether a person is at a terminal to answer prompts."""
    return sys.stdin.isatty()


@click.group(cls=SopgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sopgen")
def cli() -> None:
    """Standard operating procedures as code: scaffold, check, verify and publish them.

    Commands find the wiki from the current directory (the nearest mkdocs.yml).
    """


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--business", help="The business's legal name: every account must be registered to it.")
@click.option("--clients", "assistant", is_flag=True,
              help="An assistant's or agency's wiki: one folder per client (add them with "
                   "`sopgen client add`).")
@click.option("--client", "slugs", multiple=True, metavar="SLUG",
              help="With --clients: a client to start with (its name is the slug until "
                   "`sopgen client add` is used instead); repeat for several.")
def init(directory: Path, business: str | None, assistant: bool, slugs: tuple[str, ...]) -> None:
    """Create a new wiki in DIRECTORY (default: here) that builds and checks clean at once.

    \b
    Examples:
        sopgen init acme-wiki --business "Acme Bakery Ltd"
        sopgen init va-wiki --business "Sam Reyes VA Services" --clients
    """
    from sopgen.init_wiki import init_wiki

    if slugs and not assistant:
        raise UsageError("--client needs --clients (an assistant's wiki)")
    if business is None and interactive():
        business = click.prompt("The business's legal name (accounts must be registered to it)",
                                default="", show_default=False)
    for path in init_wiki(directory, business, assistant):
        click.echo(f"Created {path}")
    if slugs:
        from sopgen.clients import add_client
        from sopgen.wiki import load_wiki

        for slug in slugs:
            for path in add_client(load_wiki(directory / "mkdocs.yml"), slug, slug)[1:]:
                click.echo(f"Created {path}")
    where = "" if directory == Path(".") else f"cd {directory} && "
    if assistant:
        click.echo(f"\nNext: {where}sopgen client add bakery --name \"Crumb & Co\" "
                   "--legal-name \"Crumb & Co Ltd\"")
    else:
        click.echo(f"\nNext: {where}sopgen new newsletter-send")


@cli.group(cls=SopgenGroup)
def client() -> None:
    """The clients of an assistant's or agency's wiki.

    \b
    Example:
        sopgen client add bakery --name "Crumb & Co" --legal-name "Crumb & Co Ltd"
    """


@client.command("add")
@config_option
@click.argument("slug")
@click.option("--name", required=True, help="The client's name, as the site shows it.")
@click.option("--legal-name", help="The legal name its accounts must be registered to "
                                   "(default: the name).")
def client_add(slug: str, name: str, legal_name: str | None) -> None:
    """Declare client SLUG in mkdocs.yml and make its folder, with a .meta.yml naming it.

    Comments and layout of mkdocs.yml are kept; every page under the folder belongs to
    the client.

    \b
    Example:
        sopgen client add bakery --name "Crumb & Co" --legal-name "Crumb & Co Ltd"
    """
    from sopgen.clients import add_client
    from sopgen.wiki import display_path, load_wiki

    wiki = load_wiki(_config_file())
    written = add_client(wiki, slug, name, legal_name)
    click.echo(f"Added client {slug} ({' '.join(name.split())}) to "
               f"{display_path(written[0], Path.cwd())}")
    for path in written[1:]:
        click.echo(f"Created {display_path(path, Path.cwd())}")
    click.echo(f"\nNext: sopgen new account --client {slug}")


def _complete_templates(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from sopgen.scaffold import list_templates

    try:
        folder = _wiki_templates_dir()
        return [t.name for t in list_templates(folder) if t.name.startswith(incomplete)]
    except SopgenError:
        return []


def _wiki_templates_dir() -> Path | None:
    from sopgen.errors import WikiNotFound

    try:
        return _config_file().parent / "templates"
    except WikiNotFound:
        return None


@cli.command()
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


@cli.command()
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

    wiki = load_wiki(_config_file())
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
    if not no_input and interactive():
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


def main() -> None:
    """Run the sopgen command line."""
    cli(prog_name="sopgen")


def _today(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


def _emit(text: str, output: Path | None, wiki: Any = None, color: bool = False) -> None:
    """Print to stdout, or write to `--output` (a file, a device; `-` is stdout)."""
    if output is not None and str(output) != "-":
        from sopgen.writing import write_report

        protected = [wiki.config_file] if wiki is not None else []
        write_report(output, text, protected, [wiki.docs_dir] if wiki is not None else [])
        return
    click.echo(text, nl=False, color=color)


def _color(output: Path | None) -> bool:
    """Return whether to colour a report: on a terminal only, never in a file."""
    return (output is None or str(output) == "-") and color_wanted()


def color_wanted() -> bool:
    """Return whether to colour output: only on a terminal, and never when NO_COLOR is set."""
    import os

    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def _checked(paths: tuple[Path, ...], today: dt.date, client: str | None = None):
    from sopgen.checks import check_wiki
    from sopgen.wiki import load_wiki

    wiki = load_wiki(_config_file())
    targets = wiki.expand(str(p) for p in paths) if paths else None
    result = check_wiki(wiki, targets, today)
    if client is None:
        return wiki, result
    return wiki, _scoped(wiki, result, client)


def _scoped(wiki, result, client: str):
    from sopgen import scope

    # The whole wiki is checked (a `uses` may name another client's page), then narrowed.
    scope.require_client(client, scope.client_choices(wiki.settings, result.pages),
                         wiki.config_file.name)
    return scope.scope_result(result, client, scope.defaults_client(wiki.folder_defaults))


CLIENT = click.option("--client", "client", metavar="SLUG",
                      help="Only this client's pages (and those marked `client: all`).")


FORMAT_HELP = "Output format."
ENGINE = click.option(
    "--engine", type=click.Choice(["mkdocs", "properdocs", "zensical"]),
    help="The engine to build with (default: the plugin's `engine:` setting, else ProperDocs "
         "for a properdocs.yml, else MkDocs).")
INDENT = click.option("--indent", type=click.IntRange(0, 16), metavar="N",
                      help="With --format json: indent by N spaces (default: one compact line).")


@cli.command()
@config_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="text", show_default=True, help=FORMAT_HELP,
              type=click.Choice(CHECK_FORMATS))
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--today", type=DATE, help="Check as if today were this date (YYYY-MM-DD).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="error",
              show_default=True, help="Exit 1 when findings of this severity or worse exist.")
@INDENT
@CLIENT
def check(paths: tuple[Path, ...], fmt: str, output: Path | None, today: dt.date | None,
          fail_on: str, indent: int | None, client: str | None) -> None:
    """Check every page (or PATHS: files or folders) and report what needs doing.

    Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or
    configuration error.

    \b
    Examples:
        sopgen check
        sopgen check procedures/marketing --format json --output check.json
        sopgen check --format json --indent 2
        sopgen check --format github --fail-on warning
        sopgen check --client bakery
    """
    from sopgen.formats import render_check
    from sopgen.results import at_or_above

    wiki, result = _checked(paths, _today(today), client)
    color = _color(output)
    _emit(render_check(result, fmt, fail_on, color=color, settings=wiki.settings, indent=indent),
          output, wiki, color)
    if any(at_or_above(f.severity, fail_on) for f in result.findings):
        sys.exit(1)


@cli.command()
@config_option
@click.option("--by", "by", type=click.Choice(["owner", "client", "status"]), default="owner",
              show_default=True, help="How to group the pages.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True, help=FORMAT_HELP)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--today", type=DATE, help="Report as if today were this date (YYYY-MM-DD).")
@INDENT
@CLIENT
def report(by: str, fmt: str, output: Path | None, today: dt.date | None,
           indent: int | None, client: str | None) -> None:
    """Show every procedure's status and next review date, grouped, soonest due first.

    \b
    Examples:
        sopgen report
        sopgen report --by client --format markdown
        sopgen report --client bakery
    """
    from sopgen.formats import render_report
    from sopgen.report import build_report

    wiki, result = _checked((), _today(today), client)
    overview = build_report(result, wiki.settings, by)
    text = render_report(overview, fmt, color=_color(output), indent=indent)
    _emit(text, output, wiki, _color(output))


@cli.command()
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

    wiki = load_wiki(_config_file())
    today = dt.date.today()
    if person is None:
        team = sorted(wiki.settings.team)
        if len(team) == 1:
            person = team[0]  # nobody else could have followed the steps
        elif interactive():
            person = click.prompt("Who followed the steps (verified_by)",
                                  type=click.Choice(team) if team else str)
        else:
            raise UsageError("missing --by: name who followed the steps "
                             "(sopgen verify PAGE --by NAME)")
    for done in verify_pages(wiki, list(pages), person, date or today, today, Path.cwd()):
        click.echo(f"Verified {done.shown}: {done.said()}")


@cli.command()
@config_option
@click.option("--strict", is_flag=True,
              help="Fail on any warning, and on any error `sopgen check` would report.")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site (default: site_dir of mkdocs.yml, usually site/).")
@click.option("--verbose", "-v", is_flag=True,
              help="Log each check finding on its own line (default: counts by rule).")
@click.option("--client", metavar="SLUG",
              help="A private site of this client's pages only (default folder: site/SLUG).")
@click.option("--each-client", is_flag=True,
              help="A private site for every client, one folder each (site/SLUG).")
@ENGINE
def build(strict: bool, site_dir: Path | None, verbose: bool, client: str | None,
          each_client: bool, engine: str | None) -> None:
    """Build the static site the team reads (the same site `mkdocs build` makes).

    The log counts check findings by rule; --verbose lists each, as does a --strict build
    for each error.

    \b
    Examples:
        sopgen build
        sopgen build --strict --site-dir public
        sopgen build --verbose
        sopgen build --client bakery
        sopgen build --each-client --site-dir public
        sopgen build --engine zensical
    """
    from sopgen import engines

    if client is None and not each_client:
        engines.build(_config_file(), engine, strict, site_dir, verbose)
        return
    if client is not None and each_client:
        raise UsageError("--client and --each-client: give one of them")
    from sopgen import scope
    from sopgen.wiki import display_path, load_wiki

    wiki = load_wiki(_config_file())
    settings = wiki.settings
    choices = scope.client_choices(
        settings, () if scope.declared_clients(settings) else wiki.read_pages())
    if client is not None:
        clients = [scope.require_client(client, choices, wiki.config_file.name)]
    elif not choices:
        raise UsageError(f"--each-client: {wiki.config_file.name} declares no clients (add them "
                         "under `clients:` in the sopgen settings)")
    else:
        clients = choices
    option = "--client" if client is not None else "--each-client"
    for slug in clients:  # every folder name checked before anything is built
        scope.site_folder(slug, option)
    for slug in clients:
        folder = site_dir / slug if site_dir and each_client else site_dir
        where = engines.build(wiki.config_file, engine, strict, folder, verbose, slug)
        click.echo(f"Built the site of {scope.client_name(settings, slug)} ({slug}) in "
                   f"{display_path(where, Path.cwd())}")


@cli.command()
@config_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True,
              metavar="IP:PORT", help="Where to serve the site.")
@click.option("--strict", is_flag=True, help="Fail on any warning or check error.")
@click.option("--verbose", "-v", is_flag=True,
              help="Log each check finding on its own line (default: counts by rule).")
@ENGINE
def serve(dev_addr: str, strict: bool, verbose: bool, engine: str | None) -> None:
    """Preview the site, rebuilding it whenever a page changes.

    \b
    Example:
        sopgen serve --dev-addr 127.0.0.1:8001
        sopgen serve --engine zensical
    """
    from sopgen import engines

    engines.serve(_config_file(), engine, dev_addr, strict, verbose)


@cli.command()
@config_option
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]),
              help="Link style of the copy: zensical (.md links), or mkdocs (URLs; also "
                   "ProperDocs). Default: the wiki's engine.")
def export(out: Path, engine: str | None) -> None:
    """Write a pre-rendered copy of the wiki, for engines without plugins (Zensical).

    The copy has the box in each page, the generated pages as Markdown files, the calendars,
    the stylesheet and its own OUT/mkdocs.yml without the sopgen plugin. A secret in the docs
    means no copy. Running it again updates the copy, touching only what changed.

    \b
    Examples:
        sopgen export build/zensical --engine zensical
        zensical build -f build/zensical/mkdocs.yml
    """
    from sopgen import engines

    done = engines.export(_config_file(), out, engine)
    errors = sum(f.severity == "error" for f in done.result.findings)
    plural = "" if errors == 1 else "s"
    click.echo(f"Exported {len(done.result.pages):,} page{'s' if len(done.result.pages) != 1 else ''}"
               f" to {done.folder} ({done.changed:,} file{'s' if done.changed != 1 else ''} "
               f"changed; {errors:,} check error{plural}); its config is {done.config_file}")


@cli.command()
@config_option
@click.argument("person")
@click.option("--to", "other", metavar="OTHER", help="Move their ownership to this person.")
@click.option("--dry-run", is_flag=True, help="With --to: print the changes, write nothing.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True, help=FORMAT_HELP)
@click.option("--today", type=DATE, help="Show statuses as if today were this date (YYYY-MM-DD).")
@INDENT
@CLIENT
def handover(person: str, other: str | None, dry_run: bool, fmt: str,
             today: dt.date | None, indent: int | None, client: str | None) -> None:
    """Show what depends on PERSON; with --to, move it to OTHER.

    Lists the procedures PERSON owns (those with no backup first) and backs up, and the
    accounts where they are the only admin, an admin, or the registrant. --to moves owner,
    backup and admin entries, editing only those values.

    \b
    Examples:
        sopgen handover ana
        sopgen handover ana --to maria --dry-run
        sopgen handover ana --to maria
        sopgen handover ana --client bakery --to rosa
    """
    from sopgen import handover as handovers
    from sopgen.formats import render_handover

    wiki, result = _checked((), _today(today), client)
    if other is not None:
        other = handovers.successor(wiki.settings, other, wiki.config_file.name)
    held = handovers.holdings_of(result, wiki.settings, person)
    if other is None:
        click.echo(render_handover(held, fmt, indent), nl=False)
        return
    verb = "Would change" if dry_run else "Changed"
    moved = 0
    for plan in handovers.move(held, other, dry_run):
        if plan.edits:
            moved += 1
            click.echo(f"{verb} {plan.state.page.file}: {'; '.join(plan.said)}")
        for note in plan.folder:
            click.echo(f"Not changed in {plan.state.page.file}: {note}: change it there")
    for state in held.registrant:
        click.echo(f"Still registered to {person}: {state.page.file} ({state.page.title}): "
                   "transfer it to the business with the provider, then update registered_to")
    for state in held.mentioned:  # prose is the user's to reword: listed, never edited
        click.echo(f"Still named in the steps of {state.page.file} ({state.page.title}): "
                   "edit the text by hand")
    if not moved:
        click.echo(f"Nothing to move: {person} owns, backs up and administers nothing.")


@cli.command()
@config_option
@click.option("--client", metavar="SLUG", help="Only this client's pages (and `client: all` ones).")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (- for standard output).")
@click.option("--today", type=DATE, help="Date the pack as if today were this date (YYYY-MM-DD).")
def pack(client: str | None, output: Path, today: dt.date | None) -> None:
    """Write a self-contained, printable HTML handover pack: accounts and every procedure.

    One file with its styles inside and nothing to fetch: a cover (who, when, counts by
    status), the account register, then every procedure and account in full with its box.
    Open it in a browser and print it to PDF. A wiki holding a secret gets no pack (exit 1).

    \b
    Examples:
        sopgen pack --client bakery --output crumb-and-co.html
        sopgen pack --output handover.html
    """
    from sopgen.pack import check_output, make_pack

    if str(output) != "-":
        check_output(output)
    wiki, whole = _checked((), _today(today))
    result = whole if client is None else _scoped(wiki, whole, client)
    _emit(make_pack(wiki, result, client, _today(today), whole.pages), output, wiki)
    if str(output) != "-":
        shown = "the whole wiki" if client is None else client
        click.echo(f"Wrote {output}: {len(result.states)} pages of {shown}", err=True)


@cli.command()
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

    wiki = load_wiki(_config_file())
    plan = adopting.adoption(wiki, owner, backup, client, review_every, first_review,
                             _today(today), reference)
    cwd = Path.cwd()
    if folder_defaults:
        if reference:
            raise UsageError("--kind-page marks pages; it cannot go with --folder-defaults")
        folders = list(paths) or [wiki.docs_dir]
        for folder in folders:
            if not folder.is_dir():
                raise UsageError(f"{folder}: --folder-defaults takes folders")
        outcomes = list(adopting.folder_defaults(folders, plan, dry_run, cwd))
    else:
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


@cli.command()
@config_option
@click.option("--today", type=DATE, help="Remind as if today were this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Print each digest; send nothing.")
@click.option("--person", metavar="PERSON", help="Only this person's digest (no summary).")
@click.option("--client", metavar="CLIENT", help="Only the pages of this client.")
@click.option("--no-calendar", is_flag=True,
              help="Attach no calendar (default: each digest carries its person's .ics).")
def remind(today: dt.date | None, dry_run: bool, person: str | None, client: str | None,
           no_calendar: bool) -> None:
    """Send each person a digest of the pages they must review and the accounts to renew.

    Addresses are Apprise URLs: `notify:` on each team member in mkdocs.yml, and a wiki-wide
    `notify:` that gets a summary of everyone's. People with nothing to do get nothing.
    Exit status: 0 all delivered, 1 any delivery failed (the others are still sent), 2 a bad
    configuration.

    \b
    Examples:
        sopgen remind --dry-run
        sopgen remind
        sopgen remind --person ana --today 2027-01-04
    """
    from sopgen.notify import mask_url
    from sopgen.remind import build_reminders, deliver

    wiki, result = _checked((), _today(today))
    reminders = build_reminders(wiki, result, person, client, calendars=not no_calendar)
    if not reminders.digests:
        scope = "".join(f" {x}" for x in (f"for {person}" if person else "",
                                           f"for client {client}" if client else "") if x)
        click.echo(f"Nothing to review or renew{scope}: nothing to send.")
        return
    if dry_run:
        for digest in reminders.digests:
            to = ", ".join(map(mask_url, digest.addresses)) or "no address of their own"
            click.echo(f"--- To {digest.label}: {to}")
            click.echo(f"Subject: {digest.title(reminders.site)}\n")
            click.echo(digest.body(reminders.site, reminders.today))
        if reminders.addresses:
            click.echo(f"--- Summary to {', '.join(map(mask_url, reminders.addresses))}")
            click.echo(f"Subject: {reminders.summary_title()}\n")
            click.echo(reminders.summary_body())
        click.echo(f"Dry run: {len(reminders.digests)} digest"
                   f"{'s' if len(reminders.digests) != 1 else ''}, nothing sent.")
        return
    failed = 0
    for outcome in deliver(reminders):
        where = f" to {outcome.address}" if outcome.address else ""
        if outcome.ok:
            note = f" ({outcome.reason})" if outcome.reason else ""
            click.echo(f"Sent {outcome.what}{where}{note}" if outcome.address
                       else f"Not sent {outcome.what}: {outcome.reason}")
        else:
            failed += 1
            click.secho(f"Failed: {outcome.what}{where}: {outcome.reason}", err=True, fg="red")
    if failed:
        click.secho(f"{failed} deliver{'ies' if failed != 1 else 'y'} failed; every other "
                    "message was sent.", err=True, fg="red")
        sys.exit(1)
