"""Reading scenario files: YAML (ruamel, round trip, no code execution) -> checked ``Scenario``.

Every problem is reported with its file, line and column; nothing here raises anything but
:class:`ScenarioError` for bad input.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from ..core.rules.coefficients import Rules, clock_context
from ..core.scenario_def import Scenario
from .apply_set import Blame, apply_overrides, override_loc
from .build import build_scenario
from .errors import Problem, ScenarioError, loc_text, position
from .merge import MergeProblem, content_sha256, deep_merge
from .ranges import check_ends, extract_ranges
from .rules_file import DEFAULT_RULES_FILE, override_warnings, read_rules_file, resolve_rules_file
from .schema import ScenarioFile
from .schema_paths import did_you_mean
from .textures import resolve_textures
from .yaml_text import MAX_BYTES, LazyDoc, check_budget, parse_text, plain, read_fast

MAX_BASE_DEPTH = 4


def bundled_scenarios_dir() -> Path:
    here = Path(__file__).resolve().parent.parent
    for cand in (here / "_scenarios", here.parent.parent / "scenarios"):
        if cand.is_dir():
            return cand
    return here.parent.parent / "scenarios"


def default_scenario_path() -> Path:
    return bundled_scenarios_dir() / "mutanchiang_1945.yaml"

def validate_text(path: str | Path, text: str) -> list[Problem]:
    """Every problem of a scenario given as text, as if it were the file ``path`` (whose folder
    a ``base:`` is resolved in). Used by the editor before it writes anything."""
    p = Path(path)
    name = str(p)
    try:
        raw = text.encode("utf-8")
        if len(raw) > MAX_BYTES:
            return [Problem(name, 1, 1, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")]
        try:
            data = YAML(typ="safe", pure=False).load(text)
        except Exception:  # noqa: BLE001 - re-parse for a located message
            data = plain(parse_text(name, text))
        if not isinstance(data, dict):
            parse_text(name, text)  # raises the located error
        check_budget(name, data)
        doc = LazyDoc(p, text)
        sha = hashlib.sha256(raw).hexdigest()
        data, sha = _merge_base(p, data, doc, sha, 0)
        validate_data(name, data, doc, sha)
    except ScenarioError as e:
        return list(e.problems)
    return []


def _resolve_base(path: Path, base: str, data_loc: str) -> Path:
    """A base scenario must lie in the variant's folder (or below it) or among the bundled ones."""
    if "\x00" in base:
        raise ScenarioError([Problem(data_loc, 1, 1, "base: invalid file name")])
    try:
        return _resolve_base_path(path, base, data_loc)
    except RuntimeError:  # Path.resolve on a loop of symbolic links
        raise ScenarioError([Problem(data_loc, 1, 1, f"base: {_short(base)!r} is a loop of symbolic links")]) from None
    except OSError as e:  # a name too long for the file system, and the like
        raise ScenarioError([Problem(data_loc, 1, 1, f"base: {_short(base)!r}: {e.strerror or type(e).__name__}")]) from None


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def _resolve_base_path(path: Path, base: str, data_loc: str) -> Path:
    here = path.parent.resolve()
    bundled_dir = bundled_scenarios_dir().resolve()
    cand = (path.parent / base).resolve()
    local = cand == here or here in cand.parents
    if local and cand.is_file():
        return cand
    bundled = (bundled_dir / base).resolve()
    if bundled_dir in bundled.parents and bundled.is_file():
        return bundled
    if not local and bundled_dir not in cand.parents:
        raise ScenarioError([Problem(data_loc, 1, 1, f"base: {base!r} lies outside the scenario's folder")])
    return cand


