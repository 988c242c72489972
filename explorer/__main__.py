"""`python -m explorer`: the GUI."""

import sys

from explorer.app import main

sys.exit(main())
