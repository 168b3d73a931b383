"""YAML as text: rendering new values in the file's own styles, and scanning where a value ends.

The pieces :mod:`.textpatch` edits a scenario file with: scalars in the quoting style already
used, flow collections wrapped at a width, block keys and list items as lines; and scanners
that find the end of a quoted string, a flow collection or a plain scalar in existing text.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from typing import Any


class Unpatchable(Exception):
    """This change cannot be made by a local edit."""


# --- rendering new YAML text ---------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9_(.][^\n#:\[\]{},\"&*!|>%@`\\]*$")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


_SPECIAL = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _plain_ok(s: str) -> bool:
    if not s or s != s.strip() or not _PLAIN.match(s) or s.lower() in _SPECIAL or _UNPRINTABLE.search(s):
        return False
    try:
        float(s)
        return False
    except ValueError:
        pass
    if re.match(r"^[0-9]", s) and re.match(r"^[0-9_:+\-.eE ]*$|^\d{4}-\d", s):
        return False
    return not s.startswith(("- ", "? ", ".inf", ".nan"))


def scalar_text(v: Any, style: str = "") -> str:
    """YAML text of a scalar; ``style`` is ``"``, ``'`` or empty (plain where safe)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        if math.isnan(v):
            return ".nan"
        if math.isinf(v):
            return ".inf" if v > 0 else "-.inf"
        return repr(float(v))
    if isinstance(v, datetime | date):
        return json.dumps(v.isoformat()) if style else v.isoformat()
    s = str(v)
    if style == "'" and "\n" not in s:
        return "'" + s.replace("'", "''") + "'"
    if style != '"' and _plain_ok(s):
        return s
    return _double_quoted(s)


def _double_quoted(s: str) -> str:
    """A YAML double-quoted scalar (JSON escapes, plus \\u escapes for what YAML may not hold raw)."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(s, ensure_ascii=False))


def flow_text(v: Any, style: str = "") -> str:
    """A value on one line in flow style: ``{id: a, hex: [1, 2]}``."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{scalar_text(k)}: {flow_text(x, _value_style(x, style))}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow_text(x, style) for x in v) + "]"
    return scalar_text(v, style)


def _value_style(x: Any, style: str) -> str:
    """Names of things keep the author's quotes; enum-like words (``side: soviet``) stay plain."""
    return "" if isinstance(x, str) and re.fullmatch(r"[a-z][a-z_]*", x) else style


def wrapped_flow(v: Any, start_col: int, width: int, cont_indent: int | None, style: str = "") -> str:
    """Flow text of a list or mapping, wrapped after commas at ``width`` with continuation lines
    indented by ``cont_indent`` (no wrapping when that is None)."""
    one = flow_text(v, style)
    if cont_indent is None or start_col + len(one) <= width or not isinstance(v, dict | list) or not v:
        return one
    if isinstance(v, dict):
        parts = [f"{scalar_text(k)}: {flow_text(x, _value_style(x, style))}" for k, x in v.items()]
        open_, close = "{", "}"
    else:
        parts = [flow_text(x, style) for x in v]
        open_, close = "[", "]"
    lines: list[str] = []
    cur = open_
    col0 = start_col
    for k, part in enumerate(parts):
        piece = part + (", " if k < len(parts) - 1 else close)
        if cur not in (open_, "") and col0 + len(cur) + len(piece.rstrip()) > width:
            lines.append(cur.rstrip())
            cur = ""
            col0 = cont_indent
        cur += piece
    lines.append(cur)
    return ("\n" + " " * cont_indent).join(lines)


def block_lines(key: Any, value: Any, indent: int, step: int = 2) -> list[str]:
    """A new mapping key in block style (lists of mappings as one flow mapping a line)."""
    pad = " " * indent
    head = f"{pad}{scalar_text(key)}:"
    if isinstance(value, dict) and value:
        out = [head]
        for k, x in value.items():
            out += block_lines(k, x, indent + step, step)
        return out
    if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        return [head] + [f"{pad}{' ' * step}- {flow_text(x)}" for x in value]
    if isinstance(value, dict | list):
        return [f"{head} {flow_text(value)}"]
    return [f"{head} {scalar_text(value)}"]


def item_lines(value: Any, dash_col: int, block_style: bool, style: str = "") -> list[str]:
    """A new block-list item: ``- {flow}``, or a block mapping when its siblings are written so."""
    pad = " " * dash_col
    if isinstance(value, dict) and value and block_style:
        out: list[str] = []
        for k, (key, x) in enumerate(value.items()):
            lines = block_lines(key, x, dash_col + 2)
            if k == 0:
                lines[0] = pad + "- " + lines[0].lstrip()
            out += lines
        return out
    return [pad + "- " + flow_text(value, style)]


# --- scanning the original text ------------------------------------------------------------


def _skip_quoted(text: str, i: int) -> int:
    """Index after the quoted scalar starting at ``i``."""
    q = text[i]
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and i + 1 < n and text[i + 1] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    raise Unpatchable("unterminated quoted scalar")


def flow_end(text: str, i: int) -> int:
    """Index after the flow collection opening at ``i``."""
    depth = 0
    prev = ""
    n = len(text)
    while i < n:
        c = text[i]
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c in "\"'" and prev in "[{,:":
            i = _skip_quoted(text, i)
            prev = c
            continue
        elif c == "#" and i > 0 and text[i - 1] in " \t\n":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if not c.isspace():
            prev = c
        i += 1
    raise Unpatchable("unterminated flow collection")


def scalar_end(text: str, i: int, in_flow: bool) -> int:
    c = text[i]
    if c in "\"'":
        return _skip_quoted(text, i)
    if c in "|>":
        raise Unpatchable("block scalar")
    if c in "[{":
        return flow_end(text, i)
    n = len(text)
    j = i
    while j < n and text[j] != "\n":
        if text[j] == "#" and text[j - 1] in " \t":
            break
        if in_flow and text[j] in ",]}":
            break
        j += 1
    while j > i and text[j - 1] in " \t":
        j -= 1
    return j


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_blank_or_comment(line: str) -> bool:
    s = line.strip()
    return not s or s.startswith("#")


def trailing_comment(line: str) -> str:
    """The `` # comment`` at the end of a line (outside quotes), or ''."""
    q = ""
    for k, c in enumerate(line):
        if q:
            if c == q:
                q = ""
            continue
        if c in "\"'" and (k == 0 or line[k - 1] in " [{,:"):
            q = c
        elif c == "#" and k > 0 and line[k - 1] in " \t":
            j = k
            while j > 0 and line[j - 1] in " \t":
                j -= 1
            return line[j:]
    return ""
