"""Parse .gol source into a syntax tree (``parse``), or raise SourceError with every diagnostic.

The lexer's tokens are fed one by one to Lark's LALR parser, whose callbacks (transform.Builder)
build the nodes. Two things happen between the two:

* Go's composite-literal rule for headers: a ``{`` becomes BODY_LBRACE (the block of an
  ``if``/``for``/``switch``) whenever the parser could take it so; otherwise it opens a literal,
  a function body or a struct type. So ``if x == T{} {`` is an error, as in Go, while
  ``if x == (T{}) {`` and ``for _, v := range []int{1, 2} {`` work.
* Error recovery: after a syntax error, parsing resumes at the next top-level declaration that
  starts a line, so one run reports the errors of several functions.
"""

from __future__ import annotations

import importlib.resources
import threading
from pathlib import Path

from lark import Lark, Token
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

import modelcheck
from modelcheck.syntax import nodes
from modelcheck.syntax.diagnostics import Diagnostic, SourceError
from modelcheck.syntax.lexer import KEYWORDS, tokenize
from modelcheck.syntax.transform import Builder

MAX_SYNTAX_ERRORS = 10
_RESYNC_KEYWORDS = frozenset({"FUNC", "VAR", "CONST", "TYPE"})
_UNSUPPORTED_KEYWORDS = {"INTERFACE": "interfaces are not supported", "GOTO": "goto is not supported"}
_KEYWORD_TYPES = frozenset(KEYWORDS.values())
_EXPECTED_NAMES = {
    "COMMA": "comma",
    "SEMI": "semicolon or newline",
    "RPAREN": ")",
    "RBRACK": "]",
    "RBRACE": "}",
    "LBRACE": "{",
    "BODY_LBRACE": "{",
    "LPAREN": "(",
    "COLON": ":",
    "IDENT": "name",
    "STRING": "string",
    "ASSIGN": "=",
    "DEFINE": ":=",
    "$END": "EOF",
}

_lock = threading.Lock()
_cache: dict[str, tuple[dict, Builder]] = {}


class _NoLexer(Lexer):
    """Lark wants a lexer; tokens come from modelcheck.syntax.lexer instead."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, lexer_state, parser_state):
        return iter(())


def grammar_text() -> str:
    """The grammar, from the installed package, or from the source tree's grammar/ directory."""
    try:
        return (importlib.resources.files("modelcheck.grammar") / "gol.lark").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        path = Path(modelcheck.__file__).resolve().parent.parent / "grammar" / "gol.lark"
        return path.read_text(encoding="utf-8")


class _Tables:
    """The LALR tables of one start symbol, flattened for a fast driver loop.

    ``actions[state][terminal]`` is ``(True, next_state)`` for a shift, or
    ``(False, (callback, size, nonterminal))`` for a reduction.
    """

    def __init__(self, lark: Lark, start: str):
        conf = lark.parse_interactive(start=start).parser_state.parse_conf
        self.start_state = conf.start_state
        self.end_state = conf.end_state
        self.actions: dict = {}
        for state, row in conf.states.items():
            flat = {}
            for symbol, (action, arg) in row.items():
                if action is Shift:
                    flat[symbol] = (True, arg)
                else:
                    flat[symbol] = (False, (conf.callbacks[arg], len(arg.expansion), arg.origin.name))
            self.actions[state] = flat


def _parser() -> tuple[dict[str, _Tables], Builder]:
    """The parse tables and their callbacks, built once per process."""
    if "lalr" not in _cache:
        builder = Builder()
        lark = Lark(
            grammar_text(),
            parser="lalr",
            lexer=_NoLexer,
            start=["start", "recover"],
            transformer=builder,
        )
        _cache["lalr"] = ({start: _Tables(lark, start) for start in ("start", "recover")}, builder)
    return _cache["lalr"]


class _Unexpected(Exception):
    def __init__(self, token: Token, expected: set[str]):
        super().__init__(token.type)
        self.token = token
        self.expected = expected


