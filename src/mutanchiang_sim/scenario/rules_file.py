"""The shared rules file a scenario names (``rules_file``), and what a scenario may override.

Every bundled battle names ``rules/ww2_operational.yaml``: one set of coefficients for all of
them. A scenario's own ``rules`` section is laid over it; only the keys of
:data:`OVERRIDABLE` are a scenario's to set (each side's combat effectiveness with its source,
the weather table); any other override is allowed but warned about, with its file, line and key
(:func:`override_warnings`), since a coefficient tuned on one battle alone makes the model a fit.
A scenario that names no rules file gets the bundled one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .errors import Problem, ScenarioError, position
from .yaml_text import read_fast

DEFAULT_RULES_FILE = "rules/ww2_operational.yaml"
RULES_FILE_FORMAT = 1

# What a scenario may set in its ``rules`` section without a warning ("*" is any key):
# each side's combat effectiveness and where it comes from, the weather table, and how a
# terrain type is drawn (its texture: no effect on the battle).
OVERRIDABLE: tuple[tuple[str, ...], ...] = (
    ("nations", "*", "quality"),
    ("nations", "*", "quality_source"),
    ("weather", "*"),
    ("terrain", "*", "texture"),
)
OVERRIDABLE_TEXT = "nations.<side>.quality (with quality_source), weather, terrain.<code>.texture"


def resolve_rules_file(scenario: Path, name: str, bundled_dir: Path) -> Path:
    """``name`` beside the scenario (or below its folder), else among the bundled scenarios."""
    if "\x00" in name or not name.strip():
        raise ScenarioError([Problem(str(scenario), 1, 1, "rules_file: invalid file name")])
    here = scenario.parent.resolve()
    cand = (scenario.parent / name).resolve()
    if (cand == here or here in cand.parents) and cand.is_file():
        return cand
    bundled = (bundled_dir / name).resolve()
    if bundled_dir.resolve() in bundled.parents and bundled.is_file():
        return bundled
    raise ScenarioError([Problem(str(scenario), 1, 1, f"rules_file: no such rules file {name!r} beside the scenario or among the bundled ones")])


def read_rules_file(path: Path) -> tuple[dict[str, Any], str]:
    """The rules a shared file states (without its ``format``) and the sha256 of its bytes."""
    data, sha = read_fast(path)
    fmt = data.pop("format", RULES_FILE_FORMAT)
    if fmt != RULES_FILE_FORMAT:
        raise ScenarioError([Problem(str(path), 1, 1, f"format: this program reads rules files of format {RULES_FILE_FORMAT}, not {fmt!r}")])
    return data, hashlib.sha256(sha.encode()).hexdigest()


def _allowed(keys: tuple[str, ...]) -> bool:
    for pattern in OVERRIDABLE:
        if len(keys) >= len(pattern) and all(p in ("*", k) for p, k in zip(pattern, keys, strict=False)):
            return True
    return False


def _leaves(node: Any, keys: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, dict) and node:
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*keys, str(k)))]
    return [keys]


def override_warnings(path: str, rules: Any, doc: Any) -> list[Problem]:
    """A warning for every key of a scenario's ``rules`` section outside :data:`OVERRIDABLE`,
    and for a side's quality set without a source."""
    if not isinstance(rules, dict):
        return []
    out: list[Problem] = []
    for keys in _leaves(rules):
        if not keys:
            continue
        loc = ("rules", *keys)
        if not _allowed(keys):
            out.append(Problem(path, *position(doc, loc), f"warning: rules.{'.'.join(keys)} overrides a global coefficient "
                                                          f"(a scenario may set only {OVERRIDABLE_TEXT})"))
        elif keys[0] == "nations" and keys[-1] == "quality":
            nation = rules["nations"].get(keys[1])
            if isinstance(nation, dict) and not str(nation.get("quality_source") or "").strip():
                out.append(Problem(path, *position(doc, loc), f"warning: rules.{'.'.join(keys)} has no quality_source "
                                                              '(a source, or "fitted" and to what)'))
    return out
