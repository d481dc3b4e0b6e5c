"""The commands that read the wiki and tell people: `check`, `report`, `handover`, `pack`, `remind`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from sopgen.cli import base
from sopgen.cli.base import CLIENT, DATE, FORMAT_HELP, INDENT, config_option
from sopgen.formats import CHECK_FORMATS, REPORT_FORMATS


@click.command()
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

    wiki, result = base.checked(paths, base.as_of(today), client)
    color = base.color_for(output)
    base.emit(render_check(result, fmt, fail_on, color=color, settings=wiki.settings, indent=indent),
              output, wiki, color)
    if any(at_or_above(f.severity, fail_on) for f in result.findings):
        sys.exit(1)


@click.command()
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

    wiki, result = base.checked((), base.as_of(today), client)
    overview = build_report(result, wiki.settings, by)
    text = render_report(overview, fmt, color=base.color_for(output), indent=indent)
    base.emit(text, output, wiki, base.color_for(output))


@click.command()
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

    wiki, result = base.checked((), base.as_of(today), client)
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


@click.command()
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
    wiki, whole = base.checked((), base.as_of(today))
    result = whole if client is None else base.scoped(wiki, whole, client)
    base.emit(make_pack(wiki, result, client, base.as_of(today), whole.pages), output, wiki)
    if str(output) != "-":
        shown = "the whole wiki" if client is None else client
        click.echo(f"Wrote {output}: {len(result.states)} pages of {shown}", err=True)


@click.command()
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

    wiki, result = base.checked((), base.as_of(today))
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