def _feed(actions: dict, states: list, values: list, token: Token, end_state=None) -> None:
    """Shift ``token`` after performing the reductions it triggers; raise _Unexpected if it can't."""
    kind = token.type
    while True:
        action = actions[states[-1]].get(kind)
        if action is None:
            expected = {symbol for symbol in actions[states[-1]] if symbol.isupper()}
            raise _Unexpected(token, expected)
        shift, arg = action
        if shift:
            states.append(arg)
            values.append(token)
            return
        callback, size, origin = arg
        if size:
            children = values[-size:]
            del states[-size:]
            del values[-size:]
        else:
            children = []
        values.append(callback(children))
        states.append(actions[states[-1]][origin][1])
        if states[-1] == end_state:
            return


def _accepts(actions: dict, states: list, kind: str) -> bool:
    """Whether the parser in this state would shift a ``kind`` token (after any reductions)."""
    depth = len(states)
    top = []  # the states pushed by simulated reductions, above states[:depth]
    while True:
        current = top[-1] if top else states[depth - 1]
        action = actions[current].get(kind)
        if action is None:
            return False
        shift, arg = action
        if shift:
            return True
        _, size, origin = arg
        popped_top = min(size, len(top))
        if popped_top:
            del top[-popped_top:]
        depth -= size - popped_top
        current = top[-1] if top else states[depth - 1]
        top.append(actions[current][origin][1])


def describe_token(token: Token) -> str:
    """A token as Go's syntax errors show it: ``newline``, ``name x``, ``literal 5``, ``)``."""
    kind = token.type
    if kind == "SEMI":
        return {"\n": "newline", "EOF": "EOF"}.get(str(token), "semicolon")
    if kind == "$END":
        return "EOF"
    if kind == "IDENT":
        return f"name {token}"
    if kind in ("INT", "RUNE", "STRING"):
        text = str(token)
        return f"literal {text if len(text) <= 40 else text[:37] + '...'}"
    if kind in _KEYWORD_TYPES:
        return f"keyword {token}"
    return str(token)


_EXPRESSION_STARTS = frozenset({"IDENT", "INT", "STRING", "LPAREN", "FUNC"})
_STATEMENT_STARTS = frozenset({"RETURN", "IF", "FOR", "GO"})
_TOP_LEVEL = frozenset({"FUNC", "VAR", "CONST", "TYPE", "IMPORT", "PACKAGE", "$END"})


def _syntax_message(token: Token, expected: set[str]) -> str:
    """Go-style wording: ``syntax error: unexpected X[, expected Y]``."""
    if expected and expected <= _TOP_LEVEL and token.type not in _TOP_LEVEL and "FUNC" in expected:
        return "syntax error: non-declaration statement outside function body"
    message = f"syntax error: unexpected {describe_token(token)}"
    names = sorted({_EXPECTED_NAMES.get(e, e) for e in expected if e in _EXPECTED_NAMES})
    if names and len(expected) <= 3 and len(names) == len(expected):
        names = sorted(names, key=lambda name: (name != "comma", name))
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        message += f", expected {listed}"
    elif "COMMA" in expected and {"RPAREN", "RBRACE"} & expected and len(expected) > 3:
        closer = ")" if "RPAREN" in expected else "}"
        message += f", expected comma or {closer}"
    elif expected >= _EXPRESSION_STARTS and not _STATEMENT_STARTS & expected:
        message += ", expected expression"
    elif token.type in ("$END", "SEMI") and str(token) in ("", "EOF") and "RBRACE" in expected:
        message += ", expected }"
    return message


def _resync(tokens: list[Token], index: int) -> int | None:
    """The index of the next top-level declaration keyword that starts a line, after ``index``."""
    for j in range(index + 1, len(tokens)):
        token = tokens[j]
        if token.type in _RESYNC_KEYWORDS and token.column == 1 and tokens[j - 1].type == "SEMI":
            return j
    return None


