"""Minimal text edits of a YAML file: apply a change of its data to the text as the author wrote it.

A ruamel.yaml round trip keeps comments but not every layout (hand-wrapped flow lists come back on
one line). So instead of dumping the whole document, :func:`patch_text` compares the original data
with the new data and rewrites only what changed: a scalar in place (in its quoting style), a flow
collection in its span (wrapped as before), a block item or key by its lines. Whatever it cannot do
locally it re-renders at the nearest enclosing key or list item; the caller checks the result
parses back to the new data.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, cast

from .yaml_render import (
    Unpatchable,
    block_lines,
    flow_end,
    flow_text,
    indent,
    is_blank_or_comment,
    item_lines,
    scalar_end,
    scalar_text,
    trailing_comment,
    wrapped_flow,
)
from .yaml_text import plain

# --- the patcher ---------------------------------------------------------------------------


class _Patcher:
    def __init__(self, text: str, doc: Any) -> None:
        self.text = text
        self.doc = doc
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for ln in self.lines:
            self.starts.append(self.starts[-1] + len(ln))
        self.edits: list[tuple[int, int, str]] = []

    # positions
    def off(self, line: int, col: int) -> int:
        return self.starts[line] + col

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line`` without its newline."""
        return self.starts[line] + len(self.lines[line].rstrip("\r\n"))

    def span_end_line(self, start_line: int, col: int, is_key: bool) -> int:
        """Last line of the node starting at ``start_line`` whose lines are indented past ``col``."""
        last = start_line
        k = start_line + 1
        while k < len(self.lines):
            ln = self.lines[k]
            if is_blank_or_comment(ln):
                k += 1
                continue
            ind = indent(ln)
            inside = ind > col or (is_key and ind == col and ln.lstrip().startswith("-") and ln.lstrip()[1:2] in (" ", "\n", ""))
            if not inside:
                break
            last = k
            k += 1
        return last

    def replace(self, a: int, b: int, s: str) -> None:
        self.edits.append((a, b, s))

    def result(self) -> str:
        out = self.text
        prev = len(out) + 1
        for a, b, s in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            if b > prev:
                raise Unpatchable("overlapping edits")
            out = out[:a] + s + out[b:]
            prev = a
        return out

    # the walk
    def value(self, old: Any, new: Any, line: int, col: int, in_flow: bool) -> None:
        """Change the value written at (line, col) from ``old`` (a ruamel node) to ``new``."""
        if plain(old) == new:
            return
        is_map, is_seq = isinstance(old, dict), isinstance(old, list)
        flow = bool(getattr(getattr(old, "fa", None), "flow_style", lambda: False)()) if (is_map or is_seq) else True
        if (is_map or is_seq) and not flow:
            if is_map and isinstance(new, dict):
                self.block_map(old, new)
                return
            if is_seq and isinstance(new, list) and new:
                self.block_seq(old, new)
                return
            raise Unpatchable("block collection changes kind")
        start = self.off(line, col)
        if is_map and isinstance(new, dict) and list(old) == list(new):
            for k in old:
                vl, vc = old.lc.value(k)
                self.value(old[k], new[k], vl, vc, True)
            return
        if is_seq and isinstance(new, list) and len(old) == len(new):
            for k in range(len(old)):
                il, ic = old.lc.item(k)
                self.value(old[k], new[k], il, ic, True)
            return
        if is_map or is_seq:
            end = flow_end(self.text, start)
            span = self.text[start:end]
            style = _quote_style(span)
            cont = None
            width = 0
            if "\n" in span:
                second = self.lines[line + 1]
                cont = indent(second)
                width = max(len(x.rstrip("\r\n")) for x in self.lines[line: line + span.count("\n") + 1])
            self.replace(start, end, wrapped_flow(new, col, max(width, 100), cont, style))
            return
        end = scalar_end(self.text, start, in_flow)
        tok = self.text[start:end]
        if "\n" in tok and tok[0] not in "\"'":
            raise Unpatchable("multi-line plain scalar")
        style = tok[0] if tok[:1] in ("'", '"') else ""
        new_text = flow_text(new, style) if isinstance(new, dict | list) else scalar_text(new, style)
        self.replace(start, end, new_text)

    def block_map(self, old: Any, new: dict[str, Any]) -> None:
        keys = list(old)
        for k in keys:
            if k not in new:
                kl, kc = old.lc.key(k)
                self.delete_lines(kl, self.span_end_line(kl, kc, True))
        for k in keys:
            if k in new and plain(old[k]) != new[k]:
                kl, kc = old.lc.key(k)
                try:
                    vl, vc = old.lc.value(k)
                    sub = _Patcher.__new__(_Patcher)
                    sub.__dict__.update(self.__dict__)
                    sub.edits = []
                    sub.value(old[k], new[k], vl, vc, False)
                    self.edits += sub.edits
                except Unpatchable:
                    self.rerender_key(old, k, new[k])
        added = [k for k in new if k not in old]
        if added:
            if not keys:
                raise Unpatchable("empty mapping")
            remaining = [k for k in keys if k in new] or keys
            last = remaining[-1]
            kl, kc = old.lc.key(last)
            end_line = self.span_end_line(kl, kc, True)
            lines: list[str] = []
            for k in added:
                lines += block_lines(k, new[k], kc)
            self.insert_after(end_line, lines)

    def block_seq(self, old: Any, new: list[Any]) -> None:
        a = [_canon(x) for x in old]
        b = [_canon(x) for x in new]
        dash = self.dash_col(old, 0)
        block_style = any(isinstance(x, dict) and not cast(Any, x).fa.flow_style() for x in old)
        style = _quote_style(self.text[self.off(*old.lc.item(0)): self.line_end(old.lc.item(0)[0])])
        keyed = _keyed_pairs(old, new)
        if keyed is not None:
            self.keyed_seq(old, new, keyed, dash, block_style, style)
            return
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace":
                n = min(i2 - i1, j2 - j1)
                for i, j in zip(range(i1, i1 + n), range(j1, j1 + n), strict=True):
                    self.seq_item(old, i, new[j], dash, block_style, style)
                i1, j1 = i1 + n, j1 + n
            for i in range(i1, i2):
                il, _ = old.lc.item(i)
                self.delete_lines(il, self.span_end_line(il, self.dash_col(old, i), False))
            if j2 > j1:
                lines: list[str] = []
                for j in range(j1, j2):
                    lines += item_lines(new[j], dash, block_style, style)
                if i1 > 0:
                    pl, _ = old.lc.item(i1 - 1)
                    self.insert_after(self.span_end_line(pl, self.dash_col(old, i1 - 1), False), lines)
                else:
                    fl, _ = old.lc.item(0)
                    self.insert_before(fl, lines)

    def keyed_seq(self, old: Any, new: list[Any], pairs: dict[int, int], dash: int, block_style: bool, style: str) -> None:
        """Items matched by id (or name): changed ones edited in place, others deleted or inserted."""
        matched_old = set(pairs.values())
        for i in range(len(old)):
            if i not in matched_old:
                il, _ = old.lc.item(i)
                self.delete_lines(il, self.span_end_line(il, self.dash_col(old, i), False))
        prev_old: int | None = None
        pending: list[str] = []

        def flush(before: int | None) -> None:
            if not pending:
                return
            if prev_old is not None:
                pl, _ = old.lc.item(prev_old)
                self.insert_after(self.span_end_line(pl, self.dash_col(old, prev_old), False), list(pending))
            elif before is not None:
                self.insert_before(old.lc.item(before)[0], list(pending))
            else:
                last = len(old) - 1
                ll, _ = old.lc.item(last)
                self.insert_after(self.span_end_line(ll, self.dash_col(old, last), False), list(pending))
            pending.clear()

        for j, item in enumerate(new):
            if j in pairs:
                flush(pairs[j])
                i = pairs[j]
                if _canon(old[i]) != _canon(item):
                    self.seq_item(old, i, item, dash, block_style, style)
                prev_old = i
            else:
                pending += item_lines(item, dash, block_style, style)
        flush(None)

    def seq_item(self, old: Any, i: int, new: Any, dash: int, block_style: bool, style: str) -> None:
        il, ic = old.lc.item(i)
        sub = _Patcher.__new__(_Patcher)
        sub.__dict__.update(self.__dict__)
        sub.edits = []
        try:
            sub.value(old[i], new, il, ic, False)
            self.edits += sub.edits
        except Unpatchable:
            end_line = self.span_end_line(il, self.dash_col(old, i), False)
            lines = item_lines(new, dash, block_style, style)
            comment = trailing_comment(self.lines[end_line].rstrip("\r\n"))
            lines[-1] += comment
            self.replace(self.starts[il], self.line_end(end_line), "\n".join(lines))

    def rerender_key(self, old: Any, k: Any, value: Any) -> None:
        kl, kc = old.lc.key(k)
        end_line = self.span_end_line(kl, kc, True)
        lines = block_lines(k, value, kc)
        comment = trailing_comment(self.lines[kl].rstrip("\r\n"))
        lines[0] += comment
        self.replace(self.starts[kl], self.line_end(end_line), "\n".join(lines))

    def dash_col(self, seq: Any, i: int) -> int:
        il, ic = seq.lc.item(i)
        line = self.lines[il]
        k = ic - 1
        while k >= 0 and line[k] == " ":
            k -= 1
        if k < 0 or line[k] != "-":
            raise Unpatchable("no dash before a list item")
        return int(k)

    def delete_lines(self, first: int, last: int) -> None:
        self.replace(self.starts[first], self.starts[last + 1], "")

    def insert_after(self, line: int, new_lines: list[str]) -> None:
        at = self.starts[line + 1]
        nl = "" if self.lines[line].endswith("\n") else "\n"
        self.replace(at, at, nl + "".join(x + "\n" for x in new_lines))

    def insert_before(self, line: int, new_lines: list[str]) -> None:
        at = self.starts[line]
        self.replace(at, at, "".join(x + "\n" for x in new_lines))


