"""Packages as Go lays them out: a directory is one package (its ``.go`` files, tests included,
build constraints honoured), a file is a package of its own; the library models it imports
(``testing``) are compiled with it, and its tests ``func TestXxx(t *testing.T)`` found."""

from __future__ import annotations

import re
from pathlib import Path

from modelcheck.library import model_source
from modelcheck.syntax import nodes
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.symbols import CheckedProgram, Function
from modelcheck.syntax.types import FuncType, PointerType, StructType

# What the build context satisfies: mc models a linux/amd64 build by gc (cgo off), Go 1.22.
GOOS, GOARCH = "linux", "amd64"
KNOWN_OS = frozenset(
    {
        *("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux"),
        *("nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos"),
    }
)
KNOWN_ARCH = frozenset(
    {
        *("386", "amd64", "amd64p32", "arm", "arm64", "arm64be", "armbe", "loong64", "mips", "mips64"),
        *("mips64le", "mips64p32", "mips64p32le", "mipsle", "ppc", "ppc64", "ppc64le", "riscv"),
        *("riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"),
    }
)
UNIX = frozenset(
    {
        *("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux"),
        *("netbsd", "openbsd", "solaris"),
    }
)
GO_VERSION = 22  # go1.1 ... go1.22 are satisfied
TEST_NAME = re.compile(r"Test($|[^a-z])")


def satisfied(tag: str) -> bool:
    """Whether a build tag holds in mc's build context."""
    if tag in (GOOS, GOARCH, "gc"):
        return True
    if tag == "unix":
        return GOOS in UNIX
    match = re.fullmatch(r"go1\.(\d+)", tag)
    return match is not None and int(match.group(1)) <= GO_VERSION


# ---------------------------------------------------------------- build constraints


class ConstraintError(Exception):
    """A malformed build constraint; ``column`` counts from 1 within its line."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.column = column


def evaluate_go_build(expression: str, offset: int) -> bool:
    """The value of a ``//go:build`` expression (``||``, ``&&``, ``!``, parentheses, tags);
    ``offset`` is the column of the expression's first character, for errors."""
    tokens = [(m.group(), m.start() + offset) for m in re.finditer(r"\|\||&&|[!()]|[\w.]+|\S", expression)]
    position = 0

    def peek() -> str:
        return tokens[position][0] if position < len(tokens) else ""

    def take(expected: str | None = None) -> tuple[str, int]:
        nonlocal position
        if position >= len(tokens):
            raise ConstraintError("unexpected end of build constraint", offset + len(expression))
        token = tokens[position]
        if expected is not None and token[0] != expected:
            raise ConstraintError(f"expected {expected!r} in build constraint", token[1])
        position += 1
        return token

    def alternatives() -> bool:
        value = conjunction()
        while peek() == "||":
            take()
            value = conjunction() or value
        return value

    def conjunction() -> bool:
        value = unary()
        while peek() == "&&":
            take()
            value = unary() and value
        return value

    def unary() -> bool:
        if peek() == "!":
            take()
            return not unary()
        if peek() == "(":
            take()
            value = alternatives()
            take(")")
            return value
        token, column = take()
        if not re.fullmatch(r"[\w.]+", token):
            raise ConstraintError(f"unexpected {token!r} in build constraint", column)
        return satisfied(token)

    value = alternatives()
    if position < len(tokens):
        raise ConstraintError(f"unexpected {tokens[position][0]!r} in build constraint", tokens[position][1])
    return value


def evaluate_plus_build(expression: str) -> bool:
    """A ``// +build`` line: space-separated options (any holds), each comma-separated terms (all
    hold), a term a tag or ``!tag``."""
    return any(
        all(
            (not satisfied(term[1:])) if term.startswith("!") else satisfied(term)
            for term in option.split(",")
        )
        for option in expression.split()
    )


