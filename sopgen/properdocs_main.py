"""`python -m sopgen.properdocs_main ARGS`: sopgen with ProperDocs standing in for MkDocs.

`properdocs.replacement` must be imported before anything imports `mkdocs`: from then on every
`mkdocs.*` import is ProperDocs' module (as the `properdocs` command itself arranges).
"""

import properdocs.replacement  # noqa: F401  (first: it redirects every mkdocs import)

from sopgen.cli import main

if __name__ == "__main__":
    main()
