"""Fuzzers for every input that is not scenario text (#18, "how we will know"): saves, replays,
batch folders (runs.csv, batch.json, summary.json) and command-line values.

Each takes a good input, damages it the ways a disk, an editor or a hostile user would (a value
replaced by any JSON, a key dropped, a cell of the CSV replaced, a line doubled, the file cut
short) and checks that what reads it either accepts it or refuses it with a one-line BadInput /
ValueError naming the file; anything else (an internal error, exit 1) is a defect. An accepted
save or replay is played on a little, so that a value the checks let through cannot crash the
engine later. The quick ones run in the default suite; the long runs are marked ``slow``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import difflib
import io
import json
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from batch_folder import make_batch
from mutanchiang_sim.cli.main import main
from mutanchiang_sim.core import engine
from mutanchiang_sim.errors import BadInput
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.batch import BatchMismatch, batch_meta, check_dir
from mutanchiang_sim.sim.batch_setup import set_up_batch
from mutanchiang_sim.sim.replay import read_replay, write_replay
from mutanchiang_sim.sim.run import play_game
from mutanchiang_sim.sim.saves import load_game
from mutanchiang_sim.sim.session import GameSession

SMALL = Path(__file__).parent / "data" / "small.yaml"
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
LONG = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

# any JSON value, small, with the values that break readers: huge and negative numbers, NaN,
# infinities, empty and odd text, nesting
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(max_size=8)
    | st.sampled_from([0, -1, 1e308, "", "x" * 300, "soviet", "japan", "s-rd1", "0", "1945-08-12T06:00"]),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3),
    max_leaves=6,
)


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="mutanchiang-fuzz-"))


@cache
def _scenario() -> Any:
    return load_scenario(SMALL)


@cache
def _save_doc() -> dict[str, Any]:
    """A save of a game of the small battle some way in (actions, log, a unit or two hurt)."""
    session = GameSession.start(_scenario(), 3, {"soviet"}, str(SMALL), False, {})
    session.run_computer(max_actions=40)
    p = _folder() / "base-save.json"
    session.save(p)
    return dict(json.loads(p.read_text()))


@cache
def _replay_doc() -> dict[str, Any]:
    p = _folder() / "base-replay.json"
    write_replay(p, str(SMALL), {}, {}, play_game(_scenario(), 2, record=True))
    return dict(json.loads(p.read_text()))


def _paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Where every value of a JSON document is (the document itself first)."""
    out = [at]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*at, k))
    elif isinstance(node, list):
        for k, v in enumerate(node[:12]):  # (the map's long lists: their first items are enough)
            out += _paths(v, (*at, k))
    return out


def _near(v: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as ``v``, the awkward ones among them (what an editor's slip or a
    bit flip makes: the checks must catch it, or the engine must live with it)."""
    if isinstance(v, bool):
        return st.booleans()
    if isinstance(v, int):
        return st.integers(-3, 3) | st.integers(v - 2, v + 2) | st.integers(-(2**63), 2**64) | st.just(v * 1000)
    if isinstance(v, float):
        return st.floats() | st.floats(-1.0, 2.0) | st.just(v * 1e6)
    if isinstance(v, str):
        return st.sampled_from(["", v[:-1], v + "x", "soviet", "japan", "s-rd1", "j-ac", "reserve", "destroyed"])
    return JSON


@st.composite
def damaged(draw: st.DrawFn, doc: dict[str, Any]) -> Any:
    """``doc`` with one to three values changed (mostly a number or a word deep inside, to a value
    of its kind), replaced by any JSON, or dropped."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        places = _paths(doc)
        leaves = [p for p in places if p and not isinstance(_at(doc, p), dict | list)]
        where = draw(st.sampled_from(leaves)) if leaves and draw(st.integers(0, 4)) else \
            draw(st.sampled_from(places[1:] or places))
        if not where:
            return draw(JSON)
        parent = _at(doc, where[:-1])
        how = draw(st.sampled_from(["near", "near", "any", "drop"]))
        if how == "drop" and isinstance(parent, dict):
            del parent[where[-1]]
        else:
            parent[where[-1]] = draw(_near(parent[where[-1]]) if how == "near" else JSON)
    return doc


def _at(doc: Any, where: tuple[Any, ...]) -> Any:
    for k in where:
        doc = doc[k]
    return doc


def _write(name: str, doc: Any) -> Path:
    p = _folder() / name
    p.write_text(json.dumps(doc), encoding="utf-8")  # (NaN and infinities as Python writes them)
    return p


def _one_line_naming(e: BaseException, path: Path) -> None:
    lines = str(e).splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path)), str(e)


