"""``python -m paretoland.cli``: the ``paretoland`` command."""

from __future__ import annotations

import sys

from paretoland.cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
