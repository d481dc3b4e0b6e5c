"""Issue 13's figures in one run: sopgen's build against plain MkDocs, and check against the floor.

Usage: python benchmarks/scale.py [--quick] [--runs R] [--full-nav MAX] [N ...]  (default: 1000 5000)

For each N, a wiki as `sopgen init` writes it (its mkdocs.yml, unchanged) holding N generated
procedures of ~450 words in 10 sections, each section with an index.md:

- build: `sopgen build` against `mkdocs build` of the same mkdocs.yml with the sopgen plugin
  removed and the same navigation (`not_in_nav` for the procedures of the sections sopgen lists on
  their index page instead, those of more than 30 pages). The ratio is sopgen's overhead. With
  `--full-nav MAX`, for wikis of up to MAX pages, also plain MkDocs with only the plugin line
  removed (every page in the nav, as MkDocs does without sopgen): slow, growing with pages x nav
  entries.
- check: `sopgen check` (text and `--format json`) against the floor: one process reading every
  page and parsing its front matter with PyYAML's C loader.

Whole processes, interleaved (A, B, A, B, ...) so that a noisy moment of a shared machine hits
both; medians (and the fastest run); wikis of up to 1,000 pages are built three times as
often. Site size is the sum of the files' sizes; peak memory the largest resident set of the
process (and the workers it waited for). Each run starts with the disk written (os.sync), so
that no run pays for writing out another's site. SOURCE_DATE_EPOCH is fixed; bytecode is
cached, as for an installed sopgen (see check_speed.ENV).
Targets (issue 13): at 5,000 pages the default build under 35 s and a site under 200 MB; build at
most 1.10x plain MkDocs; check at most 1.5x the floor; a handful of build log lines.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_speed import ENV as BASE_ENV
from check_speed import FLOOR, crashed
from wikigen import write_wiki

BIN = Path(sys.executable).parent
SECTIONS = 10
NAV_SECTION_LIMIT = 30  # sopgen's default nav_section_limit
# Up to this many pages a build takes seconds, and the machine's speed drifts by more than the
# overhead measured: such wikis are built three times as often, for a steadier median.
SMALL = 1000
ENV = dict(BASE_ENV, SOURCE_DATE_EPOCH="1795000000", NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
TODAY = ["--today", "2026-11-23", "--fail-on", "never"]


def run(cmd: list[str], cwd: Path) -> tuple[float, int, str, float]:
    """Run `cmd`; return its wall time, peak memory in bytes, stderr and CPU time (with the
    workers it waited for). Fail if it crashed."""
    # The last build's site (up to 150 MB) is written out to disk now, not by the kernel's
    # flusher in the middle of this run, whichever it is: writing the pages of the same
    # 1,000-page build took 0.1 to 0.8 s.
    os.sync()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if crashed(process.returncode, stderr):
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd} ({process.returncode}):\n"
                         f"{stderr[-3000:]}")
    return seconds, usage.ru_maxrss * 1024, stderr, usage.ru_utime + usage.ru_stime


def site_size(root: Path) -> int:
    """Return the total size of the files of the built site."""
    return sum(f.stat().st_size for f in (root / "site").rglob("*") if f.is_file())


def plain_config(config: str, same_nav: bool, pages: int) -> str:
    """Return `config` without the sopgen plugin; with `same_nav`, sopgen's default navigation."""
    plain = re.sub(r"^  - sopgen:\n(?:(?:      .*)?\n)*", "", config, flags=re.MULTILINE)
    if "sopgen" in plain:
        raise SystemExit("could not remove the sopgen plugin from the init mkdocs.yml")
    if same_nav and pages // SECTIONS > NAV_SECTION_LIMIT:
        plain += "\nnot_in_nav: |\n  /client-*/procedure-*.md\n"
    return plain


def wikis(tmp: Path, pages: int, full_nav: bool) -> dict[str, Path]:
    """Write the wikis to build: sopgen's as init writes it, and plain MkDocs' copies."""
    subprocess.run([str(BIN / "sopgen"), "init", str(tmp / "sopgen"), "--business", "Bench Ltd"],
                   check=True, capture_output=True, env=ENV)
    config = (tmp / "sopgen" / "mkdocs.yml").read_text()
    roots = {"sopgen": write_wiki(tmp / "sopgen", pages, clients=SECTIONS, config=config,
                                  section_index=True)}
    shapes = {"plain": True, **({"plain-full-nav": False} if full_nav else {})}
    for name, same_nav in shapes.items():
        shutil.copytree(roots["sopgen"] / "procedures", tmp / name / "procedures")
        (tmp / name / "mkdocs.yml").write_text(plain_config(config, same_nav, pages))
        roots[name] = tmp / name
    return roots


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_build(pages: int, runs: int, full_nav: bool) -> dict[str, dict[str, float]]:
    """Build each wiki `runs` times, taking turns; return medians and fastest of each."""
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        roots = wikis(Path(tmp), pages, full_nav)
        commands = {"plain": [str(BIN / "mkdocs"), "build", "-d", "site"],
                    "sopgen": [str(BIN / "sopgen"), "build", "--site-dir", "site"]}
        if full_nav:
            commands["plain-full-nav"] = commands["plain"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[int]] = {name: [] for name in commands}
        log_lines = 0
        for _ in range(runs):
            for name, cmd in commands.items():
                seconds, peak, stderr, used = run(cmd, roots[name])
                times[name].append(seconds)
                cpu[name].append(used)
                peaks[name].append(peak)
                if name == "sopgen":
                    log_lines = len(stderr.splitlines())
        for name in commands:
            out[name] = {"median": median(times[name]), "best": min(times[name]),
                         "cpu": median(cpu[name]), "size": site_size(roots[name]),
                         "peak": max(peaks[name])}
        out["sopgen"]["log_lines"] = log_lines
    return out


