"""Command-line overrides (--set, --sweep, --param): structural keys refused, problems blamed on the
flag that caused them, unknown keys answered with the keys that exist there. Hand-worked cases,
through the real console script and at the function level."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mutanchiang_sim.errors import BadFlag
from mutanchiang_sim.scenario import ScenarioError, load_scenario
from mutanchiang_sim.scenario.apply_set import Blame, apply_overrides
from mutanchiang_sim.scenario.errors import Problem
from mutanchiang_sim.scenario.overrides import parse_set, parse_sweep, split_assignment


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mutanchiang_sim", *args], capture_output=True, text=True, timeout=300)


def one_line(res: subprocess.CompletedProcess[str]) -> str:
    out = (res.stdout + res.stderr).strip().splitlines()
    assert res.returncode == 2, res.stdout + res.stderr
    assert len(out) == 1 and "Traceback" not in res.stderr, out
    return out[0]


@pytest.mark.parametrize("key", ["base", "rules_file", "format"])
def test_validate_refuses_a_structural_key(small_path, key):
    line = one_line(cli("validate", str(small_path), "--set", f"{key}=x.yaml"))
    assert line.startswith(f"--set {key}=x.yaml: '{key}' says how the scenario file is built")


def test_batch_sweep_refuses_base_before_running(small_path, tmp_path):
    line = one_line(cli("batch", str(small_path), "--runs", "1", "--sweep", "base=a.yaml,b.yaml", "--out", str(tmp_path / "R")))
    assert line.startswith("--sweep base=a.yaml,b.yaml: 'base'")
    assert not (tmp_path / "R").exists()


def test_a_mapping_the_flag_added_is_blamed_on_the_flag(small_path, tmp_path):
    # small.yaml's rules have no 'bogus' section: the flag added it, so the flag is wrong, not line 77
    line = one_line(cli("batch", str(small_path), "--runs", "1", "--set", "rules.bogus.x=1", "--out", str(tmp_path / "R")))
    assert line.startswith("--set rules.bogus.x=1: unknown key 'bogus'; keys there: combat, kinds, movement,")
    assert "small.yaml" not in line


def test_a_value_turned_into_a_mapping_is_blamed_on_the_flag(small_path):
    line = one_line(cli("validate", str(small_path), "--set", "rules.combat.advance_scale.x=1"))
    assert line == "--set rules.combat.advance_scale.x=1: rules.combat.advance_scale is a single value, not a mapping of keys"
    line = one_line(cli("validate", str(small_path), "--set", "rules.combat.noise_sigma.x=1"))  # (added by the flag)
    assert line.startswith("--set rules.combat.noise_sigma.x=1: ") and "valid number" in line


def test_unknown_keys_list_the_keys_at_that_level(small_path):
    line = one_line(cli("validate", str(small_path), "--set", "sides.soviet.foo=1"))
    assert line == ("--set sides.soviet.foo=1: unknown key 'foo' in sides.soviet; keys there: adjective, colour, "
                    "exit_requires_order, exit_zone, name, role, supply_sources")
    line = one_line(cli("validate", str(small_path), "--set", "sides.prussia.name=x"))
    assert line == "--set sides.prussia.name=x: unknown key 'prussia' in sides; keys there: japan, soviet"
    line = one_line(cli("validate", str(small_path), "--set", "units.nope.men=3"))
    assert line.endswith("no item 'nope' in units (items: j-ac, j-ir1, j-ir2, j-ir3, s-art, s-rd1, s-rd2, s-rd3, s-tb1)")


def test_ai_parameter_the_flag_added_lists_the_parameters(small_path):
    line = one_line(cli("validate", str(small_path), "--set", "ai.japan.foo=1"))
    assert line.startswith("--set ai.japan.foo=1: unknown AI parameter 'foo'; keys there: ambush_ratio, ")
    assert "difficulty" in line


def test_a_good_override_still_validates(small_path):
    res = cli("validate", str(small_path), "--set", "rules.combat.noise_sigma=0.2")
    assert res.returncode == 0, res.stdout + res.stderr


# --- the function level ---------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--set", "--sweep", "--param"])
def test_split_assignment_refuses_structural_keys(flag):
    with pytest.raises(BadFlag, match=rf"^{flag} format=2: 'format' says"):
        split_assignment("format=2", flag, "KEY=VALUE")
    with pytest.raises(BadFlag, match="'base'"):
        split_assignment(" base.x =1", flag, "KEY=VALUE")
    assert split_assignment("formations=1", flag, "KEY=VALUE") == ("formations", "1")  # (a prefix is not the key)


def test_parse_set_and_sweep_refuse_structural_keys():
    with pytest.raises(BadFlag, match="rules_file"):
        parse_set(["rules_file=x.yaml"])
    with pytest.raises(BadFlag, match="base"):
        parse_sweep(["base=a,b"])


def test_apply_overrides_refuses_structural_keys_and_reports_what_it_added():
    data = {"turns": 4, "rules": {"combat": {"noise_sigma": 0.1}}}
    with pytest.raises(ScenarioError, match="'base' says how"):
        apply_overrides(data, {"base": "x.yaml"})
    added = apply_overrides(data, {"rules.combat.noise_sigma": 0.3, "rules.supply.max_distance": 2})
    assert added == {"rules.supply.max_distance": "rules.supply"}
    assert data["rules"] == {"combat": {"noise_sigma": 0.3}, "supply": {"max_distance": 2}}


def test_blame_inside_an_added_mapping_only():
    blame = Blame({"rules.bogus.x": ("rules.bogus.x", 1)}, {"rules.bogus.x": "rules.bogus"})
    mine = blame.problem(Problem("s.yaml", 77, 1, "rules.bogus: unknown key 'bogus'"))
    assert mine.file == "--set" and mine.message.startswith("rules.bogus.x=1: unknown key 'bogus'; keys there: combat")
    other = Problem("s.yaml", 12, 3, "rules.combat.noise_sigma: Input should be a valid number")
    assert blame.problem(other) == other  # a problem of the file stays the file's
    # not added, only changed: a problem of the enclosing (nested) mapping is the flag's, of a section is not
    blame = Blame({"units[2].men": ("units.s-rd1.men", 5)})
    assert blame.problem(Problem("s.yaml", 40, 3, "units[2]: too many men for its size")).file == "--set"
    assert blame.problem(Problem("s.yaml", 40, 3, "units: two units share an id")).file == "s.yaml"
    assert blame.problem(Problem("s.yaml", 41, 3, "units[3].men: negative")).file == "s.yaml"


def test_load_scenario_blames_the_flag(small_path):
    with pytest.raises(ScenarioError) as e:
        load_scenario(small_path, {"rules.bogus.x": 1})
    assert [str(p) for p in e.value.problems] == [
        "--set rules.bogus.x=1: unknown key 'bogus'; keys there: combat, kinds, movement, nations, posture, supply, terrain, victory, weapons, weather"
    ]
