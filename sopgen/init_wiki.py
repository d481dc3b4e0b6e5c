"""`sopgen init`: write a new wiki that builds and checks clean at once."""

from __future__ import annotations

from pathlib import Path

from sopgen import __version__
from sopgen.errors import FileExists, UsageError
from sopgen.wiki import CONFIG_NAMES
from sopgen.writing import atomic_write, yaml_scalar

SKELETON = Path(__file__).parent / "skeleton"
FILES = (
    "mkdocs.yml",
    "procedures/index.md",
    "templates/README.md",
    "requirements.txt",
    ".github/workflows/procedures.yml",
)


def init_wiki(target: Path, business: str | None = None) -> list[Path]:
    """Write the skeleton wiki into `target`; refuse a folder that already holds a wiki or files."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    for name in CONFIG_NAMES:
        if (target / name).exists():
            where = "this folder" if target == Path(".") else str(target)
            raise FileExists(f"{target / name} already exists: {where} already holds a wiki; "
                             "nothing was written")
    clashes = [str(target / rel) for rel in FILES if (target / rel).exists()]
    if clashes:
        raise FileExists(f"would overwrite {', '.join(clashes)}: move them away or choose "
                         "another folder")
    business = (business or "").strip() or None
    site_name = f"{business} procedures" if business else "Procedures"
    if business:
        business_line = (f"      business: {yaml_scalar(business)}"
                         "   # every account must be registered to it")
    else:
        business_line = ("      # business: Example Ltd   # the legal name every account must be "
                         "registered to")
    written = []
    for rel in FILES:
        text = (SKELETON / rel).read_text(encoding="utf-8")
        shown = site_name.replace("<", "&lt;") if rel.endswith(".md") else site_name
        text = (text.replace("@SITE_NAME@", shown)
                .replace("site_name: " + site_name, "site_name: " + yaml_scalar(site_name))
                .replace("@BUSINESS@", business_line)
                .replace("@VERSION@", __version__))
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        written.append(path)
    return written
