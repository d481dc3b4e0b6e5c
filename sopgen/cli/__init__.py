"""The sopgen command line: each command parses its options, calls the library, prints, exits.

Exit status: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage or
configuration errors. Errors become exit codes in one place, `SopgenGroup` in base.py.

The commands live by job: wiki.py (init, client), pages.py (templates, new, verify, adopt),
reports.py (check, report, handover, pack, remind) and publish.py (build, serve, export).
"""

from __future__ import annotations

import click

from sopgen import __version__
from sopgen.cli import pages, publish, reports, wiki
from sopgen.cli.base import SopgenGroup, color_wanted

__all__ = ["cli", "color_wanted", "main"]


@click.group(cls=SopgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sopgen")
def cli() -> None:
    """Standard operating procedures as code: scaffold, check, verify and publish them.

    Commands find the wiki from the current directory (the nearest properdocs.yml or
    mkdocs.yml); -f names its config file instead.
    """


for command in (wiki.init, wiki.client, pages.templates, pages.new, reports.check,
                reports.report, pages.verify, publish.build, publish.serve, publish.export,
                reports.handover, reports.pack, pages.adopt, reports.remind):
    cli.add_command(command)
del command


def main() -> None:
    """Run the sopgen command line."""
    cli(prog_name="sopgen")
