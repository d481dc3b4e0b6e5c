"""The engines that build the site: MkDocs, ProperDocs (MkDocs' fork) and Zensical.

MkDocs runs in this process (site.py). ProperDocs runs the same code in a child process that
imports `properdocs.replacement` before anything else, as the `properdocs` command does: from
then on every `mkdocs.*` import is ProperDocs', so the plugin's classes are ProperDocs' own (in
a process that has already imported MkDocs they would not be). Zensical has no plugin API: it
builds a pre-rendered copy of the wiki (export.py) kept in a cache folder outside the docs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sopgen.errors import ConfigError, SopgenError, UsageError

ENGINES = ("mkdocs", "properdocs", "zensical")
_INSTALL = {"mkdocs": "mkdocs", "properdocs": "properdocs", "zensical": "zensical"}


class EngineFailed(SopgenError):
    """The engine's own process stopped with an error it has already printed."""

    def __init__(self, exit_code: int) -> None:
        super().__init__("")
        self.exit_code = exit_code


def choose_engine(config_file: Path, given: str | None, setting: str | None) -> str:
    """Return the engine: `--engine`, else the plugin's `engine:` setting, else the file's name."""
    engine = given or setting
    if engine is None:
        engine = "properdocs" if config_file.name.startswith("properdocs.") else "mkdocs"
    if engine not in ENGINES:
        raise UsageError(f"--engine {engine}: not one of {', '.join(ENGINES)}")
    return engine


def require(engine: str) -> None:
    """Fail with how to install the engine when it is not installed."""
    if importlib.util.find_spec(engine) is None:
        raise ConfigError(f"the {engine} engine is not installed here: "
                          f"`pip install {_INSTALL[engine]}` (or choose another with --engine)")


def running_properdocs() -> bool:
    """Return whether `mkdocs` in this process is ProperDocs (properdocs.replacement is on)."""
    module = sys.modules.get("mkdocs")
    return module is not None and module.__name__ == "properdocs"


def relay(command: list[str], cwd: Path | None = None) -> int:
    """Run a child process, passing its output to our stderr line by line; return its status."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if "NO_COLOR" not in os.environ and sys.stderr.isatty():
        env.setdefault("FORCE_COLOR", "1")
    child = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    try:
        for line in iter(child.stdout.readline, b""):
            sys.stderr.write(line.decode("utf-8", "replace"))
            sys.stderr.flush()
        return child.wait()
    except BaseException:  # Ctrl-C reached the child too (same process group): let it finish
        child.terminate()
        child.wait()
        raise


def properdocs_command(args: list[str]) -> list[str]:
    """Return the command running `sopgen ARGS` with ProperDocs in place of MkDocs."""
    return [sys.executable, "-m", "sopgen.properdocs_main", *args]


def zensical_build(export_dir: Path, site_dir: Path) -> None:
    """Build the exported copy with Zensical, then put its site in `site_dir`."""
    status = relay([sys.executable, "-m", "zensical", "build", "-f",
                    str(export_dir / "mkdocs.yml")], cwd=export_dir)
    if status:
        raise EngineFailed(status)
    built = export_dir / "site"
    if site_dir.exists():
        shutil.rmtree(site_dir)  # as `mkdocs build` cleans its site folder
    shutil.copytree(built, site_dir)


def serve_child(command: list[str], cwd: Path | None = None, refresh=None,
                interval: float = 0.5) -> None:
    """Run a server child until it or we stop; call `refresh()` every `interval` meanwhile.

    The child writes to our terminal directly. SIGTERM to us ends it too, so that stopping
    `sopgen serve` never leaves a server holding the port.
    """
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    child = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL)
    try:
        while child.poll() is None:
            time.sleep(interval)
            if refresh is not None:
                try:
                    refresh()
                except SopgenError as exc:  # a secret or a bad config: say so, serve the last
                    sys.stderr.write(f"sopgen: {exc}\n")
        if child.returncode:
            raise EngineFailed(child.returncode)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.poll() is None:
            child.terminate()
            child.wait()


def zensical_serve(export_dir: Path, dev_addr: str, refresh) -> None:
    """Serve the exported copy with Zensical; re-export with `refresh()` as the wiki changes.

    An export writes only the files that changed, which Zensical's own watcher picks up.
    """
    serve_child([sys.executable, "-m", "zensical", "serve", "-f", str(export_dir / "mkdocs.yml"),
                 "-a", dev_addr], cwd=export_dir, refresh=refresh)


def _engine_of(wiki, given: str | None) -> str:
    engine = choose_engine(wiki.config_file, given, wiki.settings.engine)
    require(engine)
    return engine


def _flags(strict: bool, verbose: bool) -> list[str]:
    return [*(["--strict"] if strict else []), *(["--verbose"] if verbose else [])]


def build(config_file: Path, given: str | None, strict: bool = False,
          site_dir: Path | None = None, verbose: bool = False, client: str | None = None) -> Path:
    """Build the site with the wiki's engine; return the folder it was written to.

    With `client`, a private site of that client's pages (MkDocs and ProperDocs only).
    """
    from sopgen.site import build_site
    from sopgen.wiki import load_wiki

    wiki = load_wiki(config_file)
    engine = _engine_of(wiki, given)
    if client is not None and engine == "zensical":
        raise ConfigError("a private client site is built by MkDocs or ProperDocs: the Zensical "
                          "copy cannot leave other clients out yet (use --engine mkdocs)")
    if engine == "mkdocs" or (engine == "properdocs" and running_properdocs()):
        return build_site(config_file, strict, site_dir, verbose, client)
    target = site_dir or (_site_dir(wiki) / client if client else _site_dir(wiki))
    if engine == "properdocs":
        args = ["build", "-f", str(config_file), "--engine", "properdocs", *_flags(strict, verbose),
                *(["--site-dir", str(site_dir)] if site_dir else []),
                *(["--client", client] if client else [])]
        status = relay(properdocs_command(args))
        if status:
            raise EngineFailed(status)
        return target
    exported = _export_for_zensical(wiki, strict, verbose)
    zensical_build(exported.folder, target)
    return target


def serve(config_file: Path, given: str | None, dev_addr: str, strict: bool = False,
          verbose: bool = False) -> None:
    """Serve the site with the wiki's engine, rebuilding as pages change."""
    from sopgen.site import serve_site
    from sopgen.wiki import load_wiki

    wiki = load_wiki(config_file)
    engine = _engine_of(wiki, given)
    if engine == "mkdocs" or (engine == "properdocs" and running_properdocs()):
        serve_site(config_file, dev_addr, strict, verbose)
        return
    if engine == "properdocs":
        args = ["serve", "-f", str(config_file), "--engine", "properdocs", "--dev-addr", dev_addr,
                *_flags(strict, verbose)]
        serve_child(properdocs_command(args))
        return
    exported = _export_for_zensical(wiki, strict, verbose)
    snapshot = _snapshot(wiki)

    def refresh() -> None:
        nonlocal snapshot
        fresh = load_wiki(config_file)  # a new walk: pages added or removed count too
        now = _snapshot(fresh)
        if now != snapshot:
            snapshot = now
            _export_for_zensical(fresh, strict, verbose)

    zensical_serve(exported.folder, dev_addr, refresh)


