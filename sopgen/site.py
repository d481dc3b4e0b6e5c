"""Build and serve the wiki's site with MkDocs, in this process, logging as MkDocs does."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sopgen.errors import ConfigError, SopgenError


class BuildFailed(SopgenError):
    """MkDocs stopped: a configuration error, or warnings (check errors too) in strict mode."""

    exit_code = 1


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (tests and embedding swap it)."""

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _log_like_mkdocs() -> None:
    import mkdocs  # ProperDocs, in the process properdocs_main.py starts
    from mkdocs.__main__ import ColorFormatter

    class Formatter(ColorFormatter):
        # Colour only on a terminal, never with NO_COLOR: a CI log or a file gets plain text.
        colors = ColorFormatter.colors if _color_wanted() else {}

    logger = logging.getLogger(mkdocs.__name__)
    for handler in logger.handlers:
        if getattr(handler, "name", "") == "sopgen":
            handler.setFormatter(Formatter())
            break
    else:
        handler = _StderrHandler()
        handler.name = "sopgen"
        handler.setFormatter(Formatter())
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _color_wanted() -> bool:
    # FORCE_COLOR: a ProperDocs child whose output the parent relays to a terminal.
    return "NO_COLOR" not in os.environ and (sys.stderr.isatty() or "FORCE_COLOR" in os.environ)


@contextmanager
def _findings_logged(verbose: bool) -> Iterator[None]:
    """Have the plugin log each finding (not counts by rule) while the block runs."""
    from sopgen.plugin.plugin import SopgenPlugin

    before = SopgenPlugin.verbose
    SopgenPlugin.verbose = verbose
    try:
        yield
    finally:
        SopgenPlugin.verbose = before  # the next build in this process (tests) starts plain


def build_site(config_file: Path, strict: bool = False, site_dir: Path | None = None,
               verbose: bool = False, client: str | None = None) -> Path:
    """Build the site as `mkdocs build` would; return the folder it was written to.

    With `client`, a private site of that client's pages only, by default in a folder named
    after the client inside the usual site folder.
    """
    with _findings_logged(verbose):
        return _build(config_file, strict, site_dir, client, verbose)


def _build(config_file: Path, strict: bool, site_dir: Path | None,
           client: str | None = None, verbose: bool = False) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    _log_like_mkdocs()
    options = {"strict": strict}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    try:
        config = load_config(config_file=str(config_file), **options)
    except (ConfigurationError, Abort) as exc:  # MkDocs has logged each invalid value
        raise ConfigError(f"{config_file}: {str(exc).strip()}") from None
    if client is not None:
        plugin = config.plugins.get("sopgen")
        if plugin is None:
            raise ConfigError(f"{config_file}: --client needs the sopgen plugin in `plugins:`")
        plugin.config["site_client"] = client
        if site_dir is None:
            from sopgen.scope import site_folder

            config["site_dir"] = os.path.join(config.site_dir, site_folder(client))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except Abort as exc:
        raise BuildFailed(str(exc).strip() or "the build was aborted") from None
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from None
    except Exception as exc:  # another plugin, a Markdown extension or the theme failed
        raise BuildFailed(_crash(exc, verbose)) from None
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def _crash(exc: Exception, verbose: bool) -> str:
    """Say where the build broke, in a line (the whole traceback with --verbose)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    at = f" ({frames[-1].filename}, line {frames[-1].lineno})" if frames else ""
    said = (f"the build stopped: {type(exc).__name__}: {exc}{at}; a plugin, Markdown extension "
            "or theme named in mkdocs.yml failed")
    if verbose:
        return "".join(traceback.format_exception(exc)) + said
    return said + " (build with --verbose for the traceback)"


def serve_site(config_file: Path, dev_addr: str, strict: bool = False,
               verbose: bool = False) -> None:
    """Serve the site with live reload, as `mkdocs serve` would."""
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    _log_like_mkdocs()
    try:
        with _findings_logged(verbose):
            serve(config_file=str(config_file), dev_addr=dev_addr, strict=strict,
                  livereload=True)
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}") from None
    except Abort as exc:  # the first build's configuration, as MkDocs logged it
        raise ConfigError(f"{config_file}: {str(exc).strip()}") from None
    except MkDocsException as exc:
        raise BuildFailed(str(exc)) from None