# --- saves ---------------------------------------------------------------------------------------

def _check_save(doc: Any, actions: int) -> None:
    p = _write("save.json", doc)
    try:
        g = load_game(p, _scenario(), str(SMALL))
    except ValueError as e:
        _one_line_naming(e, p)
        return
    session = GameSession(_scenario(), g.state, set(), seed=g.seed or 0, log=g.log, actions=g.actions, ai=g.ai,
                          fog=bool(g.fog))
    session.run_computer(max_actions=actions)  # a state the checks let through must play on
    session.save(_folder() / "again.json")  # ... and be saved again


@QUICK
@given(damaged(_save_doc()))
def test_fuzz_damaged_saves(doc: Any) -> None:
    _check_save(doc, actions=3)


@pytest.mark.slow
@LONG
@given(damaged(_save_doc()))
def test_fuzz_damaged_saves_long(doc: Any) -> None:
    _check_save(doc, actions=60)


# --- replays -------------------------------------------------------------------------------------

def _check_replay(doc: Any, actions: int) -> None:
    p = _write("replay.json", doc)
    try:
        r = read_replay(p)
    except ValueError as e:
        _one_line_naming(e, p)
        return
    state, _ = engine.new_game(_scenario(), r.seed)
    for a in r.actions[:actions]:  # as the replay window steps it: an action that does not fit stops it
        try:
            state, _ = engine.apply(state, a)
        except engine.IllegalAction:
            break


@QUICK
@given(damaged(_replay_doc()))
@example(doc={**_replay_doc(), "seed": 2**80})  # a seed beyond numpy's 64 bits
def test_fuzz_damaged_replays(doc: Any) -> None:
    _check_replay(doc, actions=40)


@pytest.mark.slow
@LONG
@given(damaged(_replay_doc()))
def test_fuzz_damaged_replays_long(doc: Any) -> None:
    _check_replay(doc, actions=10_000)


# --- batch folders -------------------------------------------------------------------------------

@cache
def _batch() -> Path:
    """A batch folder of three runs of the small battle with a sweep (played in threads: quick)."""
    return make_batch(SMALL, _folder() / "batch", 3, 7, (("rules.combat.noise_sigma", (0.1, 0.2)),))


CELLS = ["", "x", "-1", "1e308", "nan", "inf", "true", "9" * 400, "1945-13-45T99:00", '"', "\x00", "é", "0.5", "3"]


@st.composite
def damaged_csv(draw: st.DrawFn, text: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["cell", "drop cell", "double line", "drop line", "cut", "header"]))
        i = draw(st.integers(0, len(rows) - 1))
        row = rows[i]
        if op in ("cell", "header", "drop cell") and row:
            j = draw(st.integers(0, len(row) - 1))
            if op == "drop cell":
                del row[j]
            else:
                row[j] = draw(st.sampled_from(CELLS) | st.text(max_size=5))
        elif op == "double line":
            rows.insert(i, list(row))
        elif op == "drop line":
            del rows[i]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    out = buf.getvalue()
    if draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]  # cut short (a kill, a full disk)
    return out


