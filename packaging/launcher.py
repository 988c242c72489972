"""Entry point of the stand-alone bundle: starts the GUI as the `neutrality-explorer` gui-script does."""

from __future__ import annotations

import sys

from explorer.app import main

if __name__ == "__main__":
    sys.exit(main())
