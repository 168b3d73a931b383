"""Texture files named by a scenario's terrain types: checked and pointed at the file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..files import problem_of
from .errors import Problem, loc_text, position

TEXTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga", ".webp")
TEXTURE_MAX_BYTES = 8 * 1024 * 1024


def resolve_textures(path: str, rules: dict[str, Any], doc: Any) -> list[Problem]:
    """Point each terrain type's ``texture`` (a file named relative to the scenario) at the file
    itself, and a problem for each that is not a readable image file of a known kind."""
    problems: list[Problem] = []
    terrain = rules.get("terrain")
    if not isinstance(terrain, dict):
        return problems
    for code, rule in terrain.items():
        tex = rule.get("texture") if isinstance(rule, dict) else None
        if not isinstance(tex, str):
            continue  # absent, or of the wrong type (the schema says so)
        loc = ("rules", "terrain", code, "texture")
        file = Path(path).parent / tex
        if not tex.strip() or "\x00" in tex:
            why: str | None = "not a file name"
        elif file.suffix.lower() not in TEXTURE_SUFFIXES:
            why = f"not an image file ({', '.join(TEXTURE_SUFFIXES)})"
        else:
            why = problem_of(file, TEXTURE_MAX_BYTES)
        if why:
            shown = repr(tex if len(tex) <= 60 else tex[:57] + "...")
            problems.append(Problem(path, *position(doc, loc), f"{loc_text(loc)}: {shown}: {why}"))
        else:
            terrain[code] = {**rule, "texture": str(file.resolve())}  # a copy: the file's own data stays as read
    return problems


__all__ = ["TEXTURE_MAX_BYTES", "TEXTURE_SUFFIXES", "resolve_textures"]