def _merge_base(
    path: Path, data: dict[str, Any], doc: Any, sha: str, depth: int, chain: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], str]:
    """A variant's data laid over its base scenario's (when it names one); ``chain`` is the
    variants that led here (a loop among them is refused by name)."""
    base = data.get("base")
    if base is None:
        return data, sha
    line, col = position(doc, ("base",))
    if not isinstance(base, str) or not base.strip():
        raise ScenarioError([Problem(str(path), line, col, "base: the file name of a scenario to build on")])
    if depth >= MAX_BASE_DEPTH:
        raise ScenarioError([Problem(str(path), line, col, "base: variants nest too deeply")])
    try:
        base_path = _resolve_base(path, base, str(path))
    except ScenarioError as e:
        raise ScenarioError([Problem(str(path), line, col, p.message) for p in e.problems]) from None
    if not base_path.is_file():
        raise ScenarioError([Problem(str(path), line, col, f"base: no such scenario {base!r}")])
    if base_path.resolve() == path.resolve():
        raise ScenarioError([Problem(str(path), line, col, "base: a scenario cannot be its own base")])
    chain = (*chain, path.resolve())
    if base_path.resolve() in chain:
        loop = " -> ".join(p.name for p in (*chain[chain.index(base_path.resolve()):], base_path.resolve()))
        raise ScenarioError([Problem(str(path), line, col, f"base: the variants go round in a loop ({loop})")])
    try:
        base_data, _, base_sha = load_data(base_path, None, depth + 1, chain)
    except ScenarioError as e:
        first = e.problems[0]
        raise ScenarioError([Problem(str(path), line, col, f"base: {base!r} cannot be read: {first}")]) from None
    base_data.pop("base", None)
    try:
        merged = deep_merge(base_data, {k: v for k, v in data.items() if k != "base"}, strict=True)
    except MergeProblem as e:
        raise ScenarioError([Problem(str(path), *position(doc, e.loc), str(e))]) from None
    merged["base"] = base
    return merged, hashlib.sha256((base_sha + sha).encode()).hexdigest()


def load_data(
    path: Path, overrides: dict[str, Any] | None = None, _depth: int = 0, _chain: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], Any, str]:
    """The merged plain data of a scenario (after ``base`` and overrides), its ruamel document
    (for error positions) and its fingerprint: the sha256 of what the battle is made of (the
    merged data and the shared rules, as canonical JSON), so that a comment, the layout of the
    file or the folder it is kept in change nothing, and any value does."""
    data, sha = read_fast(path)
    doc = LazyDoc(path)
    data, sha = _merge_base(path, data, doc, sha, _depth, _chain)
    if overrides:
        apply_overrides(data, overrides)
        sha = hashlib.sha256((sha + repr(sorted(overrides.items()))).encode()).hexdigest()
    if _depth == 0:  # the shared rules are part of what the battle is
        shared, _ = read_rules_file(rules_file_path(path, data))
        sha = content_sha256(data, shared)
    return data, doc, sha


def rules_file_path(path: Path | None, data: dict[str, Any]) -> Path:
    """The shared rules file a scenario names (``rules_file``, resolved beside the scenario or
    among the bundled ones), the bundled default when it names none."""
    name = data.get("rules_file")
    if not isinstance(name, str):
        name = DEFAULT_RULES_FILE
    scenario = path if path is not None else bundled_scenarios_dir() / "scenario.yaml"
    try:
        return resolve_rules_file(scenario, name, bundled_scenarios_dir())
    except ScenarioError as e:
        if path is None:
            raise
        doc = LazyDoc(path)
        raise ScenarioError([Problem(str(path), *position(doc, ("rules_file",)), p.message) for p in e.problems]) from None


def merged_rules(data: dict[str, Any], path: Path | None = None) -> dict[str, Any]:
    """The rules of a scenario: the model's defaults, the shared rules file over them, the
    scenario's own ``rules`` section over that."""
    rules = Rules().model_dump(mode="python")
    shared, _ = read_rules_file(rules_file_path(path, data))
    rules = deep_merge(rules, shared)
    user = data.get("rules")
    if isinstance(user, dict):
        return deep_merge(rules, user)  # type: ignore[no-any-return]
    return rules  # type: ignore[no-any-return]


def scenario_model(data: dict[str, Any]) -> ScenarioFile:
    """``data`` checked against the schema, its rates converted for its own clock and scale."""
    return ScenarioFile.model_validate(data, context=clock_of(data))


def clock_of(data: dict[str, Any]) -> dict[str, float]:
    """The validation context of a scenario's data (its turn length and hex size; the reference
    ones where they are missing or not numbers, which the schema then reports)."""
    mp = data.get("map")
    hours = data.get("turn_hours", 6)
    km = mp.get("hex_km", 3.0) if isinstance(mp, dict) else 3.0

    def number(v: Any, default: float) -> float:
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) and v > 0 else default

    return clock_context(number(hours, 6.0), number(km, 3.0))


