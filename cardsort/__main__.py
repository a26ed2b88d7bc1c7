"""``python -m cardsort`` runs the command line."""

import sys

from cardsort.cli import main

sys.exit(main())
