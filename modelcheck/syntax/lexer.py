"""The .gol lexer: Go's tokens, with automatic semicolon insertion as the Go spec defines it.

A hand-written scanner rather than Lark's regex lexer: Go's rules (semicolons after a line's final
token, number-literal validation, escape checking) are easier to state here, and every lexical
error gets an exact position. Columns count characters from 1; a tab counts as 1.
"""

from __future__ import annotations

import contextlib
import re

from lark import Token

from modelcheck.syntax.diagnostics import Diagnostic

KEYWORDS = {
    "break": "BREAK",
    "case": "CASE",
    "chan": "CHAN",
    "const": "CONST",
    "continue": "CONTINUE",
    "default": "DEFAULT",
    "defer": "DEFER",
    "else": "ELSE",
    "fallthrough": "FALLTHROUGH",
    "for": "FOR",
    "func": "FUNC",
    "go": "GO",
    "goto": "GOTO",
    "if": "IF",
    "import": "IMPORT",
    "interface": "INTERFACE",
    "map": "MAP",
    "package": "PACKAGE",
    "range": "RANGE",
    "return": "RETURN",
    "select": "SELECT",
    "struct": "STRUCT",
    "switch": "SWITCH",
    "type": "TYPE",
    "var": "VAR",
}

# Longest first, so that maximal munch works with a simple scan.
OPERATORS = {
    "<<=": "OP_ASSIGN",
    ">>=": "OP_ASSIGN",
    "&^=": "OP_ASSIGN",
    "...": "ELLIPSIS",
    "+=": "OP_ASSIGN",
    "-=": "OP_ASSIGN",
    "*=": "OP_ASSIGN",
    "/=": "OP_ASSIGN",
    "%=": "OP_ASSIGN",
    "&=": "OP_ASSIGN",
    "|=": "OP_ASSIGN",
    "^=": "OP_ASSIGN",
    "<<": "SHL",
    ">>": "SHR",
    "&^": "ANDNOT",
    "&&": "ANDAND",
    "||": "OROR",
    "<-": "ARROW",
    "++": "INC",
    "--": "DEC",
    "==": "EQL",
    "!=": "NEQ",
    "<=": "LEQ",
    ">=": "GEQ",
    ":=": "DEFINE",
    "+": "PLUS",
    "-": "MINUS",
    "*": "STAR",
    "/": "SLASH",
    "%": "PERCENT",
    "&": "AMP",
    "|": "PIPE",
    "^": "CARET",
    "<": "LSS",
    ">": "GTR",
    "=": "ASSIGN",
    "!": "NOT",
    "~": "TILDE",
    "(": "LPAREN",
    ")": "RPAREN",
    "[": "LBRACK",
    "]": "RBRACK",
    "{": "LBRACE",
    "}": "RBRACE",
    ",": "COMMA",
    ";": "SEMI",
    ".": "DOT",
    ":": "COLON",
}
_OPERATOR_RE = re.compile("|".join(re.escape(op) for op in sorted(OPERATORS, key=len, reverse=True)))

# Tokens after which a newline (or EOF) ends the statement.
SEMICOLON_AFTER = frozenset(
    {"IDENT", "INT", "RUNE", "STRING", "BREAK", "CONTINUE", "FALLTHROUGH", "RETURN"}
    | {"INC", "DEC", "RPAREN", "RBRACK", "RBRACE"}
)

_IDENT_RE = re.compile(r"[^\W\d]\w*")
_SPACE_RE = re.compile(r"[ \t\r]+")
# What Go rejects even inside comments and literals: NUL, a BOM after the start, and (in text
# handed over as a Python string) the lone surrogates that stand for bytes that are not UTF-8.
_FORBIDDEN_RE = re.compile("[\x00\ufeff\ud800-\udfff]")
_FORBIDDEN_MESSAGES = {"\x00": "invalid NUL character", "\ufeff": "invalid BOM in the middle of the file"}
_SIMPLE_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_DECIMAL_DIGITS = "0123456789"
_BASE_NAMES = {2: "binary", 8: "octal", 10: "decimal", 16: "hexadecimal"}


