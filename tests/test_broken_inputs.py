"""The broken corpus of saves, replays and batch folders (tests/broken_inputs/cases.yaml): each
damaged file is refused in one line that names it and says what is wrong (exit 2 from the
command that reads it), and nothing the user had is changed."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from batch_folder import make_batch
from mutanchiang_sim.cli.main import main
from mutanchiang_sim.errors import BadInput
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.replay import write_replay
from mutanchiang_sim.sim.run import play_game
from mutanchiang_sim.sim.session import GameSession

CASES = YAML(typ="safe", pure=True).load((Path(__file__).parent / "broken_inputs" / "cases.yaml").read_text())


def _ids(kind: str) -> list[str]:
    return [c["name"] for c in CASES[kind]]


def _key(k: str) -> Any:
    return int(k) if re.fullmatch(r"\d+", k) else k


def damage(text: str, case: dict[str, Any]) -> str:
    """``text`` (a JSON or CSV file) damaged as ``case`` says."""
    if "text" in case:
        return str(case["text"])
    if "replace" in case:
        old, new = case["replace"]
        assert old in text, f"{case['name']}: {old!r} is not in the file"
        return text.replace(old, new, 1)
    doc = copy.deepcopy(json.loads(text))
    for path, value in (case.get("set") or {}).items():
        *parents, last = [_key(k) for k in path.split(".")]
        node = doc
        for k in parents:
            node = node[k]
        node[last] = value
    for path in case.get("drop") or ():
        *parents, last = [_key(k) for k in path.split(".")]
        node = doc
        for k in parents:
            node = node[k]
        del node[last]
    out = json.dumps(doc)
    if "seed_digits" in case:
        out = re.sub(r'"seed": \d+', '"seed": ' + "9" * case["seed_digits"], out, count=1)
    return out


@pytest.fixture(scope="module")
def good(small_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("good")
    scenario = d / "valley.yaml"
    shutil.copy(small_path, scenario)
    session = GameSession.start(load_scenario(scenario), 3, {"soviet"}, str(scenario), False, {})
    session.run_computer(max_actions=10)
    session.save(d / "save.json")
    write_replay(d / "replay.json", str(scenario), {}, {}, play_game(load_scenario(scenario), 2, record=True))
    make_batch(scenario, d / "B", 2, 4)
    return {"scenario": scenario, "save": d / "save.json", "replay": d / "replay.json", "batch": d / "B"}


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    cap = capsys.readouterr()
    lines = [ln for ln in cap.err.strip().splitlines() if not ln.startswith("resumed: ")]
    assert len(lines) == 1 and "internal error" not in cap.err and "Traceback" not in cap.err, cap.err
    return lines[0]


def test_the_corpus_covers_each_kind() -> None:
    assert len(CASES["saves"]) >= 12 and len(CASES["replays"]) >= 10 and len(CASES["batch"]) >= 10


@pytest.mark.parametrize("case", CASES["saves"], ids=_ids("saves"))
def test_a_broken_save_is_refused_in_one_line(case: dict[str, Any], good: dict[str, Path], tmp_path: Path) -> None:
    from mutanchiang_sim.ui.app import build_game

    save = tmp_path / "save.json"
    save.write_text(damage(good["save"].read_text(), case))
    before = save.read_bytes()
    with pytest.raises(BadInput) as e:  # what `mutanchiang play --load SAVE` runs before its window
        build_game(None, None, load=str(save))  # type: ignore[arg-type]
    assert len(e.value.lines) == 1
    assert e.value.lines[0].startswith(f"{save}: ") and case["expect"] in e.value.lines[0], e.value.lines
    assert save.read_bytes() == before


@pytest.mark.parametrize("case", CASES["replays"], ids=_ids("replays"))
def test_a_broken_replay_is_refused_in_one_line(case: dict[str, Any], good: dict[str, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    replay = tmp_path / "replay.json"
    replay.write_text(damage(good["replay"].read_text(), case))
    assert main(["replay", str(replay), "--screenshot", str(tmp_path / "x.png")]) == 2
    line = _one_line(capsys)
    assert line.startswith(f"{replay}: ") and case["expect"] in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["replay.json"]


@pytest.mark.parametrize("case", CASES["batch"], ids=_ids("batch"))
def test_a_broken_batch_folder_is_refused_in_one_line(case: dict[str, Any], good: dict[str, Path], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "B"
    shutil.copytree(good["batch"], d)
    f = d / case["file"]
    f.write_text(damage(f.read_text(), case))
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    capsys.readouterr()
    assert main(["report", str(d)]) == 2
    line = _one_line(capsys)
    assert line.startswith(str(f)) and case["expect"] in line, line
    if case["file"] == "runs.csv":  # what a resume reads first: refused before a battle, nothing repaired
        assert main(["batch", str(good["scenario"]), "--runs", "3", "--seed", "4", "--workers", "1", "--out", str(d),
                     "--resume"]) == 2
        assert str(f) in _one_line(capsys)
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before
