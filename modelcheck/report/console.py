"""Colour for the text reports on a terminal, via ``rich``: the plain text is the report, and
this layer only paints lines it recognizes. Without a terminal or with ``--no-color`` the
text is written unchanged, so it stays stable for scripts and golden files."""

from __future__ import annotations

import re
import sys

STYLES = [
    (re.compile(r"^(WARNING: DATA RACE|fatal error: .*|=+)$"), "bold red"),
    (re.compile(r"^(Write|Read|Atomic \w+|Previous [\w ]+) at .*:$"), "red"),
    (re.compile(r"^goroutine \d+ \[.*\]:$"), "red"),
    (re.compile(r"^warning: .*"), "yellow"),
    (re.compile(r"^Observation .* Sometimes \d+ \d+$"), "yellow"),
    (re.compile(r"^Observation .* (Never|Always) \d+ \d+$"), "green"),
    (re.compile(r"^Observation .* Unknown \d+ \d+$"), "magenta"),
    (re.compile(r"^ +\[x\] .* FOUND \d+$"), "bold red"),
    (re.compile(r"^ +\[x\] .* none$"), "green"),
    (re.compile(r".*INCOMPLETE.*"), "bold yellow"),
    (re.compile(r"^note: .*"), "dim"),
    (re.compile(r"^No execution does that.*"), "green"),
]


def wants_color(no_color: bool, stream=None) -> bool:
    stream = stream or sys.stdout
    return not no_color and hasattr(stream, "isatty") and stream.isatty()


def style_of(line: str) -> str | None:
    for pattern, style in STYLES:
        if pattern.match(line):
            return style
    return None


def write(text: str, color: bool, echo) -> None:
    """Print ``text`` through ``echo`` as is, or painted by rich when ``color``."""
    if not color:
        echo(text)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    painted = Text()
    for index, line in enumerate(text.split("\n")):
        if index:
            painted.append("\n")
        painted.append(line, style=style_of(line) or "")
    console.print(painted)
