"""How fast is `sopgen check`, against the floor of reading and parsing every page's front matter?

Usage: python benchmarks/check_speed.py [N ...]   (default: 1000 5000)

Both are whole processes, timed as medians of 3 runs: the floor is one Python process that reads
every file and parses its front matter with PyYAML's C loader; the check is `sopgen check`.
Target (issue 3): at 5,000 pages, check takes at most 2x the floor.
"""

from __future__ import annotations

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


def timed(cmd: list[str], cwd: Path, runs: int = 3) -> float:
    """Return the median wall time of `cmd`; fail if it crashes (exit status above 1)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode > 1:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return statistics.median(times)


def main(sizes: list[int]) -> None:
    sopgen = str(Path(sys.executable).with_name("sopgen"))
    print(f"{'pages':>6}  {'floor':>8}  {'check':>8}  {'ratio':>6}  per page (check)")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = write_wiki(Path(tmp), size)
            floor = timed([sys.executable, "-c", FLOOR, "procedures"], root)
            check = timed([sopgen, "check", "--today", "2026-11-23", "--fail-on", "never"], root)
            print(f"{size:>6}  {floor:>7.2f}s  {check:>7.2f}s  {check / floor:>5.2f}x  "
                  f"{check / size * 1e6:>6.0f} us")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