def header_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines before the package clause (only there do constraints count)."""
    lines = []
    in_block = False
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if in_block:
            in_block = "*/" not in stripped
            continue
        if stripped.startswith("/*"):
            in_block = "*/" not in stripped[2:]
            continue
        if stripped and not stripped.startswith("//"):
            break
        lines.append((number, line))
    return lines


def file_selected(path: Path, text: str) -> bool:
    """Whether go build would compile this file: its name's _GOOS/_GOARCH suffixes and its
    ``//go:build`` line (or, without one, its ``// +build`` lines). A malformed line is a
    SourceError."""
    parts = path.name.removesuffix(".go").removesuffix("_test").split("_")[1:]
    if parts and parts[-1] in KNOWN_ARCH and parts.pop() != GOARCH:
        return False
    if parts and parts[-1] in KNOWN_OS and parts[-1] != GOOS:
        return False
    plus = []
    for number, line in header_lines(text):
        stripped = line.strip()
        if stripped.startswith("//go:build"):
            expression = stripped[len("//go:build") :]
            column = line.index("//go:build") + len("//go:build") + 1
            try:
                return evaluate_go_build(expression, column)
            except ConstraintError as error:
                diagnostic = Diagnostic(
                    str(path), number, error.column, f"malformed //go:build line: {error}"
                )
                raise SourceError([diagnostic], {str(path): text}) from None
        if re.match(r"//\s*\+build(\s|$)", stripped):
            plus.append(stripped.split("+build", 1)[1])
    return all(evaluate_plus_build(expression) for expression in plus)


# ---------------------------------------------------------------- loading


def decoded(path: Path) -> str:
    from modelcheck.syntax import decode_source

    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError([Diagnostic(str(path), 1, 1, f"cannot read file: {error.strerror}")]) from None
    return decode_source(data, str(path))


def package_files(directory: Path) -> list[Path]:
    """The files go build takes from a directory: ``*.go``, not starting with ``_`` or ``.``."""
    try:
        entries = sorted(directory.iterdir())
    except OSError as error:
        raise SourceError(
            [Diagnostic(str(directory), 1, 1, f"cannot read directory: {error.strerror}")]
        ) from None
    return [p for p in entries if p.suffix == ".go" and p.is_file() and not p.name.startswith(("_", "."))]


def load_path(path: str | Path) -> CheckedProgram:
    """Read, parse and check a file (a package of its own) or a directory (one package)."""
    path = Path(path)
    if path.is_dir():
        texts = {}
        for file in package_files(path):
            text = decoded(file)
            if file_selected(file, text):
                texts[str(file)] = text
        if not texts:
            raise SourceError(
                [Diagnostic(str(path), 1, 1, "no Go files in this directory (after build constraints)")]
            )
        return load_sources(texts, str(path))
    return load_sources({str(path): decoded(path)}, str(path))


def load_sources(texts: dict[str, str], where: str) -> CheckedProgram:
    """Parse and check the files of one package, with the library models they import."""
    from modelcheck.syntax.parser import missing_package, parse

    programs = []
    errors: list[Diagnostic] = []
    for filename, text in texts.items():
        missing = missing_package(text, filename)
        if missing:
            errors += missing
            continue
        try:
            programs.append(parse(text, filename))
        except SourceError as error:
            errors += error.diagnostics
    if errors:
        raise SourceError(errors, dict(texts))
    name = package_name(programs, texts)
    units, sources = library_units(programs), dict(texts)
    for unit in units:
        sources.update({f.span.file: model_source(unit.path)[1] for f in unit.files})
    from modelcheck.syntax.checker import check_packages

    checked = check_packages([*units, nodes.Package(name, where, tuple(programs))], sources)
    checked.tests = find_tests(checked, sources)
    if name != "main" and not checked.tests:
        program = programs[0]
        message = (
            f"package {name} is not a main package and has no tests "
            "(func TestXxx(t *testing.T) in a _test.go file)"
        )
        raise SourceError([Diagnostic(program.span.file, 1, 1, message)], sources)
    return checked


def package_name(programs: list[nodes.Program], texts: dict[str, str]) -> str:
    """The one package name of the files (Go refuses a directory that mixes names)."""
    names = {p.package for p in programs}
    if len(names) > 1:
        first = programs[0]
        other = next(p for p in programs if p.package != first.package)
        first_file, other_file = Path(first.span.file).name, Path(other.span.file).name
        message = f"found packages {first.package} ({first_file}) and {other.package} ({other_file})"
        if other.package == f"{first.package}_test" or first.package == f"{other.package}_test":
            message = f"external test packages are not supported ({message})"
        raise SourceError([Diagnostic(other.span.file, 1, 1, message)], texts)
    return programs[0].package or "main"


def library_units(programs: list[nodes.Program]) -> list[nodes.Package]:
    """The library models the files import, each after the models it imports."""
    from modelcheck.syntax.parser import parse

    order: list[nodes.Package] = []
    seen: set[str] = set()

    def visit(path: str) -> None:
        model = model_source(path)
        if model is None or path in seen:
            return
        seen.add(path)
        filename, text = model
        program = parse(text, filename)
        for imported in program.imports:
            visit(imported.path)
        order.append(nodes.Package(program.package or path, path, (program,), library=True))

    for program in programs:
        for imported in program.imports:
            visit(imported.path)
    return order


def find_tests(checked: CheckedProgram, sources: dict[str, str]) -> list[Function]:
    """The package's tests: ``func TestXxx(t *testing.T)`` in its _test.go files, in source
    order; a Test function of another signature is refused, as go vet refuses it."""
    tests, errors = [], []
    for function in checked.functions.values():
        span = function.span
        if span is None or not span.file.endswith("_test.go") or not TEST_NAME.match(function.name):
            continue
        if is_test_signature(function.type):
            tests.append(function)
        else:
            message = f"wrong signature for {function.name}, must be: func {function.name}(t *testing.T)"
            errors.append(Diagnostic(span.file, span.line, span.column, message))
    if errors:
        raise SourceError(errors, sources)
    return sorted(tests, key=lambda f: (f.span.file, f.span.line))


def is_test_signature(signature: object) -> bool:
    if not isinstance(signature, FuncType) or signature.results or len(signature.params) != 1:
        return False
    param = signature.params[0]
    return (
        isinstance(param, PointerType)
        and isinstance(param.element, StructType)
        and param.element.library
        and param.element.package == "testing"
        and param.element.name == "T"
    )
