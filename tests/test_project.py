"""The project's own promises: CI runs the README's test command exactly, and the README's
first command names a spec that exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quickstart = text.split("## Quickstart", 1)[1]
    return re.findall(r"```\n(.*?)\n```", quickstart, re.S)[:2]


def test_ci_runs_the_readme_test_command_exactly():
    test_command = readme_commands()[1]
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in lines


def test_readme_example_exists():
    install_and_check = readme_commands()[0]
    example = install_and_check.split("mc check ", 1)[1].strip()
    assert (ROOT / example).is_file()