def _keyed_pairs(old: list[Any], new: list[Any]) -> dict[int, int] | None:
    """new index -> old index of items with the same ``id`` (or ``name``), when both lists are
    such records with unique keys and the kept ones stay in order; else None."""
    for key in ("id", "name"):
        if not all(isinstance(x, dict) and isinstance(x.get(key), str) for x in [*old, *new]):
            continue
        old_keys = [x[key] for x in old]
        new_keys = [x[key] for x in new]
        if len(set(old_keys)) != len(old_keys) or len(set(new_keys)) != len(new_keys):
            return None
        where = {k: i for i, k in enumerate(old_keys)}
        pairs = {j: where[k] for j, k in enumerate(new_keys) if k in where}
        order = [pairs[j] for j in sorted(pairs)]
        return pairs if order == sorted(order) else None
    return None


def _quote_style(text: str) -> str:
    """The quoting the author used for strings in a piece of text ('"', "'" or plain)."""
    dq, sq = text.count('"'), text.count("'")
    if dq and dq >= 2:
        return '"'
    if sq >= 2 and re.search(r"[\[{,:]\s*'", text):
        return "'"
    return ""


def _canon(x: Any) -> str:
    return json.dumps(plain(x), sort_keys=True, default=str)



def patch_text(text: str, doc: Any, new: dict[str, Any]) -> str:
    """``text`` (whose round-trip document is ``doc``) changed to hold ``new``, by local edits.

    Raises :class:`Unpatchable` when the change cannot be made locally."""
    if not isinstance(doc, dict) or getattr(doc, "fa", None) is None or cast(Any, doc).fa.flow_style():
        raise Unpatchable("the document is not a block mapping")
    p = _Patcher(text, doc)
    p.block_map(doc, new)
    return p.result()


__all__ = ["Unpatchable", "patch_text"]