def export(config_file: Path, out: Path, given: str | None):
    """Write a pre-rendered copy of the wiki into `out` for the engine (default: the wiki's)."""
    from sopgen.export import export_wiki
    from sopgen.plugin.plugin import build_date
    from sopgen.wiki import load_wiki

    wiki = load_wiki(config_file)
    style = "zensical" if choose_engine(config_file, given, wiki.settings.engine) == "zensical" \
        else "mkdocs"
    return export_wiki(wiki, out, style, build_date())


def cache_dir(wiki) -> Path:
    """Return where the Zensical copy of the wiki is kept: beside the config, outside the docs."""
    return wiki.root / ".cache" / "sopgen" / "zensical"


def _site_dir(wiki) -> Path:
    from sopgen.wiki import load_mkdocs_yml

    return wiki.root / str(load_mkdocs_yml(wiki.config_file).get("site_dir") or "site")


def _export_for_zensical(wiki, strict: bool, verbose: bool):
    """Export the wiki to its cache folder; log its findings; fail a strict build on errors."""
    from sopgen.export import export_wiki
    from sopgen.plugin.plugin import build_date

    exported = export_wiki(wiki, cache_dir(wiki), "zensical", build_date())
    findings = exported.result.findings
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    for noun, items in (("error", errors), ("warning", warnings)):
        if verbose or (strict and noun == "error"):
            for item in items:
                sys.stderr.write(f"sopgen: {item.where}: [{item.rule}] {item.message}\n")
        elif items:
            plural = "" if len(items) == 1 else "s"
            sys.stderr.write(f"sopgen: {len(items):,} check {noun}{plural}: see the review "
                             "dashboard, or build with --verbose for each finding\n")
    if strict and errors:
        from sopgen.site import BuildFailed

        plural = "" if len(errors) == 1 else "s"
        raise BuildFailed(f"{len(errors):,} check error{plural} in strict mode: no site was "
                          "written")
    return exported


def _snapshot(wiki) -> tuple:
    """Return what says the wiki changed: each file's path, size and time (config included)."""
    files = [wiki.config_file, *wiki.page_files(), *wiki.asset_files()]
    return tuple((str(f), s.st_size, s.st_mtime_ns) for f in files
                 for s in [_stat(f)] if s is not None)


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:
        return None
