"""The load test, short: gunicorn in production mode with a few readers for 3 s.

bench/load.py builds its own throw-away SQLite database, so this test needs no
database of the suite's and runs the same whichever database the suite uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

LOAD = Path(__file__).resolve().parents[2] / "bench" / "load.py"


def test_short_load_run_loses_nothing_and_counts_every_view_once():
    # SQLite only, whatever the suite runs on: the PostgreSQL run is the long
    # one (bench/load.py --postgres).
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    completed = subprocess.run(
        [
            sys.executable,
            str(LOAD),
            "--seconds=3",
            "--clients=4",
            "--workers=2",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode in (0, 1), completed.stderr
    (result,) = json.loads(completed.stdout)

    assert result["database"] == "sqlite"
    assert result["requests"] > 0
    assert result["server_errors"] == 0, result
    assert result["no_answer"] == 0, result
    assert result["failures"] == {}, result
    assert result["comments_accepted"] > 0, result
    assert result["comments_refused"] == 0, result
    assert result["comments_lost"] == 0, result
    assert result["comments_duplicated"] == 0, result
    assert result["comments_refused_but_stored"] == 0, result
    assert result["comments_unexpected"] == 0, result
    assert result["views_stored"] == result["views_expected"], result
    assert result["view_mismatches"] == {}, result
    assert result["ok"] is True
    assert completed.returncode == 0
