"""How much does the sopgen plugin add to a MkDocs build, and how does the build scale?

Usage: python benchmarks/build_speed.py [N ...]   (default: 1000 5000)

For each N: the same synthetic wiki and mkdocs.yml (Material, navigation.prune, search, tags),
built by `mkdocs build` without the sopgen plugin; with it and `procedures_in_nav: true` (the
same navigation, so the difference is the plugin's overhead); and with it as `sopgen init`
writes it (`procedures_in_nav: auto`: a section of more than 30 pages lists them on its index
page, not in the navigation, so the build stays linear). Whole processes, one run each (builds
are long); SOURCE_DATE_EPOCH fixed. Targets (issue 13): overhead at most 1.10x; the default
wiki at 5,000 pages under 35 s and 200 MB.
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
    print(f"{'pages':>6}  {'mkdocs':>14}  {'+sopgen, same nav':>18}  {'ratio':>6}  "
          f"{'+sopgen as init writes it':>26}", flush=True)
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            plain, same, default = (Path(tmp) / name for name in ("plain", "same", "default"))
            write_wiki(plain, size, plugin=False)
            write_wiki(same, size, plugin=True, settings="      procedures_in_nav: true\n")
            write_wiki(default, size, plugin=True)
            (base, base_size), (with_, _), (ours, ours_size) = map(build, (plain, same, default))
            print(f"{size:>6}  {base:>6.1f}s {base_size / 1e6:>5.0f}MB  {with_:>17.1f}s  "
                  f"{with_ / base:>5.2f}x  {ours:>17.1f}s {ours_size / 1e6:>5.0f}MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
