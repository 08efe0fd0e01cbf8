"""The ``// expect:`` lines of a spec: what must hold of every check of the file.

A spec states its answer next to its question, so CI can verify it::

    // expect: outputs "hello\\n" | ""        the exact set of whole outputs
    // expect: may output "1 0\\n"            / never output "1 0\\n"
    // expect: may print "0"                 / never print "0"     (one printed line)
    // expect: race on a                     / no race   / no race on a
    // expect: may deadlock                  / no deadlock
    // expect: may panic "close of closed channel"     / no panic  (fatal errors included)
    // expect: may hang                      / no hang
    // expect: may leak                      / no leak
    // expect: complete
    // expect TestName: may fail / passes    (in a package with tests: that test's verdict)

``// expect[sc]:`` and ``// expect[go]:`` restrict a line to one model; a plain ``// expect:``
applies under the default model ``go``. In a package with tests, ``// expect TestName:`` (or
``// expect[sc] TestName:``) is a claim about that test's executions; every other kind applies
to a test the same way. ``may fail``: some execution fails the test (a reported failure, a
panic, a deadlock, a hang, a leak or a race); ``passes``: none does. Strings use Go's
string-literal syntax. A malformed line is bad input, reported like any other: a
``SourceError`` pointing at the offending column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelcheck.semantics.outcomes import END_DEADLOCK, END_FATAL, END_HANG, END_PANIC, Result
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.quoting import go_quote

DEFAULT_MODEL = "go"
MODELS = ("go", "sc")

# Kinds, as written after the colon.
OUTPUTS = "outputs"
MAY_OUTPUT = "may output"
NEVER_OUTPUT = "never output"
MAY_PRINT = "may print"
NEVER_PRINT = "never print"
RACE_ON = "race on"
NO_RACE = "no race"
NO_RACE_ON = "no race on"
MAY_DEADLOCK = "may deadlock"
NO_DEADLOCK = "no deadlock"
MAY_PANIC = "may panic"
NO_PANIC = "no panic"
MAY_HANG = "may hang"
NO_HANG = "no hang"
MAY_LEAK = "may leak"
NO_LEAK = "no leak"
COMPLETE = "complete"
MAY_FAIL = "may fail"
PASSES = "passes"

# What each kind takes after its verb: a string, a list of strings, a variable, an optional
# string, or nothing.
_STRING, _STRINGS, _VARIABLE, _OPTIONAL_STRING, _NOTHING = "string", "strings", "variable", "opt", "none"
_ARGUMENTS = {
    OUTPUTS: _STRINGS,
    MAY_OUTPUT: _STRING,
    NEVER_OUTPUT: _STRING,
    MAY_PRINT: _STRING,
    NEVER_PRINT: _STRING,
    RACE_ON: _VARIABLE,
    NO_RACE_ON: _VARIABLE,
    NO_RACE: _NOTHING,
    MAY_DEADLOCK: _NOTHING,
    NO_DEADLOCK: _NOTHING,
    MAY_PANIC: _OPTIONAL_STRING,
    NO_PANIC: _NOTHING,
    MAY_HANG: _NOTHING,
    NO_HANG: _NOTHING,
    MAY_LEAK: _NOTHING,
    NO_LEAK: _NOTHING,
    COMPLETE: _NOTHING,
    MAY_FAIL: _NOTHING,
    PASSES: _NOTHING,
}
# Longest first, so that "no race on" wins over "no race".
_KINDS_BY_LENGTH = sorted(_ARGUMENTS, key=len, reverse=True)
_KIND_PATTERNS = {
    kind: re.compile(r"[ \t]+".join(re.escape(word) for word in kind.split()) + r"(?![A-Za-z0-9_])")
    for kind in _ARGUMENTS
}

# Kinds that claim something about every execution: undecidable on an incomplete search.
UNIVERSAL_KINDS = frozenset(
    {
        OUTPUTS,
        NEVER_OUTPUT,
        NEVER_PRINT,
        NO_RACE,
        NO_RACE_ON,
        NO_DEADLOCK,
        NO_PANIC,
        NO_HANG,
        NO_LEAK,
        COMPLETE,
        PASSES,
    }
)

# `// expect`, then an optional `[model]`, then `:`. Anything else after `// expect` is prose,
# unless it starts with a verb (a forgotten colon).
_HEAD = re.compile(
    r"//[ \t]*expect(?P<rest>\[|:|[ \t]+(?:outputs|may|never|race|no|complete|passes)\b"
    r"|[ \t]+Test\w*[ \t]*:)?"
)
_TEST = re.compile(r"[ \t]+(Test\w*)[ \t]*(?=:)")
_VARIABLE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*|\[[0-9]+\])*")
_SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


@dataclass(frozen=True)
class Expectation:
    """One expectation: under ``model``, ``kind`` holds of ``argument`` (a string, a tuple of
    strings for ``outputs``, a variable name for races, or None). ``line``/``column`` (1-based)
    locate the ``//`` of its comment."""

    model: str
    kind: str
    argument: str | tuple[str, ...] | None
    line: int
    column: int
    test: str | None = None  # the test it is about, in a package with tests

    def describe(self) -> str:
        """The expectation as written (normalized), for reports."""
        model = "" if self.model == DEFAULT_MODEL else f"[{self.model}]"
        test = f" {self.test}" if self.test else ""
        return f"expect{model}{test}: {self.kind}{_describe_argument(self.kind, self.argument)}"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    explanation: str


