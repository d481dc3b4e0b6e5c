"""How much does the sopgen plugin add to a MkDocs build, and how does the build scale?

Usage: python benchmarks/build_speed.py [N ...]   (default: 1000 5000)

For each N: the same synthetic wiki and mkdocs.yml (Material, navigation.prune, search, tags),
built by `mkdocs build` without the sopgen plugin and with it. Whole processes, one run each
(builds are long); SOURCE_DATE_EPOCH fixed. Target (issue 4): the plugin adds at most 15%.
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
    print(f"{'pages':>6}  {'mkdocs':>8}  {'+sopgen':>8}  {'overhead':>8}  site size (with)")
    for size in sizes:
        with tempfile.TemporaryDirectory() as plain, tempfile.TemporaryDirectory() as withit:
            write_wiki(Path(plain), size, plugin=False)
            write_wiki(Path(withit), size, plugin=True)
            base, _ = build(Path(plain))
            ours, bytes_ = build(Path(withit))
            print(f"{size:>6}  {base:>7.1f}s  {ours:>7.1f}s  {(ours / base - 1) * 100:>7.1f}%  "
                  f"{bytes_ / 1e6:.0f} MB", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
