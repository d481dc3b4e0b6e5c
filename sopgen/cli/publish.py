"""The commands that publish the wiki: `build`, `serve` and `export`."""

from __future__ import annotations

from pathlib import Path

import click

from sopgen.cli import base
from sopgen.cli.base import ENGINE, config_option
from sopgen.errors import UsageError


@click.command()
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
        engines.build(base.config_file(), engine, strict, site_dir, verbose)
        return
    if client is not None and each_client:
        raise UsageError("--client and --each-client: give one of them")
    from sopgen import scope
    from sopgen.wiki import display_path, load_wiki

    wiki = load_wiki(base.config_file())
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
        click.echo(f"Built the site of {settings.client_name(slug)} ({slug}) in "
                   f"{display_path(where, Path.cwd())}")


@click.command()
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

    engines.serve(base.config_file(), engine, dev_addr, strict, verbose)


@click.command()
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

    done = engines.export(base.config_file(), out, engine)
    errors = sum(f.severity == "error" for f in done.result.findings)
    plural = "" if errors == 1 else "s"
    click.echo(f"Exported {len(done.result.pages):,} page{'s' if len(done.result.pages) != 1 else ''}"
               f" to {done.folder} ({done.changed:,} file{'s' if done.changed != 1 else ''} "
               f"changed; {errors:,} check error{plural}); its config is {done.config_file}")
