"""From a schema-valid ``ScenarioFile`` to the engine's ``Scenario``, with the semantic checks
that pydantic cannot make (hexes on the map, known terrain codes, adjacency, references)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.record_columns import derived_columns, record_columns
from ..core.scenario_def import Condition, Effect, EventSpec, Scenario, SideSpec, Trigger
from ..core.terrain import Bridge, GameMap, Place, edge_key, neighbor_table, set_edge
from ..core.units import Unit
from .cross_checks import Report, check_ai, check_orders, hint, unique
from .schema import EffectModel, ScenarioFile, WhenModel


def build_scenario(f: ScenarioFile, sha: str, report: Report, incomplete: frozenset[str] = frozenset()) -> Scenario:
    """The engine's scenario from a schema-valid file; every semantic problem goes to ``report``.

    ``incomplete`` names the lists (``units``, ``map.bridges``...) from which items with schema
    errors were dropped: checks that would then give false alarms (a reference to a dropped
    bridge, a side left without units) are skipped."""
    b = _Builder(f, report, incomplete)
    gmap = b.game_map()
    sides = b.sides(gmap)
    first_side = f.first_side if f.first_side in sides else next(iter(sides), "")
    weather, wet = b.weather()
    units = b.units(gmap)
    events = b.events(gmap)
    b.final_checks()
    return Scenario(
        name=f.name, map=gmap, rules=f.rules, units=tuple(units), events=tuple(events), sides=sides,
        start=f.start, turn_hours=f.turn_hours, turns=f.turns, first_side=first_side,
        weather=tuple(weather), wet_ground=tuple(wet), city=f.city, ai=dict(f.ai),
        description=f.description, source_sha256=sha,
        history=tuple((h.metric, h.low, h.high, h.label, h.source) for h in f.history),
    )


Loc = tuple[Any, ...]

DEFAULT_COLOURS = ("#b2342a", "#c4aa3e")  # a side's counters when the file gives no colour


def declared_sides(f: ScenarioFile) -> list[str]:
    """The ids of the file's sides, in order: those ``sides`` declares, then (a file from before
    sides were declared) ``first_side`` and the sides its units and places name."""
    ids = list(f.sides)
    if len(ids) >= 2:
        return ids
    named = [f.first_side] if f.first_side else []
    named += [u.side for u in f.units] + [p.held_by for p in f.map.places if p.held_by]
    for side in named:
        if side not in ids and len(ids) < 2:
            ids.append(side)
    return ids


class _Builder:
    """The steps of :func:`build_scenario`, each checking and building one part of the file."""

    def __init__(self, f: ScenarioFile, report: Report, incomplete: frozenset[str]) -> None:
        self.f = f
        self.report = report
        self.incomplete = incomplete
        self.w, self.h = f.map.width, f.map.height
        self.nbr = neighbor_table(self.w, self.h)
        self.cancelled: list[tuple[Loc, str, str]] = []
        self.place_names: list[str] = []
        self.bridge_names: list[str] = []
        self.side_ids: list[str] = []

    def idx(self, hexref: list[int], loc: Loc) -> int | None:
        """The flat index of a ``[col, row]`` hex, or None (reported) when it is off the map."""
        col, row = hexref
        if not (0 <= col < self.w and 0 <= row < self.h):
            self.report(loc, f"hex [{col}, {row}] is off the map ({self.w}x{self.h})")
            return None
        return row * self.w + col

    def adjacent(self, a: int, b: int) -> bool:
        return b in self.nbr[a]

    # --- the map ------------------------------------------------------------------------------
    def terrain(self) -> np.ndarray:
        mp, report, w, h = self.f.map, self.report, self.w, self.h
        codes = list(self.f.rules.terrain)
        code_index = {c: k for k, c in enumerate(codes)}
        for c in codes:
            if len(c) != 1:
                report(("rules", "terrain", c), "a terrain code is exactly one character")
        terrain = np.zeros((h, w), dtype=np.int8)
        if len(mp.terrain) != h:
            report(("map", "terrain"), f"has {len(mp.terrain)} rows, the map is {h} high")
        for row, line in enumerate(mp.terrain[:h]):
            if len(line) != w:
                report(("map", "terrain", row), f"row {row} has {len(line)} columns, the map is {w} wide")
            for col, ch in enumerate(line[:w]):
                k = code_index.get(ch)
                if k is None:
                    report(("map", "terrain", row), f"unknown terrain code {ch!r} at column {col} (known: {''.join(codes)})")
                else:
                    terrain[row, col] = k
        return terrain

    def edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """River, road and railway edges as (N, 6) boolean layers."""
        mp, report, nbr = self.f.map, self.report, self.nbr
        n = self.w * self.h
        river = np.zeros((n, 6), dtype=bool)
        road = np.zeros((n, 6), dtype=bool)
        rail = np.zeros((n, 6), dtype=bool)
        for ri, rv in enumerate(mp.rivers):
            for ei, e in enumerate(rv.edges):
                loc = ("map", "rivers", ri, "edges", ei)
                a, b = self.idx(e[:2], loc), self.idx(e[2:], loc)
                if a is None or b is None:
                    continue
                if not self.adjacent(a, b):
                    report(loc, f"[{e[0]}, {e[1]}] and [{e[2]}, {e[3]}] are not neighbours")
                    continue
                set_edge(river, nbr, a, b)
        for key, layer in (("roads", road), ("railways", rail)):
            for ri, route in enumerate(getattr(mp, key)):
                prev: int | None = None
                for hi, hexref in enumerate(route.hexes):
                    hloc = ("map", key, ri, "hexes", hi)
                    i = self.idx(hexref, hloc)
                    if i is not None and prev is not None:
                        if not self.adjacent(prev, i):
                            report(hloc, f"{route.name}: hex {hexref} does not touch the one before it")
                        else:
                            set_edge(layer, nbr, prev, i)
                    prev = i
        return river, road, rail

    def bridges(self, river: np.ndarray) -> list[Bridge]:
        mp, report = self.f.map, self.report
        bridges = []
        for bi, br in enumerate(mp.bridges):
            loc = ("map", "bridges", bi, "between")
            a, b = self.idx(br.between[0], loc), self.idx(br.between[1], loc)
            if a is None or b is None:
                continue
            if not self.adjacent(a, b):
                report(loc, f"bridge {br.name!r}: the two hexes are not neighbours")
                continue
            d = int(np.where(self.nbr[a] == b)[0][0])
            if not river[a, d] and "map.rivers" not in self.incomplete:
                report(loc, f"bridge {br.name!r} does not cross a river")
            bridges.append(Bridge(br.name, edge_key(a, b), br.intact))
        unique(report, [(("map", "bridges", k, "name"), b.name) for k, b in enumerate(mp.bridges)], "bridge name")
        self.bridge_names = [b.name for b in bridges]
        return bridges

    def places(self) -> list[Place]:
        mp = self.f.map
        places = []
        for pi, pl in enumerate(mp.places):
            found = [self.idx(x, ("map", "places", pi, "hexes", k)) for k, x in enumerate(pl.hexes)]
            places.append(Place(pl.name, tuple(i for i in found if i is not None), pl.kind, pl.vp, pl.held_by or ""))
        self.place_names = [p.name for p in places]
        unique(self.report, [(("map", "places", k, "name"), p.name) for k, p in enumerate(mp.places)], "place name")
        return places

    def geo(self) -> tuple[float, float, float, float]:
        g = self.f.map.geo
        if g is None:
            return (0.0, 0.0, 0.0, 0.0)
        if g.lon_min >= g.lon_max:
            self.report(("map", "geo", "lon_max"), "lon_max must be greater than lon_min")
        if g.lat_min >= g.lat_max:
            self.report(("map", "geo", "lat_max"), "lat_max must be greater than lat_min")
        return (g.lon_min, g.lat_min, g.lon_max, g.lat_max)

    def game_map(self) -> GameMap:
        f, mp, report = self.f, self.f.map, self.report
        terrain = self.terrain()
        river, road, rail = self.edges()
        bridges = self.bridges(river)
        fort = np.zeros(self.w * self.h, dtype=np.int8)
        fort_locs: list[tuple[Loc, int]] = []
        for fi, fo in enumerate(mp.fortifications):
            i = self.idx(fo.hex, ("map", "fortifications", fi, "hex"))
            if i is not None:
                fort[i] = max(int(fort[i]), fo.level)
                fort_locs.append((("map", "fortifications", fi, "hex"), i))
        places = self.places()
        gmap = GameMap(
            width=self.w, height=self.h, terrain_codes=list(f.rules.terrain), terrain_rules=list(f.rules.terrain.values()),
            terrain=terrain, hex_km=mp.hex_km, river=river, road=road, rail=rail, fort=fort, bridges=tuple(bridges),
            places=tuple(places), geo=self.geo(),
        )
        for pi, place in enumerate(places):
            for k, i in enumerate(place.hexes):
                if not gmap.passable[i]:
                    report(("map", "places", pi, "hexes", k), f"{place.name} lies on impassable terrain")
        for floc, i in fort_locs:
            if not gmap.passable[i]:
                report(floc, "a fortification on impassable terrain")
        if f.city and f.city not in self.place_names and "map.places" not in self.incomplete:
            report(("city",), f"no place named {f.city!r}{hint(f.city, self.place_names)}")
        return gmap

    # --- sides, weather, units, events ------------------------------------------------------
    def sides(self, gmap: GameMap) -> dict[str, SideSpec]:
        f = self.f
        ids = declared_sides(f)
        self.side_ids = ids
        if len(ids) != 2:
            where = ("sides",) if f.sides else ()
            self.report(where, f"a battle has exactly two sides; this file has {len(ids)}"
                               + (f" ({', '.join(ids)})" if ids else ""))
        first = f.first_side if f.first_side in ids else (ids[0] if ids else "")
        if f.first_side and f.first_side not in ids:
            self.report(("first_side",), self.unknown_side(f.first_side))
        given: dict[str, str] = {s: sm.role for s, sm in f.sides.items() if s in ids and sm.role}
        sides: dict[str, SideSpec] = {}
        for k, side in enumerate(ids):
            sm = f.sides.get(side)
            role = given.get(side) or self.default_role(side, first, given)
            if sm is None:
                name = side.capitalize()
                sides[side] = SideSpec(side, name, name, DEFAULT_COLOURS[k % 2], role)
                continue
            src = [self.idx(x, ("sides", side, "supply_sources", k)) for k, x in enumerate(sm.supply_sources)]
            ez = [self.idx(x, ("sides", side, "exit_zone", k)) for k, x in enumerate(sm.exit_zone)]
            for key, found in (("supply_sources", src), ("exit_zone", ez)):
                for j, i in enumerate(found):
                    if i is not None and not gmap.passable[i]:
                        self.report(("sides", side, key, j), f"hex {getattr(sm, key)[j]} is on impassable terrain")
            name = sm.name or side.capitalize()
            sides[side] = SideSpec(
                side, name, sm.adjective or name, (sm.colour or DEFAULT_COLOURS[k % 2]).lower(), role,
                tuple(i for i in src if i is not None), tuple(i for i in ez if i is not None), sm.exit_requires_order,
            )
        return sides

    @staticmethod
    def default_role(side: str, first: str, given: dict[str, str]) -> str:
        """A side without a role: the opposite of the other's, else "attack" for the side that
        moves first and "defend" for the other."""
        other = [r for s, r in given.items() if s != side]
        if other:
            return "defend" if other[0] == "attack" else "attack"
        return "attack" if side == first else "defend"

    def unknown_side(self, side: str) -> str:
        return f"unknown side {side!r} (sides: {', '.join(self.side_ids)}){hint(side, self.side_ids)}"

    def check_side(self, loc: Loc, side: str) -> None:
        """Report ``side`` at ``loc`` unless it is one of the declared sides."""
        if side not in self.side_ids:
            self.report(loc, self.unknown_side(side))

    def weather(self) -> tuple[list[str], list[bool]]:
        """The weather and wet-ground flag of every turn."""
        f, report, known = self.f, self.report, self.f.rules.weather
        weather: list[str] = []
        wet: list[bool] = []
        periods = sorted(f.weather, key=lambda p: p.from_turn)
        for wi, wp in enumerate(f.weather):
            if wp.weather not in known:
                report(("weather", wi, "weather"), f"unknown weather {wp.weather!r}{hint(wp.weather, list(known))}")
            if wp.from_turn >= f.turns:
                report(("weather", wi, "from_turn"), f"turn {wp.from_turn} is after the last turn ({f.turns - 1})")
        unique(report, [(("weather", k, "from_turn"), wp.from_turn) for k, wp in enumerate(f.weather)], "weather from_turn")
        if periods and periods[0].from_turn != 0 and "weather" not in self.incomplete:
            first = f.weather.index(periods[0])
            report(("weather", first, "from_turn"), "the first weather period must start at turn 0")
        if periods and all(p.weather in known for p in periods):
            for t in range(f.turns):
                cur = periods[0]
                for p in periods:
                    if p.from_turn <= t:
                        cur = p
                weather.append(cur.weather)
                wet.append(cur.wet_ground)
        return weather, wet

    def units(self, gmap: GameMap) -> list[Unit]:
        f, report, rules = self.f, self.report, self.f.rules
        units: list[Unit] = []
        seen: dict[str, int] = {}
        occupied: dict[int, list[Unit]] = {}
        for ui, um in enumerate(f.units):
            loc: Loc = ("units", ui)
            if um.id in seen:
                report(loc + ("id",), f"duplicate unit id {um.id!r} (first at units[{seen[um.id]}])")
                continue
            seen[um.id] = ui
            if um.side not in self.side_ids:
                report(loc + ("side",), self.unknown_side(um.side))
                continue
            if um.kind not in rules.kinds:
                report(loc + ("kind",), f"unknown unit kind {um.kind!r}{hint(um.kind, list(rules.kinds))}")
                continue
            i = self.idx(um.hex, loc + ("hex",))
            if i is None:
                continue
            if not gmap.passable[i]:
                report(loc + ("hex",), f"{um.id} stands on impassable terrain ({gmap.terrain_rule(i).name}) at {um.hex}")
                continue
            if rules.kinds[um.kind].rail_only and i not in gmap.rail_hexes and "map.railways" not in self.incomplete:
                report(loc + ("hex",), f"{um.id} runs on rails but {um.hex} has no railway")
            u = Unit(
                id=um.id, name=um.name, side=um.side, kind=um.kind, size=um.size, hex=i, men=um.men, tanks=um.tanks,
                guns=um.guns, vehicles=um.vehicles, formation=um.formation, corps=um.corps, quality=um.quality,
                readiness=um.readiness, posture=um.posture, entrenchment=um.entrenchment, arrives=um.arrives,
                tags=tuple(um.tags),
            )
            if um.arrives == 0:
                here = occupied.setdefault(i, [])
                if here and here[0].side != u.side:
                    report(loc + ("hex",), f"{um.id} shares hex {um.hex} with enemy unit {here[0].id}")
                elif len(here) >= rules.movement.stacking_limit:
                    report(loc + ("hex",), f"more than {rules.movement.stacking_limit} units in hex {um.hex}")
                here.append(u)
            if um.arrives >= f.turns:
                report(loc + ("arrives",), f"arrives on turn {um.arrives}, after the last turn ({f.turns - 1})")
            units.append(u)
        return units

    def events(self, gmap: GameMap) -> list[EventSpec]:
        f, report = self.f, self.report
        events = []
        ev_ids: set[str] = set()
        for ei, em in enumerate(f.events):
            loc: Loc = ("events", ei)
            if em.id in ev_ids:
                report(loc + ("id",), f"duplicate event id {em.id!r}")
            ev_ids.add(em.id)
            if em.turn is not None and em.turn >= f.turns:
                report(loc + ("turn",), f"turn {em.turn} is after the last turn ({f.turns - 1})")
            if em.not_before >= f.turns:
                report(loc + ("not_before",), f"turn {em.not_before} is after the last turn ({f.turns - 1})")
            whens = [] if em.when is None else em.when if isinstance(em.when, list) else [em.when]
            conditions: list[Condition] = []
            for k, wm in enumerate(whens):
                wloc = loc + (("when", k) if isinstance(em.when, list) else ("when",))
                conditions += self.conditions(gmap, wloc, wm)
            effects = [self.effect(loc + ("effects", k), eff) for k, eff in enumerate(em.effects)]
            events.append(EventSpec(em.id, Trigger(em.turn, not_before=em.not_before, conditions=tuple(conditions)),
                                    tuple(effects), em.text))
        return events

    def _place_hexes(self, gmap: GameMap, loc: Loc, name: str) -> list[int]:
        if name not in self.place_names:
            if "map.places" not in self.incomplete:
                self.report(loc, f"no place named {name!r}{hint(name, self.place_names)}")
            return []
        return list(gmap.place_named(name).hexes)

    def conditions(self, gmap: GameMap, loc: Loc, wm: WhenModel) -> list[Condition]:
        """The conditions one ``when`` mapping states (each located error reported)."""
        report = self.report
        kinds = [k for k, on in (("holds", bool(wm.holds) or wm.place is not None),
                                 ("near", wm.near_place is not None or wm.near_exit_of is not None),
                                 ("losses", wm.lost_share is not None)) if on]
        if not kinds:
            report(loc, "a when needs the hexes or the place it holds, a place or exit zone it comes near, or a lost_share")
            return []
        if len(kinds) > 1:
            report(loc, f"a when states one condition ({' or '.join(kinds)}); give a list for several")
            return []
        side = wm.side
        self.check_side(loc + ("side",), side)
        if kinds[0] == "holds":
            hexes: list[int] = []
            for k, x in enumerate(wm.holds):
                i = self.idx(x, loc + ("holds", k))
                if i is not None:
                    hexes.append(i)
            if wm.place is not None:
                hexes += self._place_hexes(gmap, loc + ("place",), wm.place)
            return [Condition("holds", side, tuple(hexes))]
        if kinds[0] == "near":
            if wm.near_place is not None and wm.near_exit_of is not None:
                report(loc, "a when comes near a place or an exit zone, not both")
                return []
            if wm.within <= 0:
                report(loc + ("within",), "near_place and near_exit_of need within: the number of hexes (1 or more)")
                return []
            if wm.near_place is not None:
                hexes = self._place_hexes(gmap, loc + ("near_place",), wm.near_place)
            else:
                if wm.near_exit_of is not None:
                    self.check_side(loc + ("near_exit_of",), wm.near_exit_of)
                sm = self.f.sides.get(wm.near_exit_of) if wm.near_exit_of is not None else None
                hexes = [row * self.w + col for col, row in (sm.exit_zone if sm else [])
                         if 0 <= col < self.w and 0 <= row < self.h]  # off-map ones are reported under sides
                if not hexes:
                    report(loc + ("near_exit_of",), f"side {wm.near_exit_of!r} has no exit zone")
            return [Condition("near", side, tuple(hexes), within=wm.within)]
        return [Condition("losses", side, share=float(wm.lost_share or 0.0))]

    def effect(self, eloc: Loc, eff: EffectModel) -> Effect:
        if eff.blow_bridge is not None or eff.repair_bridge is not None:
            name = eff.blow_bridge if eff.blow_bridge is not None else eff.repair_bridge
            assert name is not None
            kind = "blow_bridge" if eff.blow_bridge is not None else "repair_bridge"
            if name not in self.bridge_names and "map.bridges" not in self.incomplete:
                self.report(eloc + (kind,), f"no bridge named {name!r}{hint(name, self.bridge_names)}")
            return Effect(kind, {"bridge": name})
        for key in ("order", "cancel_order", "quality"):
            ref = getattr(eff, key)
            if ref is not None:
                self.check_side(eloc + (key, "side"), ref.side)
        if eff.order is not None:
            return Effect("order", eff.order.model_dump())
        if eff.cancel_order is not None:
            self.cancelled.append((eloc + ("cancel_order", "order"), eff.cancel_order.side, eff.cancel_order.order))
            return Effect("cancel_order", eff.cancel_order.model_dump())
        if eff.quality is not None:
            return Effect("quality", eff.quality.model_dump())
        return Effect("message", {"text": eff.message or ""})

    def final_checks(self) -> None:
        """Checks across the file: nations, orders given, sides with units, AI, history."""
        f, report = self.f, self.report
        for side in self.side_ids:
            if side not in f.rules.nations:
                report(("rules", "nations"), f"no nation rules for {side}")
        for pi, pl in enumerate(f.map.places):
            if pl.held_by:
                self.check_side(("map", "places", pi, "held_by"), pl.held_by)
        if "events" not in self.incomplete:
            check_orders(f, self.cancelled, report)
        if "units" not in self.incomplete:
            undeclared = sorted({u.side for u in f.units} - set(self.side_ids))
            for side in self.side_ids:
                if not any(u.side == side for u in f.units):
                    said = hint(side, undeclared)  # (a misspelt id under sides: said there)
                    report(("sides", side) if said and side in f.sides else ("units",), f"the {side} side has no units{said}")
        check_ai(f, self.side_ids, report)
        objectives = [p.name for p in f.map.places if p.vp > 0 and p.held_by]  # (victory.objectives)
        columns = record_columns(self.side_ids, objectives)
        columns += derived_columns(columns)
        for hi, hf in enumerate(f.history):
            if hf.metric not in columns:
                report(("history", hi, "metric"), f"no run-record column {hf.metric!r}{hint(hf.metric, columns)}")
            if hf.low > hf.high:
                report(("history", hi, "high"), f"high ({hf.high}) is below low ({hf.low})")