def _pydantic_problems(path: str, doc: Any, err: ValidationError, index_of: Any = None) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        if index_of is not None:
            loc = index_of(loc)
        line, col = position(doc, loc)
        where = loc_text(loc)
        msg = e["msg"]
        if e["type"] == "extra_forbidden" and loc:
            hint = did_you_mean(loc)
            msg = f"unknown key {str(loc[-1])!r}{hint}"
        elif e["type"] == "missing":
            msg = "missing required key"
        elif e["type"] == "literal_error" and "input" in e and isinstance(e["input"], str):
            msg = f"{msg} (got {e['input']!r}){_literal_hint(e)}"
        elif "input" in e and e["type"] not in ("model_type",) and not isinstance(e["input"], dict | list):
            msg = f"{msg} (got {e['input']!r})"
        out.append(Problem(path, line, col, f"{where}: {msg}" if where else msg))
    return out


def _literal_hint(e: Any) -> str:
    expected = str(e.get("ctx", {}).get("expected", ""))
    options = [x.strip().strip("'") for x in expected.replace(" or ", ", ").split(",") if x.strip()]
    hint = difflib.get_close_matches(str(e["input"]), options, n=1, cutoff=0.5)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


# Lists whose items may be dropped after a schema error so that the rest can still be checked.
_PRUNABLE: tuple[tuple[str, ...], ...] = (
    ("units",), ("events",), ("weather",), ("history",), ("sources",),
    ("map", "rivers"), ("map", "roads"), ("map", "railways"), ("map", "bridges"),
    ("map", "fortifications"), ("map", "places"),
)
_PRUNABLE_OF_A_SIDE = ("supply_sources", "exit_zone")  # sides.<id>.<key>


def _prunable(path: tuple[str, ...]) -> bool:
    return path in _PRUNABLE or (len(path) == 3 and path[0] == "sides" and path[2] in _PRUNABLE_OF_A_SIDE)

# Keys that may be dropped (their defaults stand in) when their value is wrong.
_DROPPABLE: tuple[tuple[str, ...], ...] = (
    ("format",), ("description",), ("sources",), ("turn_hours",), ("first_side",), ("city",), ("sides",),
    ("weather",), ("units",), ("events",), ("ai",), ("history",), ("map", "hex_km"), ("map", "geo"),
    ("map", "rivers"), ("map", "roads"), ("map", "railways"), ("map", "bridges"), ("map", "fortifications"),
    ("map", "places"),
)
# Required keys that semantic checks do not need: a placeholder stands in.
_PLACEHOLDERS: dict[tuple[str, ...], Any] = {("name",): "?", ("start",): "1945-08-12T06:00:00"}


