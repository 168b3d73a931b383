"""``mutanchiang new FILE``: a small, valid starting scenario to edit (by hand or with ``edit``).

A river runs north-south through the middle of the map; a road and a railway cross it by two
bridges into a town held by the defenders. Two units a side, a withdrawal order, clear weather.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..atomic import atomic_write_text
from ..core.hexgrid import hex_to_offset, offset_to_hex
from ..errors import BadFlag, BadInput, ScenarioError
from .loader import bundled_scenarios_dir, validate_text

MIN_SIZE, MAX_SIZE = 6, 200


def schema_ref(target: Path) -> str:
    """The ``$schema`` reference for a file written at ``target``: a relative path to the
    project's docs/scenario.schema.json when there is one, else its absolute path."""
    schema = (bundled_scenarios_dir().parent / "docs" / "scenario.schema.json").resolve()
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive
        return schema.as_posix()


def _river_edges(width: int, height: int, col: int) -> list[list[int]]:
    edges = []
    for row in range(height):
        for nb in offset_to_hex(col, row).neighbors():
            c, r = hex_to_offset(nb)
            if c == col + 1 and 0 <= r < height:
                edges.append([col, row, c, r])
    return edges


def _flow(items: list[list[int]]) -> str:
    return "[" + ", ".join("[" + ", ".join(str(x) for x in it) + "]" for it in items) + "]"


def template_text(width: int = 12, height: int = 10, schema: str = "../docs/scenario.schema.json") -> str:
    """The YAML text of a new scenario of ``width`` x ``height`` hexes."""
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        raise ValueError(f"the map must be {MIN_SIZE} to {MAX_SIZE} hexes wide and high")
    rc = width // 2  # the river runs along the east side of this column
    cy = height // 2  # the road's row; the railway runs one row south
    ry = cy + 1
    rows = []
    for r in range(height):
        line = []
        for c in range(width):
            ch = "."
            if r == 0 and c < width - 1:
                ch = "w"  # woods along the north edge
            if r == height - 1 and c > rc + 1:
                ch = "h"  # hills in the south-east
            if (c, r) == (rc - 1, cy):
                ch = "t"
            line.append(ch)
        rows.append("".join(line))
    road = [[c, cy] for c in range(width)]
    rail = [[c, ry] for c in range(width)]
    exit_zone = [[0, r] for r in range(height)]
    terrain = "\n".join(f'    - "{row}"' for row in rows)
    return f"""\
# yaml-language-server: $schema={schema}
#
# A new scenario ({width} x {height} hexes), written by `mutanchiang new`. Check it with
# `mutanchiang validate FILE`, change it with `mutanchiang edit FILE` or by hand; every key is
# described in docs/scenarios.md. Hexes are [col, row]: row 0 is the north edge, column 0 the west
# edge, odd rows are shifted half a hex east.
format: 1
name: "New scenario"
description: >-
  A river crossing: the attackers (soviet) come from the east; the defenders (japan) hold the
  town on the west bank and may withdraw west once ordered.
start: "1945-08-12T06:00:00"
turn_hours: 6
turns: 12
first_side: soviet
city: Rivertown  # the place whose capture decides the battle

map:
  width: {width}
  height: {height}
  hex_km: 3.0
  # . flat  w wooded hills  h hills  m mountains  s marsh  t town  c city  ~ lake (impassable)
  terrain:
{terrain}
  rivers:
    - name: River
      edges: {_flow(_river_edges(width, height, rc))}
  roads:
    - name: Main road
      hexes: {_flow(road)}
  railways:
    - name: Railway
      hexes: {_flow(rail)}
  bridges:
    - {{name: "Road bridge", between: [[{rc}, {cy}], [{rc + 1}, {cy}]]}}
    - {{name: "Rail bridge", between: [[{rc}, {ry}], [{rc + 1}, {ry}]]}}
  fortifications:
    - {{hex: [{rc}, {cy}], level: 1, name: "Bridgehead"}}
  places:
    - {{name: Rivertown, kind: town, hexes: [[{rc - 1}, {cy}]], vp: 10, held_by: japan}}
    - {{name: "East crossing", kind: village, hexes: [[{width - 1}, {cy}]], vp: 1, held_by: soviet}}

sides:
  soviet:
    name: Soviet Union
    adjective: Soviet
    colour: "#b2342a"
    role: attack
    supply_sources: [[{width - 1}, {cy}], [{width - 1}, {ry}]]
  japan:
    name: Japan
    adjective: Japanese
    colour: "#c4aa3e"
    role: defend
    supply_sources: [[0, {cy}], [0, {ry}]]
    exit_zone: {_flow(exit_zone)}
    exit_requires_order: withdraw

weather:
  - {{from_turn: 0, weather: clear}}

units:
  - {{id: sov-1rd, name: 1st Rifle Division, side: soviet, kind: rifle_division, size: division, hex: [{width - 2}, {cy}], men: 9000, guns: 120, vehicles: 200}}
  - {{id: sov-1tb, name: 1st Tank Brigade, side: soviet, kind: tank_brigade, size: brigade, hex: [{width - 2}, {ry}], men: 1200, tanks: 65, vehicles: 100}}
  - {{id: jp-1ir, name: 1st Infantry Regiment, side: japan, kind: infantry_regiment, size: regiment, hex: [{rc}, {cy}], men: 3000, guns: 12, posture: prepared, entrenchment: 1}}
  - {{id: jp-1ib, name: 1st Infantry Battalion, side: japan, kind: infantry_battalion, size: battalion, hex: [{rc - 1}, {cy}], men: 800, guns: 4}}

events:
  - id: withdraw
    text: The defenders are ordered to withdraw west.
    turn: 8
    effects:
      - order: {{side: japan, order: withdraw}}
  - id: road-bridge-blown
    text: The defenders blow the road bridge.
    when: {{side: soviet, holds: [[{rc + 1}, {cy}]]}}
    effects:
      - blow_bridge: Road bridge
"""


def write_template(file: str | Path, width: int, height: int, force: bool = False) -> Path:
    """Write a small valid scenario of ``width`` x ``height`` hexes to ``file`` and return its
    path. BadInput (nothing written) if the file exists and ``force`` is off, its folder is
    missing, the size is out of range or the file could not be written."""
    target = Path(file)
    if target.exists() and not force:
        raise BadInput(f"{target}: already exists (use --force to overwrite)")
    if target.is_dir():
        raise BadInput(f"{target}: is a directory")
    if not target.parent.is_dir():
        raise BadInput(f"{target}: no such folder {str(target.parent)!r}")
    try:
        text = template_text(width, height, schema_ref(target))
    except ValueError as e:
        raise BadFlag(f"--width/--height: {e}") from None
    problems = validate_text(target, text)
    if problems:  # never write an invalid file
        raise ScenarioError(problems)
    try:
        atomic_write_text(target, text)
    except OSError as e:
        raise BadInput(f"{target}: cannot write: {e.strerror}") from None
    return target
