"""The handover report in text, JSON and Markdown: what would stop if this person vanished."""

from __future__ import annotations

import json

from sopgen.formats.json import VERSION, page_record
from sopgen.formats.markdown import cell, code
from sopgen.handover import Holdings
from sopgen.results import STATUS_LABELS, PageState

SECTIONS = (
    ("owns", "Procedures they own (no backup first)"),
    ("backs_up", "Procedures they back up"),
    ("only_admin", "Accounts where they are the only admin"),
    ("admin", "Accounts they can administer, with others"),
    ("registrant", "Accounts registered to them: transfer these to the business"),
    ("owns_accounts", "Account pages they own"),
)


def _note(state: PageState, held: Holdings) -> str:
    page = state.page
    if page.kind == "procedure":
        if page.owner != held.person:
            return f"owner {page.owner or 'nobody'}"
        return f"backup {page.backup}" if page.backup and page.backup != held.person \
            else "no backup"
    others = [a for a in page.admins if a != held.person]
    return f"other admins: {', '.join(others)}" if others else "nobody else can get in"


def render_text(held: Holdings) -> str:
    """Render the holdings for a person at a terminal."""
    who = held.name if held.name == held.person else f"{held.name} ({held.person})"
    lines = [f"What depends on {who}:", ""]
    for key, title in SECTIONS:
        states = getattr(held, key)
        if not states:
            continue
        lines.append(f"{title} ({len(states)}):")
        for state in states:
            lines.append(f"  {STATUS_LABELS[state.status]:<8}  {state.page.title}  "
                         f"({state.page.file}; {_note(state, held)})")
        lines.append("")
    lines.append(f"To move it all: sopgen handover {held.person} --to OTHER --dry-run")
    return "\n".join(lines) + "\n"


def render_json(held: Holdings) -> str:
    """Render the holdings as JSON, version 1."""
    document: dict = {"version": VERSION, "person": held.person, "name": held.name}
    for key, _title in SECTIONS:
        document[key] = [page_record(state) for state in getattr(held, key)]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(held: Holdings) -> str:
    """Render the holdings as Markdown tables."""
    lines = [f"## What depends on {cell(held.name)}", ""]
    for key, title in SECTIONS:
        states = getattr(held, key)
        if not states:
            continue
        lines += [f"### {title} ({len(states)})", "", "| Page | Status | Note |",
                  "| --- | --- | --- |"]
        lines += [f"| {cell(s.page.title)} ({code(s.page.file)}) | {STATUS_LABELS[s.status]} | "
                  f"{cell(_note(s, held))} |" for s in states]
        lines.append("")
    return "\n".join(lines)
