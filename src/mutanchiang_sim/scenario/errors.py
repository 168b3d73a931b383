"""Placing scenario problems in their file: key paths as text and their line and column.

:class:`Problem` and :class:`ScenarioError` themselves live in :mod:`mutanchiang_sim.errors`."""

from __future__ import annotations

from typing import Any

from ..errors import Problem, ScenarioError

Loc = tuple[str | int, ...]

__all__ = ["Loc", "Problem", "ScenarioError", "loc_text", "position"]


def loc_text(loc: Loc) -> str:
    """A readable key path: ``units[3].men``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def position(doc: Any, loc: Loc) -> tuple[int, int]:
    """1-based (line, col) of the deepest node of a ruamel round-trip ``doc`` along ``loc``."""
    if hasattr(doc, "resolve_doc"):  # a LazyDoc: parse the round-trip document now
        doc = doc.resolve_doc()
    line, col = 1, 1
    node = doc
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        line, col = lc.line + 1, lc.col + 1
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    try:
                        kl, kc = lc.key(part)
                        line, col = kl + 1, kc + 1
                    except (KeyError, TypeError, AttributeError):
                        pass
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if lc is not None:
                    try:
                        il, ic = lc.item(part)
                        line, col = il + 1, ic + 1
                    except (KeyError, TypeError, AttributeError, IndexError):
                        pass
                node = node[part]
            else:
                break
        except Exception:  # noqa: BLE001 - positions are best effort, never a crash
            break
    return line, col
