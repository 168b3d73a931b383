"""Scenario problems located in their file: ``FILE:LINE:COL: message``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        if self.file.startswith("--"):  # a command-line flag (--set): no file, no line
            return f"{self.file} {self.message}"
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class ScenarioError(Exception):
    """A scenario could not be loaded; ``problems`` says every reason, each with its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


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
