"""`sopgen init`: write a new wiki that builds and checks clean at once."""

from __future__ import annotations

import json
from importlib import metadata
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


def requirement() -> str:
    """Return the line CI installs sopgen with: from wherever this copy was installed.

    sopgen is not on a package index yet: a line naming it alone fails on a fresh clone. pip
    records where a package came from (PEP 610's direct_url.json); a git or web address can be
    installed again by CI, a folder on this machine cannot.
    """
    try:
        origin = json.loads(metadata.distribution("sopgen").read_text("direct_url.json") or "{}")
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    url = str(origin.get("url") or "")
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and url:
        commit = f"@{vcs['commit_id']}" if vcs.get("commit_id") else ""
        return f"sopgen @ git+{url}{commit}"
    if url.startswith(("https://", "http://")):
        return f"sopgen @ {url}"
    if url:
        return ("# sopgen was installed here from a folder on this machine, which CI cannot reach:\n"
                "# name where your team installs it from, e.g. sopgen @ git+https://github.com/"
                "YOUR-ORG/sopgen\n"
                f"sopgen=={__version__}")
    return f"sopgen=={__version__}"


# An assistant's wiki (--clients): how clients are declared, in place of the team example.
CLIENTS_BLOCK = """\
      # Clients: add one with `sopgen client add SLUG --name NAME --legal-name LEGAL-NAME`;
      # it gets a folder whose .meta.yml gives `client: SLUG` to every page in it. A client's
      # accounts must be registered to its legal name, with an admin among its own people:
      # clients:
      #   bakery:
      #     name: Crumb & Co
      #     legal_name: Crumb & Co Ltd
      #     people:
      #       rosa: {name: Rosa Diaz, role: owner}
"""


def init_wiki(target: Path, business: str | None = None, clients: bool = False) -> list[Path]:
    """Write the skeleton wiki into `target`; refuse a folder that already holds a wiki or files.

    With `clients`, an assistant's or agency's wiki, ready for `sopgen client add`.
    """
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
                .replace("@REQUIREMENT@", requirement()))
        if clients and rel == "mkdocs.yml":
            team = "external: true}\n"  # the team example's last line
            text = text.replace(team, team + CLIENTS_BLOCK, 1)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text)
        written.append(path)
    return written
