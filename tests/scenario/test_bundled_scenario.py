"""The bundled scenario (scenarios/mutanchiang_1945.yaml): valid, and true to the record's totals."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections import Counter, deque
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from mutanchiang_sim.core.hexgrid import hex_to_offset, offset_to_hex
from mutanchiang_sim.scenario.ranges import extract_ranges
from mutanchiang_sim.scenario.schema import ScenarioFile

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "mutanchiang_1945.yaml"
GENERATOR = ROOT / "tools" / "make_scenario_map.py"

Offset = tuple[int, int]


@pytest.fixture(scope="module")
def scen() -> ScenarioFile:
    data = YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))
    data, _, problems = extract_ranges(data)  # (its sourced ranges at their nominal values, the modes)
    assert problems == []
    return ScenarioFile.model_validate(data)


def neighbours(c: Offset) -> set[Offset]:
    return {hex_to_offset(h) for h in offset_to_hex(*c).neighbors()}


def adjacent(a: list[int] | Offset, b: list[int] | Offset) -> bool:
    return tuple(b) in neighbours((a[0], a[1]))


def river_edges(scen: ScenarioFile, name: str | None = None) -> set[frozenset[Offset]]:
    return {
        frozenset({(e[0], e[1]), (e[2], e[3])})
        for rv in scen.map.rivers
        if name is None or rv.name == name
        for e in rv.edges
    }


def side_units(scen: ScenarioFile, side: str) -> list:  # type: ignore[type-arg]
    return [u for u in scen.units if u.side == side]


# --- the file -------------------------------------------------------------------------------


def test_first_line_points_at_the_schema() -> None:
    first = SCENARIO.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_header(scen: ScenarioFile) -> None:
    assert scen.start.isoformat() == "1945-08-12T06:00:00"
    assert scen.turn_hours == 6 and scen.turns == 20
    assert scen.first_side == "soviet"
    assert scen.city == "Mutanchiang"
    raw = YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))
    assert raw["rules_file"] == "rules/ww2_operational.yaml"
    # its own rules are only what a scenario may set: the Japanese quality, with its source
    assert raw["rules"] == {"nations": {"japan": {"quality": 0.36, "quality_source": raw["rules"]["nations"]["japan"]["quality_source"]}}}
    assert "fitted" in raw["rules"]["nations"]["japan"]["quality_source"]


# --- strengths (the infobox) ----------------------------------------------------------------


def test_soviet_men_match_the_infobox(scen: ScenarioFile) -> None:
    men = sum(u.men for u in side_units(scen, "soviet"))
    assert 290_000 * 0.99 <= men <= 290_000 * 1.01


def test_japanese_men_match_the_infobox(scen: ScenarioFile) -> None:
    men = sum(u.men for u in side_units(scen, "japan"))
    assert 55_000 <= men <= 60_000


def test_tanks(scen: ScenarioFile) -> None:
    assert sum(u.tanks for u in side_units(scen, "japan")) >= 4
    soviet = sum(u.tanks for u in side_units(scen, "soviet"))
    assert soviet >= 700
    assert soviet <= 1_200  # 1,102 tanks and SP guns in one secondary source


def test_guns(scen: ScenarioFile) -> None:
    assert 150 <= sum(u.guns for u in side_units(scen, "japan")) <= 320
    assert 3_000 <= sum(u.guns for u in side_units(scen, "soviet")) <= 6_000


# --- units ----------------------------------------------------------------------------------


def test_unit_ids_unique(scen: ScenarioFile) -> None:
    dupes = [k for k, n in Counter(u.id for u in scen.units).items() if n > 1]
    assert not dupes


def test_units_on_the_map_and_on_passable_ground(scen: ScenarioFile) -> None:
    m = scen.map
    for u in scen.units:
        col, row = u.hex
        assert 0 <= col < m.width and 0 <= row < m.height, u.id
        assert m.terrain[row][col] != "~", f"{u.id} stands in the lake"


def test_stacking_and_no_shared_hexes(scen: ScenarioFile) -> None:
    by_hex: dict[Offset, list[str]] = {}
    for u in scen.units:
        if u.arrives == 0:
            by_hex.setdefault((u.hex[0], u.hex[1]), []).append(u.side)
    for h, sides in by_hex.items():
        assert len(set(sides)) == 1, f"enemies share {h}"
        assert len(sides) <= 3, f"over-stacked at {h}"


def test_armoured_trains_on_rails(scen: ScenarioFile) -> None:
    rail = {tuple(h) for r in scen.map.railways for h in r.hexes}
    trains = [u for u in scen.units if u.kind == "armoured_train"]
    assert len(trains) == 2
    for u in trains:
        assert tuple(u.hex) in rail, u.id


def test_every_unit_has_a_formation(scen: ScenarioFile) -> None:
    for u in scen.units:
        assert u.formation, u.id
        assert 0.6 <= u.readiness <= 1.0, u.id


def test_ai_formations_exist(scen: ScenarioFile) -> None:
    formations = {u.formation for u in scen.units}
    for key in ("bypass_formations", "capture_formations"):
        for f in scen.ai["soviet"][key]:
            assert f in formations


# --- the map --------------------------------------------------------------------------------


def test_terrain_rows(scen: ScenarioFile) -> None:
    m = scen.map
    assert (m.width, m.height, m.hex_km) == (35, 45, 3.0)
    assert len(m.terrain) == m.height
    assert all(len(row) == m.width for row in m.terrain)
    assert set("".join(m.terrain)) <= set(".whmsct~")


def test_routes_are_chains_of_neighbours(scen: ScenarioFile) -> None:
    for route in scen.map.roads + scen.map.railways:
        for a, b in zip(route.hexes, route.hexes[1:], strict=False):
            assert adjacent(a, b), f"{route.name}: {a} -> {b}"


def test_river_edges_join_neighbours(scen: ScenarioFile) -> None:
    for rv in scen.map.rivers:
        for e in rv.edges:
            assert adjacent(e[:2], e[2:]), f"{rv.name}: {e}"


def test_bridges_sit_on_river_edges_under_a_route(scen: ScenarioFile) -> None:
    rivers = river_edges(scen)
    route_edges = {
        frozenset({tuple(a), tuple(b)})
        for route in scen.map.roads + scen.map.railways
        for a, b in zip(route.hexes, route.hexes[1:], strict=False)
    }
    names = [b.name for b in scen.map.bridges]
    assert len(names) == len(set(names))
    for br in scen.map.bridges:
        e = frozenset({tuple(br.between[0]), tuple(br.between[1])})
        assert e in rivers, f"{br.name} crosses no river"
        assert e in route_edges, f"{br.name} carries no road or railway"


def test_routes_cross_rivers_only_at_bridges(scen: ScenarioFile) -> None:
    rivers = river_edges(scen)
    bridged = {frozenset({tuple(b.between[0]), tuple(b.between[1])}) for b in scen.map.bridges}
    for route in scen.map.roads + scen.map.railways:
        for a, b in zip(route.hexes, route.hexes[1:], strict=False):
            e = frozenset({tuple(a), tuple(b)})
            if e in rivers:
                assert e in bridged, f"{route.name} crosses a river without a bridge at {a}-{b}"


def test_the_mudan_cuts_the_city_off_from_the_east(scen: ScenarioFile) -> None:
    """Without its bridges, no path of hexes leads from the Soviet east-edge supply sources to the
    city: the river edges leave no gap. With them, one does."""
    m = scen.map
    mudan = river_edges(scen, "Mudan")
    bridged = {frozenset({tuple(b.between[0]), tuple(b.between[1])}) for b in m.bridges}
    city = next(p for p in m.places if p.name == "Mutanchiang")
    goal = {tuple(h) for h in city.hexes}
    east = [tuple(h) for h in scen.sides["soviet"].supply_sources if h[0] == m.width - 1]
    assert east

    def reachable(allowed: set[frozenset[Offset]]) -> bool:
        seen = set(east)
        todo = deque(east)
        while todo:
            h = todo.popleft()
            if h in goal:
                return True
            for n in neighbours(h):
                if not (0 <= n[0] < m.width and 0 <= n[1] < m.height) or n in seen:
                    continue
                if m.terrain[n[1]][n[0]] == "~":
                    continue
                e = frozenset({h, n})
                if e in mudan and e not in allowed:
                    continue
                seen.add(n)
                todo.append(n)
        return False

    assert not reachable(set())
    assert reachable(bridged)


def test_places(scen: ScenarioFile) -> None:
    m = scen.map
    places = {p.name: p for p in m.places}
    city = places["Mutanchiang"]
    assert city.kind == "city" and 2 <= len(city.hexes) <= 4
    assert city.vp == 30 and city.held_by == "japan"
    for name in ("Hualin", "Yehe", "Linkou", "Muling", "Hailin", "Ning'an", "Mashan", "Ssutaoling"):
        assert name in places, name
    for p in m.places:
        for col, row in p.hexes:
            assert 0 <= col < m.width and 0 <= row < m.height
            assert m.terrain[row][col] != "~", p.name


def test_city_bridges(scen: ScenarioFile) -> None:
    names = {b.name for b in scen.map.bridges}
    for n in ("Mutanchiang east road bridge", "Mutanchiang rail bridge", "Mutanchiang south road bridge",
              "Hualin rail bridge", "Hualin road bridge"):
        assert n in names
    for ev in scen.events:
        for eff in ev.effects:
            if eff.blow_bridge is not None:
                assert eff.blow_bridge in names


def test_sides(scen: ScenarioFile) -> None:
    m = scen.map
    jp = scen.sides["japan"]
    assert jp.exit_requires_order == "withdraw"
    assert jp.exit_zone and all(h[0] <= 2 for h in jp.exit_zone)
    for side in ("soviet", "japan"):
        for col, row in scen.sides[side].supply_sources:
            assert col in (0, m.width - 1) or row in (0, m.height - 1)


def test_orders_in_the_time_line(scen: ScenarioFile) -> None:
    orders = {(e.order.side, e.order.order) for ev in scen.events for e in ev.effects if e.order is not None}
    assert ("japan", "withdraw") in orders
    assert ("soviet", "bypass") in orders


# --- the generator and the loader ---------------------------------------------------------------


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_scenario_map", GENERATOR)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_scenario_map"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_generated_block_is_up_to_date() -> None:
    gen = _generator()
    text = SCENARIO.read_text(encoding="utf-8")
    start = text.index(gen.BEGIN_MARK)
    end = text.index(gen.END_MARK) + len(gen.END_MARK) + 1
    assert text[start:end] == gen.generate(), "rerun tools/make_scenario_map.py"


def test_loads_with_the_engine_loader() -> None:
    from mutanchiang_sim.scenario import load_scenario

    scenario = load_scenario(SCENARIO)
    assert scenario.city == "Mutanchiang"
    assert len(scenario.units) == len(YAML(typ="safe").load(SCENARIO.read_text(encoding="utf-8"))["units"])


def test_the_drawn_totals_stay_within_the_record() -> None:
    """Every draw of the Japanese strengths [est] keeps the totals within the sourced ranges:
    55,000-60,000 men and up to 320 guns [infobox, record]; 4 to 81 armoured cars or tanks."""
    from mutanchiang_sim.scenario import load_scenario

    sc = load_scenario(SCENARIO)
    units = {u.id: u for u in sc.units}
    for figure, lo, hi in (("men", 55_000, 60_000), ("guns", 150, 320), ("tanks", 4, 81)):
        ranged = {u.key.split(".")[1]: u for u in sc.uncertain if u.key.endswith(f".{figure}")}
        assert ranged and all(units[k].side == "japan" for k in ranged)
        fixed = sum(getattr(u, figure) for u in units.values() if u.side == "japan" and u.id not in ranged)
        assert lo <= fixed + sum(u.low for u in ranged.values()) and fixed + sum(u.high for u in ranged.values()) <= hi
