"""The sopgen MkDocs plugin: page boxes, generated pages and calendar feeds."""