def bench_check(pages: int, runs: int) -> dict[str, dict[str, float]]:
    """Time the floor, `sopgen check` and `sopgen check --format json`, taking turns."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_wiki(Path(tmp), pages, clients=SECTIONS)
        commands = {"floor": [sys.executable, "-c", FLOOR, "procedures"],
                    "check": [str(BIN / "sopgen"), "check", *TODAY],
                    "json": [str(BIN / "sopgen"), "check", "--format", "json", *TODAY]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[int]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                seconds, peak, _, used = run(cmd, root)
                times[name].append(seconds)
                cpu[name].append(used)
                peaks[name].append(peak)
    return {name: {"median": median(t), "best": min(t), "cpu": median(cpu[name]),
                   "peak": max(peaks[name])} for name, t in times.items()}


def machine() -> str:
    """Describe the machine and the versions the figures come from."""
    versions = ", ".join(f"{name} {metadata.version(name)}"
                         for name in ("mkdocs", "mkdocs-material", "sopgen"))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}, {versions}; load average at start {load}")


def main() -> None:
    """Print the build and check figures, side by side, for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--quick", action="store_true",
                        help="small wikis (200 and 1,000 pages), 3 builds each, 3 check runs")
    parser.add_argument("--runs", type=int, help="build runs each (default 2; 3x this for wikis of "
                                                 "up to 1,000 pages; checks: 2x this + 1)")
    parser.add_argument("--full-nav", type=int, default=0, metavar="MAX",
                        help="also build plain MkDocs with every page in the navigation, for "
                             "wikis of up to MAX pages (slow: it grows with pages x nav entries)")
    args = parser.parse_args()
    sizes = args.sizes or ([200, 1000] if args.quick else [1000, 5000])
    runs = args.runs or (1 if args.quick else 2)
    print(machine())
    print(f"{SECTIONS} sections; builds: median (fastest) of {runs} ({3 * runs} up to {SMALL:,} "
          f"pages), interleaved; checks: of "
          f"{2 * runs + 1}. cpu = ratio of CPU time (user + system, workers included), steadier "
          "than wall time on a busy machine\n", flush=True)
    print(f"{'pages':>6}  {'plain mkdocs, same nav':>24}  {'sopgen build':>22}  {'ratio':>5}  "
          f"{'cpu':>5}  {'log':>4}  {'peak MB':>11}  plain, every page in nav")
    for size in sizes:
        full_nav = size <= args.full_nav
        got = bench_build(size, 3 * runs if size <= SMALL else runs, full_nav)
        plain, ours = got["plain"], got["sopgen"]
        line = (f"{size:>6}  {plain['median']:>6.1f}s ({plain['best']:.1f}s) "
                f"{plain['size'] / 1e6:>5.0f}MB"
                f"  {ours['median']:>6.1f}s ({ours['best']:.1f}s) {ours['size'] / 1e6:>5.0f}MB"
                f"  {ours['median'] / plain['median']:>4.2f}x  {ours['cpu'] / plain['cpu']:>4.2f}x"
                f"  {ours['log_lines']:>4.0f}  {plain['peak'] / 1e6:>4.0f} / {ours['peak'] / 1e6:>4.0f}")
        if full_nav:
            full = got["plain-full-nav"]
            line += (f"  {full['median']:>6.1f}s {full['size'] / 1e6:>5.0f}MB "
                     f"(sopgen {ours['median'] / full['median']:.2f}x)")
        else:
            line += "  (not built)"
        print(line, flush=True)
    print(f"\n{'pages':>6}  {'floor':>14}  {'sopgen check':>14}  {'ratio':>5}  {'cpu':>5}  "
          f"{'check --format json':>20}  {'ratio':>5}  {'peak MB':>7}")
    for size in sizes:
        got = bench_check(size, 2 * runs + 1)
        floor, text, json = got["floor"], got["check"], got["json"]
        print(f"{size:>6}  {floor['median']:>6.2f}s ({floor['best']:.2f}s)  "
              f"{text['median']:>6.2f}s ({text['best']:.2f}s)  "
              f"{text['median'] / floor['median']:>4.2f}x  {text['cpu'] / floor['cpu']:>4.2f}x  "
              f"{json['median']:>12.2f}s ({json['best']:.2f}s)  "
              f"{json['median'] / floor['median']:>4.2f}x  {text['peak'] / 1e6:>7.0f}", flush=True)
    print(f"\nload average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
