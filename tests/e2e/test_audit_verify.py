"""`liaison audit verify` against a copy of the running demo node's database: intact, then
tampered with, one row at a time."""
import os
import pathlib
import sqlite3
import subprocess

import pytest

BIN = os.environ.get("LIAISON_BIN", "")
DATA = pathlib.Path(os.environ.get("LIAISON_DEMO_DATA", ""))


@pytest.fixture
def copy_of_demo(tmp_path):
    source = sqlite3.connect(DATA / "liaison-be.sqlite")
    target = sqlite3.connect(tmp_path / "liaison-be.sqlite")
    source.backup(target)  # consistent even while the demo node writes
    source.close()
    yield tmp_path, target
    target.close()


def verify(folder):
    return subprocess.run([BIN, "audit", "verify", "--data-dir", str(folder), "--state", "BE"],
                          capture_output=True, text=True, timeout=60)


def test_audit_verify_reports_intact_chain(copy_of_demo):
    folder, _ = copy_of_demo
    result = verify(folder)
    assert result.returncode == 0, result.stderr
    assert "Audit trail intact" in result.stdout


def test_audit_verify_names_the_first_tampered_entry(copy_of_demo):
    folder, db = copy_of_demo
    db.execute("UPDATE audit_entries SET actor = 'someone-else' WHERE seq = 3")
    db.commit()
    result = verify(folder)
    assert result.returncode == 1
    assert "BROKEN at entry 3" in result.stderr


def test_audit_verify_notices_deleted_entries(copy_of_demo):
    folder, db = copy_of_demo
    last = db.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    db.execute("DELETE FROM audit_entries WHERE seq = ?", (last,))
    db.commit()
    result = verify(folder)
    assert result.returncode == 1
    assert f"BROKEN at entry {last}" in result.stderr
