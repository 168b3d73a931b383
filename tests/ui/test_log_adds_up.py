"""#17 "How we will know": what the battle log says each attack cost both sides (men, tanks,
guns) adds up to the end screen's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mutanchiang_sim.scenario import load_scenario
from mutanchiang_sim.sim.run import run_record
from mutanchiang_sim.sim.session import GameSession

COST = r"([\d,]+) men(?: \([\d,]+ in the fight\))?(?:, (\d+) tanks?)?(?:, (\d+) guns?)?"
LINE = re.compile(rf"^\d\d \w\w\w \d\d:\d\d\s+(.+?)(?: and others)? attack .*?: ratio .*; attackers lose {COST}; defenders lose {COST}$")
KG = Path(__file__).resolve().parents[2] / "scenarios" / "khalkhin_gol_1939.yaml"


@pytest.mark.parametrize(("which", "seed"), [("small", 1), ("small", 2), ("kg", 3)])
def test_the_logged_costs_add_up_to_the_end_screen(which: str, seed: int, small_path: Path) -> None:
    sc = load_scenario(small_path if which == "small" else KG)
    session = GameSession.start(sc, seed, set())
    session.run_computer()
    side_of = {u.name: u.side for u in session.state.units}
    assert len(side_of) == len(session.state.units)  # names tell the sides apart
    lost = {(s, what): 0 for s in sc.side_ids for what in ("men", "tanks", "guns")}
    attacks = 0
    for _, text in session.log:
        m = LINE.match(text)
        if m is None:
            assert " attack " not in text or "lose" not in text, text  # every attack line is read
            continue
        attacks += 1
        a = side_of[m.group(1)]
        d = sc.other_side(a)
        for side, (men, tanks, guns) in ((a, m.group(2, 3, 4)), (d, m.group(5, 6, 7))):
            lost[side, "men"] += int(men.replace(",", ""))
            lost[side, "tanks"] += int(tanks or 0)
            lost[side, "guns"] += int(guns or 0)
    record = run_record(session.state, seed)
    assert attacks > 0
    for side in sc.side_ids:
        assert (lost[side, "men"], lost[side, "tanks"], lost[side, "guns"]) == (
            record[f"{side}_casualties"], record[f"{side}_tanks_lost"], record[f"{side}_guns_lost"])
