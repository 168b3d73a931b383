"""The what-if variants shipped in scenarios/ move the outcome in honest directions.

Small batches (a dozen seeded battles each) on the bundled scenario and its variants; the full
calibration (>= 500 runs each) is `tools/calibrate.py`, with its output in docs/calibration/."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

import pytest

from mutanchiang_sim.core.rng import run_seed
from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import play_game, run_record

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
RUNS = 12


def _play_batch(name: str, runs: int = RUNS) -> list[dict[str, object]]:
    sc = load_scenario(SCENARIOS / name)
    out = []
    for i in range(runs):
        seed = run_seed(2024, i)
        out.append(run_record(play_game(sc, seed).state, seed))
    return out


@pytest.fixture(scope="session")
def batch(shared_results) -> Callable[..., tuple[dict[str, object], ...]]:  # type: ignore[no-untyped-def]
    """The run records of a dozen battles of a scenario, played once per test run (the base
    battle is compared with every variant, on whichever xdist worker)."""

    def get(name: str, runs: int = RUNS) -> tuple[dict[str, object], ...]:
        # seeds are run_seed(2024, i): a dozen battles are the first dozen of a longer batch of
        # the same scenario, so a scenario is played once, as many times as its longest use
        played = max(runs, LONGEST.get(name, runs))
        recs = shared_results.get(f"whatif-{name}-{played}", lambda: _play_batch(name, played))
        return tuple(recs[:runs])

    return get


def capture_turn(recs: tuple[dict[str, object], ...]) -> float:
    """Mean turn the city falls, counting a city never taken as falling at the end."""
    return statistics.mean(int(r["city_captured_turn"]) if r["city_captured"] else 20 for r in recs)  # type: ignore[call-overload]


def median(recs: tuple[dict[str, object], ...], key: str) -> float:
    return float(statistics.median(float(r[key]) for r in recs))  # type: ignore[arg-type]


def win_rate(recs: tuple[dict[str, object], ...]) -> float:
    return sum(r["winner"] == "soviet" for r in recs) / len(recs)


BASE = "mutanchiang_1945.yaml"
SECOND = "khalkhin_gol_1939.yaml"
LONGEST = {SECOND: 30}  # the runs of a scenario's longest batch below (its shorter ones are its first runs)


@pytest.mark.parametrize("variant", sorted(p.name for p in SCENARIOS.glob("whatif_*.yaml")))
def test_every_variant_loads(variant: str) -> None:
    sc = load_scenario(SCENARIOS / variant)
    assert sc.name != load_scenario(SCENARIOS / BASE).name


def test_no_rain_the_city_falls_sooner(batch) -> None:  # type: ignore[no-untyped-def]
    # dry roads speed the withdrawal too (the order and the rearguard follow the fight): over 60
    # battles the median capture is 2 turns sooner; a dozen show at least half a turn
    assert capture_turn(batch("whatif_no_rain.yaml")) < capture_turn(batch(BASE)) - 0.5


def test_no_withdrawal_order_nobody_gets_away(batch) -> None:  # type: ignore[no-untyped-def]
    assert median(batch("whatif_no_withdrawal.yaml"), "japan_escaped_men") == 0
    assert median(batch(BASE), "japan_escaped_men") > 10000


def test_prewar_japanese_hold_far_better(batch) -> None:  # type: ignore[no-untyped-def]
    prewar = batch("whatif_prewar_japan.yaml")
    assert win_rate(prewar) < win_rate(batch(BASE)) - 0.4
    assert median(prewar, "japan_casualties") < median(batch(BASE), "japan_casualties")


def test_bridges_intact_the_city_falls_sooner(batch) -> None:  # type: ignore[no-untyped-def]
    intact = batch("whatif_bridges_intact.yaml")
    assert median(intact, "bridges_blown") == 0
    assert median(batch(BASE), "bridges_blown") >= 3
    assert capture_turn(intact) < capture_turn(batch(BASE)) - 0.5


def test_the_base_battle_stays_near_the_history(batch) -> None:  # type: ignore[no-untyped-def]
    """A guard on the calibration (docs/calibration.md) with the same dozen battles: broad bands
    around the recorded figures, so that a change to the model that moves the battle far from
    1945 shows up at once (the 500-battle check is tools/calibrate.py)."""
    recs = batch(BASE)
    assert win_rate(recs) >= 0.75
    assert 13.0 <= statistics.median(int(r["city_captured_turn"]) if r["city_captured"] else 20 for r in recs) <= 19.0  # type: ignore[call-overload]
    assert 8000 <= median(recs, "soviet_casualties") <= 16000
    assert 200 <= median(recs, "soviet_tanks_lost") <= 700
    assert 17000 <= median(recs, "japan_casualties") <= 28000
    assert 70 <= median(recs, "japan_guns_lost") <= 140
    assert median(recs, "japan_escaped_men") >= 20000



def cut_off_turn(r: dict[str, object], never: int = 44) -> int:
    turn = int(r["japan_cut_off_turn"])  # type: ignore[call-overload]
    return turn if turn >= 0 else never


def test_the_second_battle_stays_near_its_history(batch) -> None:  # type: ignore[no-untyped-def]
    """Khalkhin Gol on the same global rules (docs/calibration.md, 300 battles): the Soviets
    win, the ring closes round the 23rd of August and few Japanese get out."""
    recs = batch(SECOND, 30)  # (the 30 battles the armour test plays too: a dozen swing the rate by 8 points a battle)
    assert win_rate(recs) >= 0.75
    assert 6 <= statistics.median(cut_off_turn(r) for r in recs) <= 26  # 21 Aug 18:00 - 26 Aug 18:00
    assert median(recs, "japan_escaped_men") <= 6000
    assert 10000 <= median(recs, "japan_casualties") <= 24000


def test_without_the_soviet_armour_the_ring_closes_later_or_not_at_all(batch) -> None:  # type: ignore[no-untyped-def]
    # 30 battles each: when the ring closes varies widely from battle to battle (the first dozen
    # seeds alone once gave the opposite order, 19.5 against 14 turns; 300 and 100 battles give
    # 12 against never, docs/calibration.md)
    base, bare = batch(SECOND, 30), batch("whatif_kg_no_armour.yaml", 30)
    assert statistics.median(cut_off_turn(r) for r in bare) > statistics.median(cut_off_turn(r) for r in base)
    assert win_rate(bare) < win_rate(base)
    assert median(bare, "japan_men_end") > median(base, "japan_men_end")  # more of the Japanese left on the map
