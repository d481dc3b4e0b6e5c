"""The sopgen settings (`plugins: - sopgen:` in mkdocs.yml): the one schema, for the CLI and the site.

Declared as MkDocs and Material declare theirs, with MkDocs' config classes as schema.py restates
them (so that `sopgen check` need not import MkDocs): the plugin and `sopgen check` validate the
same way and give the same messages.
"""

from __future__ import annotations

from typing import Any

from sopgen import schema as base
from sopgen import schema as c
from sopgen.durations import Duration, parse_duration
from sopgen.errors import ConfigError, UsageError
from sopgen.results import RULES
from sopgen.secrets import mask_all
from sopgen.slug import slugify

SEVERITIES = ("error", "warning", "off")


class DurationOption(c.BaseConfigOption[Duration]):
    """A duration such as 90d, 12w, 6m or 1y."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = parse_duration(default)

    def run_validation(self, value: object) -> Duration:
        if isinstance(value, Duration):
            return value
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None


class TeamOption(c.BaseConfigOption[dict[str, dict[str, Any]]]):
    """People by handle: {ana: {name: Ana Perez, role: virtual assistant, external: true}}."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            raise base.ValidationError("team must map each person's handle to their details")
        team: dict[str, dict[str, Any]] = {}
        for handle, details in value.items():
            details = {} if details is None else details
            if isinstance(details, str):
                details = {"name": details}
            if not isinstance(details, dict):
                raise base.ValidationError(
                    f"team.{handle} must be a mapping like {{name: ..., role: ...}}")
            unknown = set(details) - {"name", "role", "external", "email"}
            if unknown:
                raise base.ValidationError(
                    f"team.{handle} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
            if not isinstance(details.get("external", False), bool):
                raise base.ValidationError(f"team.{handle}.external must be true or false")
            team[str(handle)] = {
                "name": str(details.get("name") or handle),
                "role": str(details.get("role") or ""),
                "external": bool(details.get("external", False)),
                "email": str(details.get("email") or ""),
            }
        by_slug: dict[str, str] = {}
        for handle in team:
            other = by_slug.setdefault(slugify(handle), handle)
            if other != handle:
                raise base.ValidationError(
                    f"team.{other} and team.{handle} would share one person page: use one "
                    "spelling")
        return team


class SeverityOption(c.BaseConfigOption[dict[str, str]]):
    """Per-rule severities: {backup-missing: error, duplicate-title: off}."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise base.ValidationError("severity must map rule ids to error, warning or off")
        for rule, severity in value.items():
            if rule not in RULES:
                raise base.ValidationError(
                    f"severity names an unknown rule {rule!r}; rules are: {', '.join(RULES)}")
            if severity not in SEVERITIES:
                raise base.ValidationError(
                    f"severity of {rule} must be error, warning or off, not {severity!r}")
        return dict(value)


class GeneratedDirOption(c.Type[str]):
    """A folder inside the docs folder: relative, without `..`."""

    def __init__(self) -> None:
        super().__init__(str, default="review")

    def run_validation(self, value: object) -> str:
        raw = super().run_validation(value).strip()
        text = raw.rstrip("/")
        parts = text.split("/")
        if not text or raw.startswith(("/", "\\")) or ":" in text or any(
                p in ("", ".", "..") for p in parts):
            raise base.ValidationError(
                f"generated_dir must be a folder inside the docs folder, like review, not {value!r}")
        return text


class Settings(base.Config):
    """The settings of the sopgen plugin, and so of every sopgen command."""

    business = c.Optional(c.Type(str))
    """The business that must own every account (registered_to)."""

    review_every = DurationOption("180d")
    """How often a page is re-verified when it sets no review_every of its own."""

    due_soon = DurationOption("14d")
    """How long before its review date a page counts as due soon."""

    team = TeamOption()
    """The people of the team; when present, owners, backups and admins are checked against it."""

    severity = SeverityOption()
    """Severity overrides per rule id (error, warning or off)."""

    dashboard = c.Type(bool, default=True)
    """Generate the review dashboard, the people, clients and accounts pages and the calendars."""

    box = c.Type(bool, default=True)
    """Show the owner and freshness box at the top of every procedure."""

    listings = c.Type(bool, default=True)
    """List each section's procedures, with their status, on the section's index page."""

    procedures_in_nav = c.Choice((True, False, "auto"), default="auto")
    """Which procedures the navigation shows: `true` all, `false` none (sections only, whose
    index pages list them), `auto` those of sections with at most `nav_section_limit` pages.
    Material renders the navigation into every page, so a nav listing thousands of pages makes
    builds grow with pages x nav entries; `auto` keeps a growing wiki linear."""

    nav_section_limit = c.Type(int, default=30)
    """With `procedures_in_nav: auto`, a section with more tracked pages than this is listed on
    its index page instead of in the navigation."""

    generated_dir = GeneratedDirOption()
    """The folder of the generated pages (dashboard, people, clients, accounts, calendars)."""

    @classmethod
    def of(cls, options: dict[str, Any] | None = None, config_file: str | None = None,
           **values: Any) -> Settings:
        """Return validated settings from options (a mapping, or keywords); fail once, listing all."""
        settings = cls(config_file_path=config_file)
        settings.load_dict({**(options or {}), **values})
        errors, _warnings = settings.validate()
        if errors:
            where = f"{config_file}: " if config_file else ""
            lines = [f"  sopgen.{name}: {error}" for name, error in errors]
            raise ConfigError(f"{where}{len(errors)} invalid sopgen setting"
                              f"{'s' if len(errors) != 1 else ''}:\n" + "\n".join(lines))
        return settings

    def mask_secrets(self, secrets: list[str]) -> None:
        """Replace each secret in the business's name and the team's details with its mask."""
        if self.business:
            self.business = mask_all(self.business, secrets)
        for details in self.team.values():
            for key, value in details.items():
                if isinstance(value, str):
                    details[key] = mask_all(value, secrets)

    def person_name(self, handle: str) -> str:
        """Return a person's full name from the team list, else the handle itself."""
        return self.team.get(handle, {}).get("name") or handle

    def is_external(self, handle: str) -> bool:
        """Return whether a person is marked external in the team list."""
        return bool(self.team.get(handle, {}).get("external"))

    def require_member(self, person: str, option: str, config_name: str = "mkdocs.yml") -> None:
        """Fail (UsageError) when the wiki has a team list and `person` is not in it."""
        if self.team and person not in self.team:
            raise UsageError(f"{option} {person}: not in the team list of {config_name} "
                             f"(known: {', '.join(sorted(self.team))})")
