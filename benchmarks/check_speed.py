"""How fast is `sopgen check`, against the floor of reading and parsing every page's front matter?

Usage: python benchmarks/check_speed.py [--runs R] [--before SOPGEN] [N ...]   (default: 1000 5000)

Both are whole processes, timed as the median (and the fastest) of R runs, interleaved so a
noisy moment hits both: the floor is one Python process that reads every file and parses its
front matter with PyYAML's C loader; the check is `sopgen check`. `--before` times a second
sopgen executable too (an older install), for before and after figures from one session.
Target (issue 3): at 5,000 pages, check takes at most 1.5x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wikigen import write_wiki

FLOOR = """
import re, sys, pathlib, yaml
RE = re.compile(r"^-{3}[ \\t]*\\n(.*?\\n)(?:\\.{3}|-{3})[ \\t]*\\n", re.DOTALL)
n = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    text = path.read_bytes().decode("utf-8-sig")
    m = RE.match(text)
    if m:
        yaml.load(m.group(1), Loader=yaml.CSafeLoader)
        n += 1
print(n)
"""


# As an installed sopgen runs: its bytecode cached. An environment that turns caching off
# (PYTHONDONTWRITEBYTECODE, as this machine's does) makes an editable sopgen compile its modules
# on every run (~20 ms), while the floor's yaml, MkDocs and Material come compiled from
# site-packages.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def crashed(returncode: int, stderr: str) -> bool:
    """Return whether a run failed rather than reported findings (exit status 1)."""
    return returncode > 1 or "Traceback (most recent call last)" in stderr


def run(cmd: list[str], cwd: Path) -> float:
    """Return the wall time of `cmd`; fail if it crashes."""
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if crashed(done.returncode, done.stderr):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def timed(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, list[float]]:
    """Return each command's wall times over `runs` rounds, the commands taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(run(cmd, cwd))
    return times


def main() -> None:
    """Print floor and check times (median, fastest) and their ratio for each wiki size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", help="another sopgen executable to time beside this one")
    args = parser.parse_args()
    sopgen = str(Path(sys.executable).with_name("sopgen"))
    check = ["check", "--today", "2026-11-23", "--fail-on", "never"]
    print(f"median (fastest) of {args.runs} runs; ratio = check / floor, medians (fastest)")
    print(f"{'pages':>6}  {'':<7}{'floor':>14}  {'check':>14}  {'ratio':>14}  per page")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_wiki(Path(tmp), size)
            commands = {"floor": [sys.executable, "-c", FLOOR, "procedures"],
                        "now": [sopgen, *check]}
            if args.before:
                commands["before"] = [args.before, *check]
            times = timed(commands, root, args.runs)
            floor = times.pop("floor")
            for name, got in times.items():
                med, best = statistics.median(got), min(got)
                fmed, fbest = statistics.median(floor), min(floor)
                print(f"{size:>6}  {name:<7}{fmed:>6.2f}s ({fbest:.2f}s)  {med:>6.2f}s "
                      f"({best:.2f}s)  {med / fmed:>5.2f}x ({best / fbest:.2f}x)  "
                      f"{med / size * 1e6:>5.0f} us")


if __name__ == "__main__":
    main()
