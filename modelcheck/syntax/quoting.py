"""Go string literals for text shown to the user: one quoting for every stage (diagnostics, spec
expectations, reports), so they all print a string the same way Go does."""

from __future__ import annotations

_NAMED = {
    '"': '\\"',
    "\\": "\\\\",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def go_quote(text: str) -> str:
    """``text`` as Go's ``strconv.Quote`` writes it: a double-quoted Go string literal.

    Printable characters (Go's ``unicode.IsPrint``, which is Python's ``str.isprintable``: not
    a control, format or separator character except the space) stay as they are, so ``é`` stays
    ``é``; ``"``, ``\\`` and ``\\a \\b \\f \\n \\r \\t \\v`` get their short escapes; other ASCII
    controls become ``\\xNN``, other non-printables ``\\uNNNN`` or ``\\UNNNNNNNN``. A lone
    surrogate, which has no UTF-8 form, is written as the ``\\xNN`` bytes of its surrogate-pass
    encoding, as Go quotes those invalid bytes.
    """
    pieces = ['"']
    for char in text:
        if char in _NAMED:
            pieces.append(_NAMED[char])
        elif char.isprintable():
            pieces.append(char)
        else:
            code = ord(char)
            if code < 0x20 or code == 0x7F:
                pieces.append(f"\\x{code:02x}")
            elif 0xD800 <= code <= 0xDFFF:
                pieces.extend(f"\\x{byte:02x}" for byte in char.encode("utf-8", "surrogatepass"))
            elif code < 0x10000:
                pieces.append(f"\\u{code:04x}")
            else:
                pieces.append(f"\\U{code:08x}")
    pieces.append('"')
    return "".join(pieces)
