"""A virtual assistant's wiki with three clients (a bakery, a dentist, a podcast) and the
business's own pages, each with words, people, URLs and accounts of its own, so that a test can
search an output for anything that should not be there."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.conftest import Sopgen

SETTINGS = """\
      business: Sam Reyes VA Services
      team:
        sam: {name: Sam Reyes, role: owner}
        jo: {name: Jo Park, role: virtual assistant, external: true}
        kim: {name: Kim Tanaka, role: virtual assistant, external: true}
        omar: {name: Omar Haddad, role: audio editor, external: true}
        val: {name: Valentina Ruiz, role: bookkeeper}
      clients:
        bakery:
          name: Crumb & Co
          legal_name: Crumb & Co Ltd
          people:
            rosa: {name: Rosa Diaz, role: owner}
        dentist:
          name: Bright Smile Dental
          legal_name: Bright Smile Dental LLP
          people:
            priya: {name: Priya Lindqvist, role: practice manager}
        podcast:
          name: Wavelength Radio
          legal_name: Wavelength Media Ltd
          people:
            max: {name: Max Volkov, role: host}
"""

# Words of each part of the wiki that no other client's output may hold (casefolded).
DENTIST = ["bright smile", "brightsmile", "molar", "fluoride", "priya", "lindqvist", "tanaka",
           "dentist", "recall letters", "dentrix"]
PODCAST = ["wavelength", "riverside", "volkov", "haddad", "podcast", "episode", "transcript"]
BUSINESS = ["sam reyes va services", "invoice", "xero", "valentina", "bookkeeping",
            "quarterly vat", "payroll"]
BAKERY = ["crumb", "sourdough", "rosa diaz", "crumbandco", "croissant"]

PAGES = {
    "procedures/index.md": """
        # Sam Reyes VA Services

        Our payroll and invoice routines, and every client's procedures.
        """,
    "procedures/bakery/daily-specials.md": """
        ---
        title: Post the daily sourdough specials
        owner: jo
        backup: sam
        last_verified: 2026-11-01
        client: bakery
        uses: [mailchimp]
        tags: [croissant-days]
        ---
        # Post the daily sourdough specials

        ![Crumb logo](logo.png)

        1. Photograph the croissant tray before 8am.
        2. Write the specials on https://crumbandco.example/specials.
        3. Send the list with [Crumb Mailchimp](mailchimp.md).

        - [ ] Prices checked with Rosa Diaz
        """,
    "procedures/bakery/mailchimp.md": """
        ---
        kind: account
        title: Crumb Mailchimp
        owner: sam
        last_verified: 2026-11-01
        client: bakery
        registered_to: Crumb & Co Ltd
        admins: [rosa, sam]
        login_email: hello@crumbandco.example
        credentials: Crumb 1Password vault "Shop"
        recovery: codes in the Crumb safe binder
        renews: 2027-03-01
        ---
        # Crumb Mailchimp

        The sourdough newsletter list.
        """,
    "procedures/common/holiday-cover.md": """
        ---
        title: Holiday cover rota
        owner: sam
        backup: jo
        last_verified: 2026-10-01
        client: all
        ---
        1. Tell the client a week ahead who covers.
        """,
    "procedures/dentist/recall-letters.md": """
        ---
        title: Send the molar recall letters
        owner: kim
        backup: sam
        last_verified: 2026-11-01
        client: dentist
        uses: [mailchimp]
        tags: [fluoride]
        ---
        1. Export the recall letters list from Dentrix.
        2. Book the fluoride reminders at https://brightsmile.example/portal.

        ![x-ray](x-ray.png)
        """,
    "procedures/dentist/mailchimp.md": """
        ---
        kind: account
        title: Bright Smile Mailchimp
        owner: kim
        last_verified: 2026-11-01
        client: dentist
        registered_to: Bright Smile Dental LLP
        admins: [priya, kim]
        login_email: office@brightsmile.example
        credentials: Bright Smile Bitwarden
        renews: 2027-01-15
        ---
        The molar newsletter.
        """,
    "procedures/podcast/publish-episode.md": """
        ---
        title: Publish the Wavelength episode
        owner: omar
        backup: jo
        last_verified: 2026-11-01
        client: podcast
        uses: [mailchimp]
        ---
        1. Export the episode from Riverside.
        2. Upload the transcript to https://wavelength.example/feed.
        """,
    "procedures/podcast/mailchimp.md": """
        ---
        kind: account
        title: Wavelength Mailchimp
        owner: omar
        last_verified: 2026-11-01
        client: podcast
        registered_to: Wavelength Media Ltd
        admins: [max, omar]
        login_email: studio@wavelength.example
        credentials: Wavelength Radio 1Password
        renews: 2027-02-01
        ---
        The episode announcements.
        """,
    "procedures/admin/invoices.md": """
        ---
        title: Send our own invoice run
        owner: val
        backup: sam
        last_verified: 2026-11-01
        uses: [xero]
        ---
        1. Open Xero and run payroll, then the quarterly VAT bookkeeping.
        """,
    "procedures/admin/xero.md": """
        ---
        kind: account
        title: Xero
        owner: val
        last_verified: 2026-11-01
        registered_to: Sam Reyes VA Services
        admins: [val, sam]
        login_email: books@samreyes.example
        credentials: Valentina's bookkeeping vault
        renews: 2027-04-01
        ---
        Payroll and invoice ledger.
        """,
}


def make_client_wiki(wiki: Sopgen) -> Sopgen:
    """Turn a wiki made by `sopgen init` into the three-client wiki."""
    config = wiki.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      business:")
    end = text.index("      review_every:")
    config.write_text(text[:start] + SETTINGS + text[end:], encoding="utf-8")
    for rel, body in PAGES.items():
        wiki.page(rel, body)
    (wiki.root / "procedures/bakery/logo.png").write_bytes(b"\x89PNG\r\n\x1a\ncrumb-logo")
    (wiki.root / "procedures/dentist/x-ray.png").write_bytes(b"\x89PNG\r\n\x1a\nmolar-xray")
    (wiki.root / "procedures/admin/payroll.txt").write_text("payroll sheet\n", encoding="utf-8")
    return wiki


def output_text(folder: Path) -> dict[str, str]:
    """Return every file under a folder as casefolded text (gzip files unpacked)."""
    import gzip

    texts: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        texts[str(path.relative_to(folder))] = raw.decode("utf-8", "replace").casefold()
    return texts


def leaks(folder: Path, words: list[str]) -> list[str]:
    """Return "file: word" for every forbidden word found in any file under `folder`."""
    return [f"{name}: {word}" for name, text in output_text(folder).items()
            for word in words if word in text]


def dedent(text: str) -> str:
    """Return the text as a page file holds it."""
    return textwrap.dedent(text).lstrip("\n")