class Files(dict[str, str]):
    """A batch's files by name; shown (in a failing example) as what was damaged only."""

    def __repr__(self) -> str:
        changed = []
        for name, text in self.items():
            old = (_batch() / name).read_text(encoding="utf-8")
            if text != old:
                diff = [ln for ln in difflib.unified_diff(old.splitlines(), text.splitlines(), lineterm="", n=0)
                        if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
                changed.append(f"{name}: " + " | ".join(ln[:160] for ln in diff[:6]))
        return "Files(" + "; ".join(changed) + ")"


@st.composite
def damaged_batch(draw: st.DrawFn) -> Files:
    """The batch's files, one to three of them damaged."""
    files = Files({n: (_batch() / n).read_text(encoding="utf-8") for n in ("runs.csv", "batch.json", "summary.json",
                                                                            "turns.csv")})
    for name in draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=3, unique=True)):
        if name.endswith(".csv"):
            files[name] = draw(damaged_csv(files[name]))
        elif draw(st.booleans()):
            files[name] = json.dumps(draw(damaged(json.loads(files[name]))))
        else:
            text = files[name]
            files[name] = text[: draw(st.integers(0, len(text)))]
    return files


def _check_batch(files: dict[str, str], plots: bool) -> None:
    d = _folder() / "damaged"
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(_batch(), d)
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    setup = set_up_batch(str(SMALL), 3, 7, {}, [("rules.combat.noise_sigma", [0.1, 0.2])])
    try:  # what --resume reads before it plays (nothing written: no repair)
        check_dir(d, batch_meta(setup.spec, setup.base), resume=True)
    except BatchMismatch as e:
        assert len(str(e).splitlines()) == 1
    before = {n: (d / n).read_bytes() for n in files}
    no_plots = {f: mock.Mock(return_value=None) for f in ("plot_losses", "plot_city_falls", "plot_history",
                                                          "plot_sweep", "plot_convergence", "plot_trajectories")}
    with contextlib.nullcontext() if plots else mock.patch.multiple("mutanchiang_sim.sim.report", **no_plots):
        from mutanchiang_sim.sim.report import report_batches

        try:
            report_batches(d)
        except BadInput as e:
            assert len(e.lines) == 1 and e.lines[0].startswith(str(d)), e.lines
    for n in ("runs.csv", "batch.json", "turns.csv"):
        assert (d / n).read_bytes() == before[n]  # a report never changes what the batch wrote


@settings(QUICK, max_examples=12)
@given(damaged_batch())
def test_fuzz_damaged_batch_folders(files: dict[str, str]) -> None:
    _check_batch(files, plots=False)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(damaged_batch())
def test_fuzz_damaged_batch_folders_with_plots(files: dict[str, str]) -> None:
    _check_batch(files, plots=True)


# --- command-line values -------------------------------------------------------------------------

class Accepted(BaseException):
    """Raised where the command would start its work: every value was accepted."""


def _stop(*args: Any, **kwargs: Any) -> Any:
    raise Accepted()


KEYS = ["turns", "name", "start", "turn_hours", "map.width", "units.s-rd1.men", "units.s-rd1.hex", "units.j-ac.kind",
        "rules.combat.size_scale", "rules.combat.noise_sigma", "rules.combat.gun_loss_on_retreat", "sides.japan.role",
        "weather.0.from_turn", "city", "ai.japan.rearguard_share", "rules.weapons", "events", "nope", "units..men", ""]
VALUES = ["", "[]", "{a: 1}", "{}", "1e308", "-1e308", "-1", "0", "2e19", ".nan", ".inf", "nan", "0x10", "9" * 5000,
          "'", '"', "!!python/object:os.system", "&a x", "*a", "[1,2", "\x00", "é", "true", "null", "~", "1,2,3",
          "9999-12-31T20:00:00", "1945-08-12", "=", "a=b", "- 1", "{a: [1, {b: 2}]}", "|", ">", "%YAML 1.2"]
TEXT = st.sampled_from(VALUES) | st.text(max_size=12)
FLAGS = {
    "--set": st.builds(lambda k, v: f"{k}={v}", st.sampled_from(KEYS) | st.text(max_size=8), TEXT),
    "--sweep": st.builds(lambda k, vs: f"{k}={','.join(vs)}", st.sampled_from(KEYS), st.lists(TEXT, max_size=4)),
    "--ai": st.builds(lambda s, v: f"{s}={v}", st.sampled_from(["soviet", "japan", "", "x", "soviet=easy"]),
                      st.sampled_from(["easy", "hard", "random", "passive", "", "x", "normal"])),
    "--runs": st.sampled_from(["1", "0", "-1", "1e3", "99999999999", "x", ""]),
    "--seed": st.sampled_from(["0", "-1", str(2**64), str(2**200), "1.5", "x", "9" * 5000]),
    "--workers": st.sampled_from(["1", "0", "-3", "4097", "x"]),
    "--until-ci": st.sampled_from(["0.02", "0", "0.5", "-1", "nan", "inf", "x"]),
}


