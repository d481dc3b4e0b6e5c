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
    """People by handle: {ana: {name: Ana Perez, role: virtual assistant, external: true}}.

    `notify:` lists where `sopgen remind` sends a person's digest (Apprise URLs).
    """

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
            unknown = set(details) - {"name", "role", "external", "email", "notify"}
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
            notify = _addresses(details.get("notify"), f"team.{handle}.notify")
            if notify:  # only where given: `sopgen remind`'s addresses for this person
                team[str(handle)]["notify"] = notify
        by_slug: dict[str, str] = {}
        for handle in team:
            other = by_slug.setdefault(slugify(handle), handle)
            if other != handle:
                raise base.ValidationError(
                    f"team.{other} and team.{handle} would share one person page: use one "
                    "spelling")
        return team


class NotifyOption(c.BaseConfigOption[list[str]]):
    """Apprise URLs (mailto://, slack://, json://, ...): a list, or one URL."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> list[str]:
        return _addresses(value, "notify")


def _addresses(value: object, where: str) -> list[str]:
    """Check Apprise URLs, naming a bad one masked; Apprise is imported only when there are some."""
    if value is None or value == [] or value == "":  # `!ENV [NAME, ""]` with NAME unset: none
        return []
    from sopgen.notify import addresses

    try:
        return addresses(value, where)
    except ValueError as exc:
        raise base.ValidationError(str(exc)) from None


# `client: all` marks a page for every client (a private site of any client shows it).
ALL_CLIENTS = "all"
_CLIENT_KEYS = frozenset({"name", "legal_name", "people"})


class ClientsOption(c.BaseConfigOption[dict[str, dict[str, Any]]]):
    """Clients by slug: {bakery: {name: Crumb & Co, legal_name: Crumb & Co Ltd, people: {...}}}."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, dict[str, Any]]:
        if not isinstance(value, dict):
            raise base.ValidationError(
                "clients must map each client's slug to {name: ..., legal_name: ..., people: ...}")
        clients: dict[str, dict[str, Any]] = {}
        for slug, details in value.items():
            slug = str(slug)
            if slug == ALL_CLIENTS:
                raise base.ValidationError(
                    "clients.all: `all` is reserved (`client: all` marks a page for every "
                    "client): name the client otherwise")
            if slugify(slug) != slug:
                raise base.ValidationError(
                    f"clients.{slug}: a client's key must be a slug (lowercase letters, digits and "
                    f"hyphens), like {slugify(slug) or 'bakery'}")
            details = {} if details is None else details
            if not isinstance(details, dict):
                raise base.ValidationError(
                    f"clients.{slug} must be a mapping like {{name: ..., legal_name: ...}}")
            unknown = set(details) - _CLIENT_KEYS
            if unknown:
                raise base.ValidationError(
                    f"clients.{slug} has unknown keys: {', '.join(sorted(map(str, unknown)))} "
                    "(known: legal_name, name, people)")
            for key in ("name", "legal_name"):
                if details.get(key) is not None and not isinstance(details[key], str):
                    raise base.ValidationError(f"clients.{slug}.{key} must be text")
            people = details.get("people") or {}
            try:
                people = TeamOption().run_validation(people)
            except base.ValidationError as exc:
                message = str(exc).replace("team.", f"clients.{slug}.people.", 1)
                if message.startswith("team must"):
                    message = f"clients.{slug}.people must map each person's handle to their details"
                raise base.ValidationError(message) from None
            name = str(details.get("name") or slug).strip()
            clients[slug] = {
                "name": name,
                # Without a legal name, the accounts must at least carry the client's name.
                "legal_name": str(details.get("legal_name") or name).strip(),
                "people": people,
            }
        return clients


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

    clients = ClientsOption()
    """The clients of an assistant or agency, by slug: each with `name` (shown on the site),
    `legal_name` (what its accounts must be registered to) and `people` (the client's own staff,
    as in `team`: they count as known people and as admins inside the client on its pages)."""

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

    site_client = c.Optional(c.Type(str))
    """Build a private site of this client only: its pages and `client: all` ones, named after
    the client (`sopgen build --client` sets it; a config with `INHERIT` can too)."""
    engine = c.Optional(c.Choice(("mkdocs", "properdocs", "zensical")))
    """The engine `sopgen build` and `serve` run (default: ProperDocs for a properdocs.yml,
    else MkDocs); `--engine` overrides it."""
    notify = NotifyOption()
    """Where `sopgen remind` sends the summary of everyone's digests (Apprise URLs)."""

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
        people = [*self.team.values(),
                  *(person for client in self.clients.values()
                    for person in client["people"].values())]
        for details in [*people, *self.clients.values()]:
            for key, value in details.items():
                if isinstance(value, str):
                    details[key] = mask_all(value, secrets)

    def person(self, handle: str, client: str | None = None) -> dict[str, Any]:
        """Return a person's entry: in the team list, else among the client's people (any
        client's without one); else empty."""
        details = self.team.get(handle) or self.client_people(client).get(handle) or {}
        if not details and client is None:
            details = next((c["people"][handle] for c in self.clients.values()
                            if handle in c["people"]), {})
        return details

    def person_name(self, handle: str, client: str | None = None) -> str:
        """Return a person's full name from the team list (or the client's people), else the handle."""
        return self.person(handle, client).get("name") or handle

    def client(self, slug: str | None) -> dict[str, Any] | None:
        """Return a declared client's settings ({name, legal_name, people}), or None."""
        return self.clients.get(slug) if slug else None

    def client_name(self, slug: str | None) -> str | None:
        """Return a client's display name (its slug when it is not declared); None for none."""
        if not slug:
            return None
        if slug == ALL_CLIENTS and ALL_CLIENTS not in self.clients:
            return "Every client"
        client = self.clients.get(slug)
        return client["name"] if client else slug

    def client_people(self, slug: str | None) -> dict[str, dict[str, Any]]:
        """Return a client's own people by handle (empty for no client or an undeclared one)."""
        client = self.client(slug)
        return client["people"] if client else {}

    def is_client_person(self, client: str | None, handle: str) -> bool:
        """Return whether `handle` is one of the client's own people."""
        return handle in self.client_people(client)

    def is_known_person(self, handle: str, client: str | None = None) -> bool:
        """Return whether a person is in the team list or among the page's client's people."""
        return handle in self.team or self.is_client_person(client, handle)

    def known_people(self, client: str | None = None) -> list[str]:
        """Return the handles a page of `client` may name: the team and the client's people."""
        return sorted({*self.team, *self.client_people(client)})

    def owner_of_record(self, client: str | None) -> str | None:
        """Return the legal name a page's accounts must be registered to: its client's, else the
        business's."""
        declared = self.client(client)
        return declared["legal_name"] if declared else self.business

    def is_external(self, handle: str) -> bool:
        """Return whether a person is marked external in the team list."""
        return bool(self.team.get(handle, {}).get("external"))

    def require_member(self, person: str, option: str, config_name: str = "mkdocs.yml",
                       client: str | None = None) -> None:
        """Fail (UsageError) when the wiki has a team list and `person` is not in it (nor among
        the client's people)."""
        if self.team and not self.is_known_person(person, client):
            raise UsageError(f"{option} {person}: not in the team list of {config_name} "
                             f"(known: {', '.join(self.known_people(client))})")

    def require_client(self, slug: str, option: str = "--client",
                       config_name: str = "mkdocs.yml") -> None:
        """Fail (UsageError) when clients are declared and `slug` is not one of them."""
        if self.clients and slug not in self.clients and slug != ALL_CLIENTS:
            raise UsageError(f"{option} {slug}: no such client in {config_name} "
                             f"(clients: {', '.join(sorted(self.clients))})")
