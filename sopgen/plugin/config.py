"""The plugin's settings under `plugins: - sopgen:` in mkdocs.yml, declared once for CLI and site."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from sopgen.durations import Duration, parse_duration
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
        from sopgen.rules import RULES

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


class SopgenConfig(base.Config):
    """The settings of the sopgen plugin."""

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

    procedures_in_nav = c.Type(bool, default=True)
    """Show every procedure in the navigation. Turn off for thousands of pages: Material renders
    the navigation into every page, so builds grow with pages x nav entries; without the
    procedures the nav holds only sections, whose index pages list them."""

    generated_dir = c.Type(str, default="review")
    """The folder of the generated pages (dashboard, people, clients, accounts, calendars)."""