@st.composite
def command_line(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["run", "batch"]))
    argv = [command, str(SMALL)]
    allowed = ["--set", "--ai", "--seed"] + (["--sweep", "--runs", "--workers", "--until-ci"] if command == "batch"
                                             else [])
    for flag in draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=4)):
        argv += [flag, draw(FLAGS[flag])]
    if command == "batch" and "--runs" not in argv:
        argv += ["--runs", "2"]
    return argv


def _check_command_line(argv: list[str], out: Path) -> None:
    if argv[0] == "batch":
        argv = [*argv, "--out", str(out)]
    with mock.patch("mutanchiang_sim.sim.run.play_game", _stop), \
            mock.patch("mutanchiang_sim.sim.batch_lock.batch_lock", _stop):
        try:
            rc = main(argv)
        except SystemExit as e:  # argparse: a flag's value of the wrong type
            rc = int(e.code or 0)
        except Accepted:
            return
    assert rc == 2, argv
    assert not out.exists()


@QUICK
@given(command_line())
@example(argv=["batch", str(SMALL), "--runs", "2", "--sweep", "name={a: 1}"])
@example(argv=["run", str(SMALL), "--set", "rules.combat.size_scale=[]"])
def test_fuzz_command_line_values(argv: list[str]) -> None:
    _check_command_line(argv, _folder() / "out")


@pytest.mark.slow
@LONG
@given(command_line())
def test_fuzz_command_line_values_long(argv: list[str]) -> None:
    _check_command_line(argv, _folder() / "out")


def test_a_runs_header_that_lost_a_column_is_no_crash_for_the_sweep_plot() -> None:
    """(found by the slow fuzzer) a runs.csv whose header lost ``batch_seed``, so that no row
    names a swept value any more: the report draws no sweep plot rather than an IndexError."""
    text = (_batch() / "runs.csv").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    files = {n: (_batch() / n).read_text(encoding="utf-8") for n in ("batch.json", "summary.json", "turns.csv")}
    _check_batch({**files, "runs.csv": head.replace("batch_seed,", "", 1) + "\n" + rest}, plots=True)


def test_a_timeline_entry_without_its_keys_is_no_crash_for_the_trajectories() -> None:
    """(found by the slow fuzzer) batch.json's timeline with an entry that lost its id:
    the trajectories plot leaves them out and still draws."""
    from mutanchiang_sim.sim.report import read_batch
    from mutanchiang_sim.sim.turn_plots import plot_trajectories

    d = _folder() / "timeline"
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(_batch(), d)
    meta = json.loads((d / "batch.json").read_text(encoding="utf-8"))
    meta["timeline"] = [{"turn": 1}, {"turn": 2, "id": "named"}]  # (the first without its id)
    (d / "batch.json").write_text(json.dumps(meta), encoding="utf-8")
    assert plot_trajectories(read_batch(d), d) == d / "trajectories.png"


def test_a_sweep_key_runs_csv_lacks_is_no_crash_for_the_summary() -> None:
    """(found by the slow fuzzer) batch.json names a swept key that no column of runs.csv holds
    (here a blank one): the summary pools its rows under a blank value rather than a ValueError
    from rows whose sweep values are fewer than the keys."""
    files = {n: (_batch() / n).read_text(encoding="utf-8") for n in ("runs.csv", "summary.json", "turns.csv")}
    meta = json.loads((_batch() / "batch.json").read_text(encoding="utf-8"))
    meta["sweep"] = [["", [0.1, 0.2]], *meta["sweep"]]
    _check_batch({**files, "batch.json": json.dumps(meta)}, plots=True)
