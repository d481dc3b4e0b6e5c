"""How much does the sopgen plugin add to a MkDocs build, and how does the build scale?

Usage: python benchmarks/build_speed.py [N ...]   (default: 1000 5000)

For each N: the same synthetic wiki and mkdocs.yml (Material, navigation.prune, search, tags),
built by `mkdocs build` without the sopgen plugin, with it, and with it and
`procedures_in_nav: false` (the navigation then holds sections only, each listing its pages).
Whole processes, one run each (builds are long); SOURCE_DATE_EPOCH fixed.
Target (issue 4): the plugin adds at most 15%.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wikigen import write_wiki


def build(root: Path) -> tuple[float, int]:
    """Build the wiki in `root`; return seconds and the site's size in bytes."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795000000", NO_MKDOCS_2_WARNING="1")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    start = time.perf_counter()
    done = subprocess.run([mkdocs, "build", "-q", "-d", "site"], cwd=root, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{done.stderr[-2000:]}")
    size = sum(f.stat().st_size for f in (root / "site").rglob("*") if f.is_file())
    return seconds, size


def main(sizes: list[int]) -> None:
    print(f"{'pages':>6}  {'mkdocs':>14}  {'+sopgen':>14}  {'overhead':>8}  "
          f"{'+sopgen, sections-only nav':>26}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            plain, ours, lean = (Path(tmp) / name for name in ("plain", "ours", "lean"))
            write_wiki(plain, size, plugin=False)
            write_wiki(ours, size, plugin=True)
            write_wiki(lean, size, plugin=True, settings="      procedures_in_nav: false\n")
            (base, base_size), (with_, with_size), (nav, nav_size) = map(build, (plain, ours, lean))
            print(f"{size:>6}  {base:>6.1f}s {base_size / 1e6:>5.0f}MB  "
                  f"{with_:>6.1f}s {with_size / 1e6:>5.0f}MB  {(with_ / base - 1) * 100:>7.1f}%  "
                  f"{nav:>17.1f}s {nav_size / 1e6:>5.0f}MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
