"""Run sopgen as `python -m sopgen`."""

from sopgen.cli import main

main()
