"""``python -m pricing_engine`` runs the CLI."""

from pricing_engine.cli.main import main

main()