def _describe_argument(kind: str, argument: str | tuple[str, ...] | None) -> str:
    if argument is None:
        return ""
    if isinstance(argument, tuple):
        return " " + " | ".join(go_quote(text) for text in argument)
    return " " + argument if _ARGUMENTS[kind] == _VARIABLE else " " + go_quote(argument)


class _LineError(Exception):
    """A problem at a 0-based offset in the line being parsed."""

    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def _comment_starts(line: str) -> list[int]:
    """Offsets of ``//`` that start a comment on this line (not inside a string or rune literal;
    a block comment opened on an earlier line is not tracked, which no spec needs)."""
    starts = []
    index, quote = 0, None
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote != "`":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "\"'`":
            quote = char
        elif line.startswith("//", index):
            starts.append(index)
            break  # the rest of the line is the comment
        elif line.startswith("/*", index):
            end = line.find("*/", index + 2)
            if end < 0:
                break
            index = end + 2
            continue
        index += 1
    return starts


def parse_expectations(source: str, filename: str = "<input>") -> list[Expectation]:
    """Every ``// expect`` line of ``source``, in order. Raises ``SourceError`` listing every
    malformed one."""
    expectations: list[Expectation] = []
    diagnostics: list[Diagnostic] = []
    for line_number, line in enumerate(source.split("\n"), start=1):
        line = line.removesuffix("\r")
        for start in _comment_starts(line):
            head = _HEAD.match(line, start)
            if head is None or head.group("rest") is None:
                continue
            try:
                expectations.append(
                    _parse_line(line, start, head.end("rest") - len(head.group("rest")), line_number)
                )
            except _LineError as error:
                diagnostics.append(Diagnostic(filename, line_number, error.offset + 1, error.message))
    if diagnostics:
        raise SourceError(diagnostics, source)
    return expectations


def _skip_blanks(line: str, offset: int) -> int:
    while offset < len(line) and line[offset] in " \t":
        offset += 1
    return offset


def _parse_line(line: str, comment_start: int, offset: int, line_number: int) -> Expectation:
    """Parse one expectation; ``offset`` is just after the word ``expect``."""
    model = DEFAULT_MODEL
    if line.startswith("[", offset):
        close = line.find("]", offset)
        if close < 0:
            raise _LineError(offset, "unterminated model in expect[...]: write expect[sc] or expect[go]")
        model = line[offset + 1 : close].strip()
        if model not in MODELS:
            raise _LineError(offset + 1, f"unknown model {model!r} in expect[...]: use sc or go")
        offset = close + 1
    test = _TEST.match(line, offset)
    if test is not None:
        offset = test.end()
    if not line.startswith(":", offset):
        raise _LineError(offset, "expected ':' after 'expect'")
    offset = _skip_blanks(line, offset + 1)
    kind = _match_kind(line, offset)
    if kind is None:
        word = re.match(r"\S*", line[offset:]).group(0)
        if not word:
            raise _LineError(offset, "missing expectation after 'expect:'")
        raise _LineError(offset, f"unknown expectation {word!r}: expected one of {', '.join(_ARGUMENTS)}")
    offset = _skip_blanks(line, _KIND_PATTERNS[kind].match(line, offset).end())
    argument: str | tuple[str, ...] | None = None
    shape = _ARGUMENTS[kind]
    if shape == _STRINGS:
        texts = []
        while True:
            text, offset = _parse_string(line, offset, kind)
            texts.append(text)
            offset = _skip_blanks(line, offset)
            if not line.startswith("|", offset):
                break
            offset = _skip_blanks(line, offset + 1)
        argument = tuple(texts)
    elif shape == _STRING:
        argument, offset = _parse_string(line, offset, kind)
    elif shape == _OPTIONAL_STRING:
        if offset < len(line):
            argument, offset = _parse_string(line, offset, kind)
    elif shape == _VARIABLE:
        match = _VARIABLE_PATTERN.match(line, offset)
        if match is None:
            raise _LineError(
                offset, f"missing variable after {kind!r}: write e.g. '{kind} x', 't.x' or 'a[2]'"
            )
        argument, offset = match.group(0), match.end()
    offset = _skip_blanks(line, offset)
    if offset < len(line):
        raise _LineError(offset, f"unexpected text after the expectation: {line[offset:]!r}")
    return Expectation(model, kind, argument, line_number, comment_start + 1, test.group(1) if test else None)


