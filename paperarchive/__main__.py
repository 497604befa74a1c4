import sys

from .cli import main

sys.exit(main(exit_at_once=True))
