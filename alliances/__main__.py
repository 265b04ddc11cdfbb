"""``python -m alliances``: the command line."""

from .cli import main

raise SystemExit(main())
