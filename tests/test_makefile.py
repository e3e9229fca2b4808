"""The README's commands: make must at least read them (nothing here starts a server)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_dry_run(target, **env):
    return subprocess.run(
        ["make", "--dry-run", target],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_run_serves_on_the_port_asked_for():
    result = make_dry_run("run", PORT="8811")
    assert result.returncode == 0, result.stderr
    assert "manage.py load_demo_content" in result.stdout
    assert "runserver 127.0.0.1:8811" in result.stdout


def test_make_test_runs_lint_migrations_check_and_pytest():
    result = make_dry_run("test")
    assert result.returncode == 0, result.stderr
    for command in ("ruff check", "makemigrations --check", "-m pytest"):
        assert command in result.stdout
