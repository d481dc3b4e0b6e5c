"""What every command shares: the error boundary, the -f option, dates, checking and output.

Commands call `base.interactive()` through this module, so that a test patches it in one place.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from pathlib import Path
from typing import Any

import click

from sopgen.errors import SopgenError, UsageError


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


def config_file(ctx: click.Context | None = None) -> Path:
    """Return the config file given with -f, else the one found from the current directory.

    Pass `ctx` where no command is running yet (shell completion).
    """
    from sopgen.wiki import find_config

    given = (ctx or click.get_current_context()).meta.get("sopgen.config_file")
    if given is None:
        return find_config()
    if not given.is_file():
        raise UsageError(f"-f {given}: no such file")
    return given


def interactive() -> bool:
    """Return whether a person is at a terminal to answer prompts."""
    return sys.stdin.isatty()


def as_of(value: dt.date | None) -> dt.date:
    """Return the date given with --today, else today's."""
    return value or dt.date.today()


def emit(text: str, output: Path | None, wiki: Any = None, color: bool = False) -> None:
    """Print to stdout, or write to `--output` (a file, a device; `-` is stdout)."""
    if output is not None and str(output) != "-":
        from sopgen.writing import write_report

        protected = [wiki.config_file] if wiki is not None else []
        write_report(output, text, protected, [wiki.docs_dir] if wiki is not None else [])
        return
    click.echo(text, nl=False, color=color)


def color_for(output: Path | None) -> bool:
    """Return whether to colour a report: on a terminal only, never in a file."""
    return (output is None or str(output) == "-") and color_wanted()


def color_wanted() -> bool:
    """Return whether to colour output: only on a terminal, and never when NO_COLOR is set."""
    import os

    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def checked(paths: tuple[Path, ...], today: dt.date, client: str | None = None):
    """Return the wiki and its check as of `today`, narrowed to `client` if given."""
    from sopgen.checks import check_wiki
    from sopgen.wiki import load_wiki

    wiki = load_wiki(config_file())
    targets = wiki.expand(str(p) for p in paths) if paths else None
    result = check_wiki(wiki, targets, today)
    # The pages and findings live until the command ends: spare them the collector's full
    # passes while the report is made (20 ms of a 5,000-page check's). Thawed when the command
    # ends, so that a process running many (a test session) can collect them.
    context = click.get_current_context(silent=True)
    if context is not None:
        gc.freeze()
        context.call_on_close(gc.unfreeze)
    if client is None:
        return wiki, result
    return wiki, scoped(wiki, result, client)


def scoped(wiki, result, client: str):
    """Return a check's result narrowed to one client, refusing an unknown one."""
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

