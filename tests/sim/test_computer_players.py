"""The computer players a user picks: levels over the scenario's ``ai`` section, fog, bad names."""

from __future__ import annotations

from dataclasses import fields

import pytest

from mutanchiang_sim.core.ai_params import DIFFICULTIES, DoctrineParams
from mutanchiang_sim.core.scenario_def import Scenario
from mutanchiang_sim.errors import BadFlag
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.computer_players import LEVELS, choice_names, computer_players


def test_a_level_sets_the_difficulty_and_keeps_the_sections_other_keys(bundled_path) -> None:  # type: ignore[no-untyped-def]
    scenario = load_scenario(bundled_path)
    assert scenario.ai["japan"]["rearguard_share"] == 0.15
    players = computer_players(scenario, {"japan": "easy", "soviet": "passive"})
    japan = players["japan"].p  # type: ignore[attr-defined]
    assert japan.difficulty == "easy" and japan.rearguard_share == 0.15
    assert japan.mistake_rate == DIFFICULTIES["easy"].get("mistake_rate", DoctrineParams.mistake_rate)
    assert players["soviet"].name == "passive"  # type: ignore[attr-defined]
    assert computer_players(scenario, {"japan": "doctrine"})["japan"].p.difficulty == "normal"  # type: ignore[attr-defined]


def test_fog_reaches_every_computer_player(small_scenario: Scenario) -> None:
    for side, policy in computer_players(small_scenario, {"soviet": "hard"}, fog=True).items():
        assert policy.params["fog_of_war"] is True, side  # type: ignore[attr-defined]
        assert policy.p.fog_of_war, side  # type: ignore[attr-defined]
    assert not any(p.p.fog_of_war for p in computer_players(small_scenario).values())  # type: ignore[attr-defined]


def test_unknown_sides_and_names_are_bad_flags(small_scenario: Scenario) -> None:
    with pytest.raises(BadFlag, match=r"^--ai: Small test valley has no side 'red' \(sides: soviet, japan\)$"):
        computer_players(small_scenario, {"red": "easy"})
    with pytest.raises(BadFlag, match="^--ai: unknown level 'expert' for japan"):
        computer_players(small_scenario, {"japan": "expert"})
    assert choice_names()[:3] == list(LEVELS) == ["easy", "normal", "hard"]
    assert {"advance", "hold", "random", "passive", "doctrine"} <= set(choice_names())


# --- the levels: judgement and aggressiveness, never hidden bonuses ---------------------------

# What a level may change: how the AI reads the odds and fumbles, and at what odds it commits.
JUDGEMENT = {"mistake_rate", "judgement_sigma"}
# The odds and thresholds at which it attacks, counterattacks (weak_readiness: how worn an enemy
# must be to invite a local counterattack), falls back (outflanked_sides: how many hex sides under
# enemy pressure make a rearguard break off) or blows a bridge.
AGGRESSIVENESS = {"attack_ratio", "assault_ratio", "enough_ratio", "city_assault_ratio", "counterattack_ratio", "ambush_ratio",
                  "local_attack_ratio", "weak_readiness", "fall_back_ratio", "hold_exchange", "outflanked_sides", "blow_distance"}


def test_levels_touch_only_judgement_and_aggressiveness() -> None:
    names = {f.name for f in fields(DoctrineParams)}
    for level, preset in DIFFICULTIES.items():
        assert set(preset) <= names, level
        assert set(preset) <= JUDGEMENT | AGGRESSIVENESS, (level, set(preset) - JUDGEMENT - AGGRESSIVENESS)
    # judgement improves up the ladder
    for key in JUDGEMENT:
        values = [DoctrineParams.from_params({"difficulty": lv}).__getattribute__(key) for lv in LEVELS]
        assert values[0] > values[1] > values[2], (key, values)


def test_a_level_changes_no_rule_of_the_battle(bundled_path) -> None:  # type: ignore[no-untyped-def]
    normal = load_scenario(bundled_path)
    for level in ("easy", "hard"):
        other = load_scenario(bundled_path, {"ai.japan.difficulty": level, "ai.soviet.difficulty": level})
        assert other.rules == normal.rules and other.units == normal.units and other.events == normal.events
        assert other.sides == normal.sides
        assert other.ai != normal.ai


def test_set_can_add_ai_keys_the_file_lacks(small_path) -> None:  # type: ignore[no-untyped-def]
    from mutanchiang_sim.errors import ScenarioError

    assert load_scenario(small_path, {"ai.japan.difficulty": "hard"}).ai == {"japan": {"difficulty": "hard"}}
    with pytest.raises(ScenarioError, match=r"^--set ai\.japn\.difficulty=hard: unknown side 'japn'"):
        load_scenario(small_path, {"ai.japn.difficulty": "hard"})
    with pytest.raises(ScenarioError, match="unknown difficulty 'tough'"):
        load_scenario(small_path, {"ai.japan.difficulty": "tough"})
