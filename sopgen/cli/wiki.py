"""The commands that make a wiki and declare its clients: `init`, `client add`."""

from __future__ import annotations

from pathlib import Path

import click

from sopgen.cli import base
from sopgen.cli.base import SopgenGroup, config_option
from sopgen.errors import UsageError


@click.command()
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
    if business is None and base.interactive():
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


@click.group(cls=SopgenGroup)
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

    wiki = load_wiki(base.config_file())
    written = add_client(wiki, slug, name, legal_name)
    click.echo(f"Added client {slug} ({' '.join(name.split())}) to "
               f"{display_path(written[0], Path.cwd())}")
    for path in written[1:]:
        click.echo(f"Created {display_path(path, Path.cwd())}")
    click.echo(f"\nNext: sopgen new account --client {slug}")