def _run_parser(tokens: list[Token], filename: str, tables: dict[str, _Tables]):
    """Feed the tokens to the parser; return (program or None, syntax diagnostics)."""
    errors: list[Diagnostic] = []
    index, start, program = 0, "start", None
    last = tokens[-1] if tokens else None
    if last is None:
        end = Token("$END", "", 0, 1, 1, 1, 1, 0)
    else:  # EOF sits just after the last token
        end = Token("$END", "", last.end_pos, last.end_line, last.end_column, last.end_line, last.end_column)
    while True:
        table = tables[start]
        actions, states, values = table.actions, [table.start_state], []
        try:
            for index in range(index, len(tokens)):  # noqa: B020 - index is read after an error
                token = tokens[index]
                if token.type == "LBRACE" and _accepts(actions, states, "BODY_LBRACE"):
                    token = Token.new_borrow_pos("BODY_LBRACE", "{", token)
                _feed(actions, states, values, token)
            index = len(tokens)
            _feed(actions, states, values, end, table.end_state)  # reduce everything
            if start == "start":
                program = values[-1]
            return program, errors
        except _Unexpected as error:
            token = error.token
            message = _syntax_message(token, error.expected)
            errors.append(Diagnostic(filename, token.line, token.column, message))
        if len(errors) >= MAX_SYNTAX_ERRORS:
            return None, errors
        next_index = _resync(tokens, index)
        if next_index is None:
            return None, errors
        index, start = next_index, "recover"


def _unsupported_keywords(tokens: list[Token], filename: str) -> list[Diagnostic]:
    return [
        Diagnostic(filename, t.line, t.column, _UNSUPPORTED_KEYWORDS[t.type])
        for t in tokens
        if t.type in _UNSUPPORTED_KEYWORDS
    ]


def missing_package(source: str, filename: str) -> list[Diagnostic]:
    """Go's ``expected 'package', found X`` when ``source`` does not start with its package
    clause (X is EOF, at the end of the file, when it has no token at all), after the lexical
    errors in front of X; nothing when it does start so. ``parse`` accepts such a fragment;
    loading and checking reject it."""
    tokens, lexical = tokenize(source, filename)
    if tokens and tokens[0].type == "PACKAGE":
        return []
    if not tokens:
        text = source.removeprefix("\ufeff")  # columns do not count a leading BOM
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
        return lexical + [Diagnostic(filename, line, column, "expected 'package', found 'EOF'")]
    token = tokens[0]
    if token.type in ("IDENT", "INT", "RUNE", "STRING"):
        found = describe_token(token).split(" ", 1)[1]
    else:
        found = f"'{token}'"
    before = [d for d in lexical if (d.line, d.column) < (token.line, token.column)]
    return before + [Diagnostic(filename, token.line, token.column, f"expected 'package', found {found}")]


def parse(source: str, filename: str) -> nodes.Program:
    """Parse a whole .gol file. Raises SourceError listing every diagnostic found."""
    try:
        tokens, lexical = tokenize(source, filename)
        diagnostics = lexical + _unsupported_keywords(tokens, filename)
        if any("not supported" not in d.message for d in lexical):
            raise SourceError(diagnostics, source)
        tables, builder = _parser()
        with _lock:
            builder.reset(filename)
            program, syntax_errors = _run_parser(tokens, filename, tables)
            diagnostics += syntax_errors + builder.diagnostics
    except SourceError:
        raise
    except RecursionError:
        diagnostics = [Diagnostic(filename, 1, 1, "program too deeply nested")]
        raise SourceError(diagnostics, source) from None
    except Exception as error:  # never a traceback for bad input: report it as a diagnostic
        message = f"internal error in the parser: {type(error).__name__}: {error}"
        raise SourceError([Diagnostic(filename, 1, 1, message)], source) from None
    if diagnostics or program is None:
        raise SourceError(_dedupe(diagnostics) or [Diagnostic(filename, 1, 1, "syntax error")], source)
    return program


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop repeated diagnostics (same place, same message), keeping the first."""
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for d in diagnostics:
        key = (d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique
