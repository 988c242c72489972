"""Start-up stays lean: sqlite-utils comes in without pandas, and pandas still imports after."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
import explorer.store
loaded_with_store = 'pandas' in sys.modules
import sqlite_utils.db
print(loaded_with_store, sqlite_utils.db.pd is None)
try:
    import pandas
except ImportError:
    print('no pandas installed')
else:
    print('pandas', bool(pandas.__version__))
"""


def test_opening_the_store_does_not_import_pandas_and_pandas_still_imports_after() -> None:
    pytest.importorskip("pandas")
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "pandas", "True"]


LAZY_PROBE = """
import sys
import explorer.store
parser = sys.modules["dateutil.parser"]
print(type(parser).__name__, "dateutil.parser._parser" in sys.modules)
import sqlite_utils.recipes
print(sqlite_utils.recipes.parsedate("3 March 2014"), type(parser).__name__, "dateutil.parser._parser" in sys.modules)
"""


def test_sqlite_utils_date_parser_runs_only_when_first_used_and_then_works() -> None:
    out = subprocess.run(
        [sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["_LazyModule", "False", "2014-03-03", "module", "True"]
