"""errors.py is a leaf with one user-error base; module doctests of the small pure helpers."""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

import pytest

from mutanchiang_sim import atomic, errors
from mutanchiang_sim.ai import registry
from mutanchiang_sim.cli import play as cli_play
from mutanchiang_sim.cli.main import main
from mutanchiang_sim.errors import (
    BadBatchFolder,
    BadFlag,
    BadInput,
    BadReplay,
    BadSave,
    Problem,
    ScenarioError,
)
from mutanchiang_sim.scenario import overrides
from mutanchiang_sim.sim import batch_meta, batch_setup

SRC = Path(errors.__file__).resolve().parent


@pytest.mark.parametrize("module", [errors, atomic, overrides, registry, cli_play, batch_meta, batch_setup], ids=lambda m: m.__name__)
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


def test_errors_imports_nothing_of_the_package() -> None:
    tree = ast.parse((SRC / "errors.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0 and not (node.module or "").startswith("mutanchiang_sim"), ast.dump(node)


def test_every_kind_is_bad_input_and_the_file_kinds_are_value_errors() -> None:
    for kind in (BadFlag, ScenarioError, BadSave, BadReplay, BadBatchFolder):
        assert issubclass(kind, BadInput)
    for kind in (BadSave, BadReplay, BadBatchFolder):  # callers that catch ValueError still do
        assert issubclass(kind, ValueError)
    e = BadSave("a.sav: not a save")
    assert e.lines == ("a.sav: not a save",) and str(e) == "a.sav: not a save"


def test_scenario_error_lines_are_its_problems_sorted_once() -> None:
    b = Problem("s.yaml", 9, 1, "late")
    a = Problem("s.yaml", 2, 5, "early")
    e = ScenarioError([b, a, b])
    assert e.problems == [a, b]
    assert e.lines == ("s.yaml:2:5: early", "s.yaml:9:1: late")
    assert str(Problem("--set", 1, 1, "unknown key 'x'")) == "--set unknown key 'x'"


def test_a_bad_flag_exits_2_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--size", "12"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["--size: expected WIDTHxHEIGHT like 1280x800, got '12'"]


@pytest.mark.parametrize("text", ["799x600", "800x599", "8001x600"])
def test_window_sizes_out_of_range_are_bad_flags(text: str) -> None:
    with pytest.raises(BadFlag, match="out of range"):
        cli_play.parse_size(text)


@pytest.mark.parametrize("text, size", [("800x600", (800, 600)), ("8000X8000", (8000, 8000))])
def test_window_sizes_at_the_limits_are_fine(text: str, size: tuple[int, int]) -> None:
    assert cli_play.parse_size(text) == size


@pytest.mark.parametrize("flag, bad", [("set", "novalue"), ("set", "=3"), ("sweep", "turns=8,,9"), ("sweep", "turns=8,8")])
def test_malformed_overrides_are_bad_flags(flag: str, bad: str) -> None:
    parse = overrides.parse_set if flag == "set" else overrides.parse_sweep
    with pytest.raises(BadFlag, match=f"--{flag}"):
        parse([bad])
