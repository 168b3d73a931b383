"""``mutanchiang run``: one headless AI-vs-AI battle and its run record."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .args import ai_args, ai_choices, players_for, scenario_arg
from .outputs import output_path


def add_arguments(p: argparse.ArgumentParser) -> None:
    scenario_arg(p)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print the run record as JSON")
    ai_args(p)
    p.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a scenario key")
    p.add_argument("--record", metavar="FILE", help="write a replay file of the game")
    p.add_argument("--log", action="store_true", help="print the battle's event log")
    p.add_argument("--force", action="store_true", help="let --record replace an existing file that is not a replay")


def run(args: argparse.Namespace) -> int:
    from ..scenario import default_scenario_path, load_scenario
    from ..scenario.overrides import parse_set
    from ..sim.replay import write_replay
    from ..sim.run import play_game, run_record

    if args.record:
        output_path(args.record, "--record", "replay", [args.scenario or default_scenario_path()], args.force)
    overrides = parse_set(args.set)
    names = ai_choices(args)
    scenario = load_scenario(args.scenario, overrides)
    policies = players_for(scenario, names)
    result = play_game(scenario, args.seed, policies, record=bool(args.record or args.log))
    rec = run_record(result.state, args.seed)
    if args.record:
        write_replay(Path(args.record), args.scenario, overrides, names, result)
    if args.log:
        for e in result.events:
            if e.kind not in ("phase", "move"):
                print(f"[{scenario.time_of(e.turn):%d %b %H:%M}] {e.text}")
    if args.json:
        print(json.dumps(rec, indent=2))
    else:
        from ..sim.run import SideInfo
        from ..sim.summary import print_record

        print_record(rec, SideInfo.of(scenario), scenario.name)
    return 0