def _match_kind(line: str, offset: int) -> str | None:
    """The kind starting at ``offset``, matched word by word (blanks between words are free)."""
    for kind in _KINDS_BY_LENGTH:
        if _KIND_PATTERNS[kind].match(line, offset):
            return kind
    return None


def _parse_string(line: str, offset: int, kind: str) -> tuple[str, int]:
    """A Go string literal (interpreted or raw) at ``offset``: its value and the offset after it."""
    if offset >= len(line):
        example = '"0"' if "print" in kind else '"0\\n"'
        raise _LineError(offset, f"missing string after {kind!r}: write e.g. {kind} {example}")
    quote = line[offset]
    if quote == "`":
        end = line.find("`", offset + 1)
        if end < 0:
            raise _LineError(offset, "unterminated raw string literal")
        return line[offset + 1 : end], end + 1
    if quote != '"':
        raise _LineError(
            offset, f"expected a Go string literal after {kind!r}, found {line[offset:].split()[0]!r}"
        )
    chars: list[str] = []
    index = offset + 1
    while index < len(line):
        char = line[index]
        if char == '"':
            return "".join(chars), index + 1
        if char != "\\":
            chars.append(char)
            index += 1
            continue
        escape = line[index + 1 : index + 2]
        if escape in _SIMPLE_ESCAPES or escape == '"':
            chars.append(_SIMPLE_ESCAPES.get(escape, '"'))
            index += 2
        elif escape in ("x", "u", "U") or escape.isdigit():
            width, base, digits_at = {"x": (2, 16, 2), "u": (4, 16, 2), "U": (8, 16, 2)}.get(
                escape, (3, 8, 1)
            )
            digits = line[index + digits_at : index + digits_at + width]
            valid = "01234567" if base == 8 else "0123456789abcdefABCDEF"
            if len(digits) != width or any(d not in valid for d in digits):
                raise _LineError(
                    index, f"invalid escape sequence in string literal: {line[index : index + 2]!r}"
                )
            value = int(digits, base)
            if base == 8 and value > 255 or value > 0x10FFFF or 0xD800 <= value < 0xE000:
                raise _LineError(index, "escape sequence is an invalid Unicode code point")
            # \x and octal escapes are bytes; the outputs are text, so bytes < 0x80 only make sense
            chars.append(chr(value))
            index += digits_at + width
        else:
            raise _LineError(index, f"unknown escape sequence in string literal: {line[index : index + 2]!r}")
    raise _LineError(offset, "unterminated string literal")


# ----------------------------------------------------------------------------- evaluation


def printed_lines(output: str) -> list[str]:
    """The lines of an output: split at newlines, the empty piece after a final newline dropped."""
    if not output:
        return []
    lines = output.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def race_matches(variable: str, reported: str) -> bool:
    """A race on ``t.x`` or ``a[1]`` is a race on ``t`` and ``a``; the names must otherwise match."""
    return reported == variable or reported.startswith(variable + ".") or reported.startswith(variable + "[")


def _incomplete(result: Result) -> str:
    reasons = ", ".join(result.incomplete_reasons) or "a bound cut it"
    return f"the search was incomplete ({reasons}): nothing can be called impossible"


def _outcome_list(outputs: list[str] | set[str]) -> str:
    return " | ".join(go_quote(text) for text in sorted(outputs)) or "(none)"


