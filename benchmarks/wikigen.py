"""Generate a synthetic wiki: N procedure pages of ~450 words and ~12 front-matter fields."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("log in open the campaign list check subject preview send test inbox approve schedule "
         "report link image footer address unsubscribe audience segment draft publish cache "
         "backup restore verify owner backup client account vault calendar post caption").split()

CONFIG = """site_name: Benchmark
docs_dir: procedures
theme:
  name: material
  features: [navigation.prune, navigation.indexes]
plugins:
  - search
  - tags
{sopgen}markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.tasklist
"""
SOPGEN = """  - sopgen:
      business: Bench Ltd
      review_every: 180d
      due_soon: 14d
"""


def write_wiki(root: Path, pages: int, plugin: bool = True, clients: int = 20,
               settings: str = "", config: str | None = None, section_index: bool = False,
               ) -> Path:
    """Write mkdocs.yml and `pages` procedures (in `clients` sections) into `root`; return root.

    `settings` are extra lines for the sopgen plugin's settings (indented as they must be);
    `config` replaces the whole mkdocs.yml; `section_index` writes each section an index.md.
    """
    rng = random.Random(pages)
    (root / "procedures").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        config if config is not None else CONFIG.format(sopgen=SOPGEN + settings if plugin else ""))
    (root / "procedures/index.md").write_text("# Benchmark\n")
    for n in range(pages):
        client = f"client-{n % clients:02d}"
        folder = root / "procedures" / client
        if not folder.is_dir():
            folder.mkdir()
            if section_index:
                (folder / "index.md").write_text(f"# {client}\n\nThe procedures for {client}.\n")
        steps = "\n".join(f"{i}. " + " ".join(rng.choice(WORDS) for _ in range(40))
                          for i in range(1, 11))
        checklist = "\n".join("- [ ] " + " ".join(rng.choice(WORDS) for _ in range(8))
                              for _ in range(5))
        day = 1 + n % 28
        (folder / f"procedure-{n:05d}.md").write_text(
            f"---\ntitle: Procedure {n} for {client}\nowner: person-{n % 7}\n"
            f"backup: person-{(n + 1) % 7}\nlast_verified: 2026-{1 + n % 11:02d}-{day:02d}\n"
            f"verified_by: person-{n % 7}\nreview_every: 180d\nstatus: active\n"
            f"client: {client}\ntags: [email, marketing]\nuses: []\n"
            f"kind: procedure\n---\n\n# Procedure {n}\n\n## Before you start\n\n"
            f"- [ ] You can log in (the login is in the team password manager).\n\n"
            f"## Steps\n\n{steps}\n\n"
            f"## Check it worked\n\n{checklist}\n")
    return root
