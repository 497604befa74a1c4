#!/usr/bin/env python3
"""Build the archive's Markdown pages from newspaper page texts.

    python build_docs.py [--seeds seeds/] [--docs docs/]

Then ``mkdocs build`` (or ``mkdocs serve``) renders the site.
"""

import sys
from pathlib import Path

# Runs from a plain checkout: the package sits next to this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from paperarchive.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(exit_at_once=True))