MAX_ERRORS = 10  # like Go: report the first few, then stop


class _TooManyErrors(Exception):
    pass


class GolToken(Token):
    """A Lark token that also carries the decoded value of a string or rune literal."""

    __slots__ = ("decoded",)


class _Scanner:
    """One scan of one source text; ``tokens`` and ``errors`` hold the results."""

    def __init__(self, source: str, filename: str):
        self.src = source
        self.filename = filename
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.tokens: list[Token] = []
        self.errors: list[Diagnostic] = []

    # -------------------------------------------------------------- helpers

    def error_at(self, pos: int, message: str) -> None:
        line = self.src.count("\n", 0, pos) + 1 if pos < self.line_start else self.line
        start = self.src.rfind("\n", 0, pos) + 1
        self.errors.append(Diagnostic(self.filename, line, pos - start + 1, message))
        if len(self.errors) >= MAX_ERRORS:
            raise _TooManyErrors

    def forbidden(self, start: int, end: int) -> None:
        """Report the forbidden characters of the comment or literal ``src[start:end]`` (call it
        once the scan has passed ``end``, so that error_at finds the lines)."""
        for match in _FORBIDDEN_RE.finditer(self.src, start, end):
            message = _FORBIDDEN_MESSAGES.get(match.group(), "invalid UTF-8 encoding")
            self.error_at(match.start(), message)

    def emit(self, kind: str, value: str, start: int, start_line: int, start_col: int) -> None:
        end_col = self.pos - self.line_start + 1
        self.tokens.append(GolToken(kind, value, start, start_line, start_col, self.line, end_col, self.pos))

    def newline_semicolon(self, pos: int, value: str = "\n") -> None:
        """Insert a semicolon at ``pos`` if the previous token ends a statement."""
        if self.tokens and self.tokens[-1].type in SEMICOLON_AFTER:
            col = pos - self.line_start + 1
            self.tokens.append(GolToken("SEMI", value, pos, self.line, col, self.line, col, pos))

    def char(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.src[index] if index < len(self.src) else ""

    # -------------------------------------------------------------- main loop

    def run(self) -> None:
        src = self.src
        if src.startswith("\ufeff"):  # a leading byte order mark is ignored, as in Go
            self.pos = self.line_start = 1
        n = len(src)
        while self.pos < n:
            c = src[self.pos]
            if c in " \t\r":
                self.pos = _SPACE_RE.match(src, self.pos).end()
                continue
            if c == "\n":
                self.newline_semicolon(self.pos)
                self.pos += 1
                self.line += 1
                self.line_start = self.pos
                continue
            start, start_line, start_col = self.pos, self.line, self.pos - self.line_start + 1
            if c == "/" and self.char(1) == "/":
                end = src.find("\n", self.pos)
                self.pos = n if end < 0 else end
                self.forbidden(start, self.pos)
                continue
            if c == "/" and self.char(1) == "*":
                self.block_comment()
                continue
            if c in _DECIMAL_DIGITS or (c == "." and self.char(1) and self.char(1) in _DECIMAL_DIGITS):
                self.number()
                continue
            if c == '"':
                self.string()
                continue
            if c == "`":
                self.raw_string()
                continue
            if c == "'":
                self.rune()
                continue
            match = _IDENT_RE.match(src, self.pos)
            if match:
                word = match.group()
                self.pos = match.end()
                self.emit(KEYWORDS.get(word, "IDENT"), word, start, start_line, start_col)
                continue
            match = _OPERATOR_RE.match(src, self.pos)
            if match:
                self.pos = match.end()
                self.emit(OPERATORS[match.group()], match.group(), start, start_line, start_col)
                continue
            if c == "\x00":
                self.error_at(self.pos, "invalid NUL character")
            elif c == "\ufeff":
                self.error_at(self.pos, "invalid BOM in the middle of the file")
            else:
                self.error_at(self.pos, f"invalid character {_describe_char(c)}")
            self.pos += 1
        self.newline_semicolon(n, "EOF")

    def block_comment(self) -> None:
        end = self.src.find("*/", self.pos + 2)
        if end < 0:
            self.error_at(self.pos, "comment not terminated")
            end = len(self.src)
            self.pos = end
        else:
            end += 2
        newlines = self.src.count("\n", self.pos, end)
        if newlines:
            # A comment spanning lines acts like a newline.
            self.newline_semicolon(self.pos)
            self.line += newlines
            self.line_start = self.src.rfind("\n", self.pos, end) + 1
        start, self.pos = self.pos, end
        self.forbidden(start, end)

    # -------------------------------------------------------------- literals

    def number(self) -> None:
        src, start = self.src, self.pos
        start_line, start_col = self.line, start - self.line_start + 1
        base, prefix_len = 10, 0
        if src[start] == "0" and self.char(1).lower() in ("x", "o", "b"):
            base = {"x": 16, "o": 8, "b": 2}[self.char(1).lower()]
            prefix_len = 2
        elif src[start] == "0":
            base = 8  # legacy octal (or plain 0)
        self.pos += prefix_len
        digit_chars = "0123456789abcdefABCDEF_" if base == 16 else "0123456789_"
        while self.char() and self.char() in digit_chars:
            self.pos += 1
        is_float = False
        exponents = "pP" if base == 16 else "eE"
        if self.char() == "." or (self.char() and self.char() in exponents):
            is_float = True
            if self.char() == ".":
                self.pos += 1
                while self.char() and self.char() in digit_chars:
                    self.pos += 1
            if self.char() and self.char() in "eEpP":
                self.pos += 1
                if self.char() in ("+", "-"):
                    self.pos += 1
                while self.char() and self.char() in "0123456789_":
                    self.pos += 1
        if self.char() == "i":
            self.pos += 1
            self.error_at(start, "complex numbers are not supported")
            self.emit("INT", src[start : self.pos], start, start_line, start_col)
            return
        text = src[start : self.pos]
        if is_float:
            self.error_at(start, "floating-point numbers are not supported")
        else:
            self.check_int(text, start, base, prefix_len)
        self.emit("INT", text, start, start_line, start_col)

    def check_int(self, text: str, start: int, base: int, prefix_len: int) -> None:
        digits = text[prefix_len:]
        if prefix_len and not digits.replace("_", ""):
            self.error_at(start, f"{_BASE_NAMES[base]} literal has no digits")
            return
        for index, ch in enumerate(digits):
            if ch != "_" and int(ch, 16) >= base:
                self.error_at(
                    start + prefix_len + index, f"invalid digit {ch!r} in {_BASE_NAMES[base]} literal"
                )
                return
        body = text if not prefix_len else "0" + digits  # '_' may follow a base prefix
        if "__" in body or body.endswith("_") or (body.startswith("_")):
            self.error_at(start, "'_' must separate successive digits")

    def escape(self, quote: str) -> int | None:
        """Decode an escape at self.pos (just after the backslash); None after reporting an error."""
        start = self.pos - 1
        c = self.char()
        if c in _SIMPLE_ESCAPES:
            self.pos += 1
            return _SIMPLE_ESCAPES[c]
        if c == quote:
            self.pos += 1
            return ord(c)
        if c in "01234567" and c:
            count, base, limit = 3, 8, 255
        elif c == "x":
            count, base, limit = 2, 16, 255
            self.pos += 1
        elif c == "u":
            count, base, limit = 4, 16, 0x10FFFF
            self.pos += 1
        elif c == "U":
            count, base, limit = 8, 16, 0x10FFFF
            self.pos += 1
        else:
            self.error_at(start, "unknown escape sequence")
            return None
        digits = self.src[self.pos : self.pos + count]
        valid = "01234567" if base == 8 else "0123456789abcdefABCDEF"
        if len(digits) < count or any(ch not in valid for ch in digits):
            self.error_at(start, "invalid escape sequence")
            while self.char() and self.char() in valid:
                self.pos += 1
            return None
        self.pos += count
        value = int(digits, base)
        if value > limit or 0xD800 <= value < 0xE000 and c in "uU":
            self.error_at(start, "escape is invalid Unicode code point")
            return None
        return value

    def string(self) -> None:
        src, start = self.src, self.pos
        start_line, start_col = self.line, start - self.line_start + 1
        self.pos += 1
        chars: list[str] = []
        pending_bytes = bytearray()  # \x and octal escapes are bytes: decode runs of them as UTF-8
        while True:
            c = self.char()
            if c == "" or c == "\n":
                self.error_at(start, "string literal not terminated")
                break
            self.pos += 1
            if c == '"':
                break
            if c == "\\":
                kind = self.char()
                value = self.escape('"')
                if value is None:
                    continue
                if kind in "01234567x" and kind:
                    pending_bytes.append(value)
                    continue
                chars.append(pending_bytes.decode("utf-8", errors="replace"))
                pending_bytes.clear()
                chars.append(chr(value))
                continue
            if pending_bytes:
                chars.append(pending_bytes.decode("utf-8", errors="replace"))
                pending_bytes.clear()
            chars.append(c)
        chars.append(pending_bytes.decode("utf-8", errors="replace"))
        token_text = src[start : self.pos]
        self.forbidden(start, self.pos)
        self.emit("STRING", token_text, start, start_line, start_col)
        self.tokens[-1].decoded = "".join(chars)

    def raw_string(self) -> None:
        src, start = self.src, self.pos
        start_line, start_col = self.line, start - self.line_start + 1
        end = src.find("`", start + 1)
        if end < 0:
            self.error_at(start, "raw string literal not terminated")
            end = len(src) - 1
        self.pos = end + 1
        newlines = src.count("\n", start, self.pos)
        if newlines:
            self.line += newlines
            self.line_start = src.rfind("\n", start, self.pos) + 1
        self.forbidden(start, self.pos)
        self.emit("STRING", src[start : self.pos], start, start_line, start_col)
        self.tokens[-1].decoded = src[start + 1 : end].replace("\r", "")

    def rune(self) -> None:
        start = self.pos
        start_line, start_col = self.line, start - self.line_start + 1
        self.pos += 1
        values: list[int] = []
        ok = True
        while True:
            c = self.char()
            if c == "" or c == "\n":
                self.error_at(start, "rune literal not terminated")
                ok = False
                break
            self.pos += 1
            if c == "'":
                break
            if c == "\\":
                value = self.escape("'")
                if value is None:
                    ok = False
                    continue
                values.append(value)
            else:
                values.append(ord(c))
        if ok and len(values) != 1:
            if values:
                self.error_at(start, "more than one character in rune literal")
            else:
                self.error_at(start, "empty rune literal or unescaped ' in rune literal")
        self.forbidden(start, self.pos)
        self.emit("RUNE", self.src[start : self.pos], start, start_line, start_col)
        self.tokens[-1].decoded = values[0] if len(values) == 1 else 0


def _describe_char(c: str) -> str:
    code = f"U+{ord(c):04X}"
    return f"{code} {c!r}" if c.isprintable() else code


def tokenize(source: str, filename: str) -> tuple[list[Token], list[Diagnostic]]:
    """Split source into tokens (semicolons inserted); also return the lexical errors found."""
    scanner = _Scanner(source, filename)
    with contextlib.suppress(_TooManyErrors):
        scanner.run()
    return scanner.tokens, scanner.errors