class _Pruner:
    """Drops the parts of a scenario with schema errors so that semantic checks can run on the
    rest; keeps the original list indices for error positions."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.kept: dict[tuple[str, ...], list[int]] = {}
        self.incomplete: set[str] = set()

    def index_of(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        out = list(loc)
        for k in range(len(out)):
            key = tuple(str(x) for x in out[:k])
            if isinstance(out[k], int) and key in self.kept:
                kept = self.kept[key]
                if 0 <= out[k] < len(kept):
                    out[k] = kept[out[k]]
        return tuple(out)

    def _node(self, path: tuple[Any, ...]) -> Any:
        node: Any = self.data
        for part in path:
            node = node[part]
        return node

    def prune(self, err: ValidationError) -> bool:
        """Remove every erroneous part; False when what is wrong is needed by the semantic checks."""
        drops: dict[tuple[str, ...], set[int]] = {}
        deletions: list[tuple[Any, ...]] = []
        for e in err.errors(include_url=False):
            loc = tuple(e["loc"])
            if not loc:
                return False
            if e["type"] == "extra_forbidden" or (loc[0] == "rules" and e["type"] != "missing"):
                deletions.append(loc)
                continue
            if loc[0] == "rules":
                deletions.append(loc[:-1])
                continue
            for k in range(len(loc) - 1, 0, -1):
                item = loc[k]
                if isinstance(item, int) and _prunable(tuple(str(x) for x in loc[:k])):
                    drops.setdefault(tuple(str(x) for x in loc[:k]), set()).add(item)
                    break
            else:
                strs = tuple(str(x) for x in loc)
                if strs in _PLACEHOLDERS:
                    self.data[strs[0]] = _PLACEHOLDERS[strs]
                elif strs in _DROPPABLE and e["type"] != "missing":
                    deletions.append(loc)
                    self.incomplete.add(".".join(strs))
                else:
                    return False
        for loc in sorted(set(deletions), key=len, reverse=True):
            try:
                parent = self._node(loc[:-1])
                del parent[loc[-1]]
            except (KeyError, IndexError, TypeError):
                return False
        for path, idxs in drops.items():
            try:
                items = self._node(path)
            except (KeyError, IndexError, TypeError):
                return False
            kept = self.kept.get(path, list(range(len(items))))
            keep = [i for i in range(len(items)) if i not in idxs]
            items[:] = [items[i] for i in keep]
            self.kept[path] = [kept[i] for i in keep]
            self.incomplete.add(".".join(path))
        return True


def validate_data(path: str, data: dict[str, Any], doc: Any, sha: str) -> Scenario:
    """Check merged scenario data against the schema and the semantic rules; every problem is
    reported at once (schema errors first drop the broken parts, the rest is still checked)."""
    checked = dict(data)
    checked.pop("base", None)
    checked["rules"] = merged_rules(data, Path(path))
    checked, ranges, range_problems = extract_ranges(checked)
    problems: list[Problem] = resolve_textures(path, checked["rules"], doc)
    problems += [Problem(path, *position(doc, loc), f"{loc_text(loc)}: {msg}") for loc, msg in range_problems]
    pruner: _Pruner | None = None
    model: ScenarioFile | None = None
    for _ in range(6):
        try:
            model = scenario_model(pruner.data if pruner else checked)
            break
        except ValidationError as err:
            if pruner is None:
                pruner = _Pruner(copy.deepcopy(checked))
            problems += _pydantic_problems(path, doc, err, pruner.index_of)
            if not pruner.prune(err):
                break
    if model is None:
        raise ScenarioError(problems)
    index_of = pruner.index_of if pruner else (lambda loc: loc)
    incomplete = frozenset(pruner.incomplete) if pruner else frozenset()

    def report(loc: tuple[Any, ...], msg: str) -> None:
        loc = index_of(loc)
        problems.append(Problem(path, *position(doc, loc), f"{loc_text(loc)}: {msg}"))

    scenario = build_scenario(model, sha, report, incomplete)
    for loc, msg in check_ends(checked, ranges, clock_of(checked)) if pruner is None else ():  # ends in bounds
        report(loc, msg)
    if problems:
        raise ScenarioError(problems)
    return replace(scenario, uncertain=tuple(f.uncertain() for f in ranges)) if ranges else scenario


def load_scenario(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Scenario:
    """Load, check and build a scenario (the bundled one by default).

    Raises :class:`ScenarioError` listing every problem as ``FILE:LINE:COL: message``."""
    p = Path(path) if path is not None else default_scenario_path()
    data, doc, sha = load_data(p, overrides)
    try:
        return validate_data(str(p), data, doc, sha)
    except ScenarioError as e:
        if not overrides:
            raise
        keys = {override_loc(data, key, doc): (key, value) for key, value in overrides.items()}
        added = apply_overrides(load_data(p)[0], overrides)  # (what the flags added to the file)
        blame = Blame(keys, added)
        raise ScenarioError([blame.problem(q) for q in e.problems]) from None


def scenario_warnings(path: str | Path) -> list[Problem]:
    """What a valid scenario does that it may but should not: overriding global coefficients
    (:mod:`.rules_file`). Each a ``FILE:LINE:COL: warning: ...`` problem."""
    p = Path(path)
    data, doc, _ = load_data(p)
    return override_warnings(str(p), data.get("rules"), doc)


def validate_file(path: str | Path, overrides: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem in a scenario file, loaded with ``overrides`` (empty when it is valid)."""
    try:
        load_scenario(path, overrides)
    except ScenarioError as e:
        return list(e.problems)
    return []