def evaluate(expectation: Expectation, result: Result) -> Verdict:
    """Does ``result`` (a check of the file under ``expectation.model``) satisfy the expectation?
    A claim about every execution fails on an incomplete search, saying so."""
    kind, argument = expectation.kind, expectation.argument
    if kind in UNIVERSAL_KINDS and not result.complete:
        return Verdict(False, _incomplete(result))
    outcomes = result.outcomes
    outputs = {outcome.output for outcome in outcomes}
    suffix = "" if result.complete else f"; {_incomplete(result)}"

    def holds(found: bool, success: str, failure: str) -> Verdict:
        return Verdict(True, success) if found else Verdict(False, failure + suffix)

    if kind == OUTPUTS:
        expected = set(argument)
        missing, unexpected = expected - outputs, outputs - expected
        if not missing and not unexpected:
            return Verdict(True, f"outputs are exactly {_outcome_list(outputs)}")
        parts = [f"expected outputs {_outcome_list(expected)}, actual {_outcome_list(outputs)}"]
        if missing:
            parts.append(f"never printed: {_outcome_list(missing)}")
        if unexpected:
            parts.append(f"also printed: {_outcome_list(unexpected)}")
        return Verdict(False, "; ".join(parts))
    if kind in (MAY_OUTPUT, NEVER_OUTPUT):
        found = argument in outputs
        if kind == MAY_OUTPUT:
            return holds(
                found,
                f"some execution outputs {go_quote(argument)}",
                f"no execution outputs {go_quote(argument)}; actual outputs {_outcome_list(outputs)}",
            )
        return holds(
            not found,
            f"no execution outputs {go_quote(argument)}",
            f"some execution outputs {go_quote(argument)}",
        )
    if kind in (MAY_PRINT, NEVER_PRINT):
        found = any(argument in printed_lines(output) for output in outputs)
        if kind == MAY_PRINT:
            return holds(
                found,
                f"some execution prints the line {go_quote(argument)}",
                f"no execution prints the line {go_quote(argument)}; actual outputs {_outcome_list(outputs)}",
            )
        return holds(
            not found,
            f"no execution prints the line {go_quote(argument)}",
            f"some execution prints the line {go_quote(argument)}",
        )
    racy = sorted(result.race_variables)
    if kind in (RACE_ON, NO_RACE_ON):
        found = any(race_matches(argument, reported) for reported in racy)
        actual = f"races reported on: {', '.join(racy) or 'nothing'}"
        if kind == RACE_ON:
            return holds(found, f"race on {argument}", f"no race on {argument}; {actual}")
        return holds(not found, f"no race on {argument}", f"race on {argument}; {actual}")
    if kind == NO_RACE:
        return holds(not racy, "no race", f"races reported on: {', '.join(racy)}")
    ends = [outcome.end for outcome in outcomes]
    if kind in (MAY_DEADLOCK, NO_DEADLOCK):
        found = END_DEADLOCK in ends
        if kind == MAY_DEADLOCK:
            return holds(found, "some execution deadlocks", "no execution deadlocks")
        return holds(not found, "no execution deadlocks", "some execution deadlocks")
    if kind in (MAY_PANIC, NO_PANIC):
        panics = [o for o in outcomes if o.end in (END_PANIC, END_FATAL)]
        if kind == NO_PANIC:
            described = ", ".join(sorted({o.describe() for o in panics}))
            return holds(not panics, "no execution panics", f"some execution ends in {described}")
        matching = [o for o in panics if argument is None or o.message == argument]
        wanted = "panics" if argument is None else f"panics with {go_quote(argument)}"
        actual = ", ".join(sorted({o.describe() for o in panics})) or "none"
        return holds(
            bool(matching), f"some execution {wanted}", f"no execution {wanted}; panics found: {actual}"
        )
    if kind in (MAY_HANG, NO_HANG):
        found = END_HANG in ends
        if kind == MAY_HANG:
            return holds(found, "some execution hangs", "no execution hangs")
        return holds(not found, "no execution hangs", "some execution hangs")
    if kind in (MAY_LEAK, NO_LEAK):
        found = bool(result.leaks)
        if kind == MAY_LEAK:
            return holds(found, "some execution leaks a goroutine", "no execution leaks a goroutine")
        return holds(not found, "no goroutine leaks", "some execution leaks a goroutine")
    if kind == COMPLETE:
        return Verdict(True, "the search was complete")
    if kind in (MAY_FAIL, PASSES):
        return verdict_of_test(kind, result, holds)
    raise ValueError(f"unknown expectation kind {kind!r}")


def verdict_of_test(kind: str, result: Result, holds) -> Verdict:
    """``may fail`` / ``passes``: the verdict go test -race would give, over every execution."""
    from modelcheck.semantics.verdict import failures_of

    kinds = sorted({failure.kind for failure in failures_of(result)})
    if kind == MAY_FAIL:
        return holds(
            bool(kinds), f"some execution fails the test ({', '.join(kinds)})", "no execution fails the test"
        )
    return holds(
        not kinds, "no execution fails the test", f"some execution fails the test ({', '.join(kinds)})"
    )
