"""The sopgen MkDocs plugin's event handlers (only); the work is done by plain modules."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from sopgen.plugin.config import SopgenConfig
from sopgen.wiki import Settings


class SopgenPlugin(BasePlugin[SopgenConfig]):
    """Show each procedure's owner and freshness, and generate the review pages."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = Settings.from_config(self.config)
        return config
