"""Entry point of the stand-alone bundle: starts the GUI as the `neutrality-explorer` gui-script does."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    # a large import's worker process (explorer.store.side_build) is this program run again
    if sys.argv[1:2] == ["--bulk-import-worker"]:
        from explorer.store.side_build import worker_main

        sys.exit(worker_main(sys.argv[2:]))
    from explorer.app import main

    sys.exit(main())
