"""One answer to `sopgen new`, checked the moment it is given, so a bad one is asked again.

Everything `new` would refuse after the last question (a date that is no date, a person not on
the team, a title whose page exists, a password typed into a field) is refused here instead,
while the other answers are still in hand.
"""

from __future__ import annotations

import os
from pathlib import Path

from sopgen.errors import UsageError
from sopgen.scaffold import Template, Variable, check_values, clean_value, page_folder, target_path
from sopgen.wiki import Wiki, display_path

PEOPLE = ("owner", "backup")


def check_answer(wiki: Wiki, template: Template, variable: Variable, value: str,
                 client: str | None = None, section: str | None = None,
                 force: bool = False) -> str:
    """Return `value` tidied for `variable`, or raise ValueError saying what is wrong with it."""
    value = clean_value(variable, value)  # one line; a real date; a duration like 90d
    name = variable.name
    try:
        check_values(template, {name: value})  # a choice, and never a secret
    except UsageError as exc:
        raise ValueError(str(exc).removeprefix(f"{name}: ")) from None
    person = value.strip()
    if name in PEOPLE:
        if name == "owner" and not person:
            raise ValueError("the owner must name a person")
        known = wiki.settings.known_people(client) if wiki.settings.team else []
        if person and known and person not in known:
            raise ValueError(f"{person}: not in the team list of {wiki.config_file.name} "
                             f"(known: {', '.join(known)})")
    if name == "title":
        if not value.strip():
            raise ValueError("the title must not be empty")
        try:
            path = target_path(wiki.docs_dir, value, page_folder(client, section))
        except UsageError as exc:
            raise ValueError(str(exc)) from None
        if os.path.lexists(path) and not force:
            raise ValueError(f"{display_path(path, Path.cwd())} already exists: choose another title "
                             "(or pass --force to replace it)")
    return value

