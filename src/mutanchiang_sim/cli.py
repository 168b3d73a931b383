"""The ``mutanchiang`` command line (a contract: see docs and design).

Exit codes: 0 ok, 2 bad input (file, flag, value), 1 internal error. Bad input never prints a
traceback: each problem is one line, ``FILE:LINE:COL: message`` where a file is involved.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from . import __version__


class BadInput(Exception):
    """Bad input from the user: printed as one line per problem, exit code 2."""

    def __init__(self, *lines: str) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _scenario_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="scenario YAML file (default: the bundled Battle of Mutanchiang)")


def split_assignment(item: str, flag: str, form: str) -> tuple[str, str]:
    """``KEY=VALUE`` as ``(key, value)``; BadInput naming ``flag`` when it is not of that form."""
    if "=" not in item:
        raise BadInput(f"{flag}: expected {form}, got {item!r}")
    key, value = item.split("=", 1)
    key = key.strip()
    if not key:
        raise BadInput(f"{flag}: empty key in {item!r}")
    return key, value


def parse_set(values: Sequence[str] | None) -> dict[str, Any]:
    """``KEY=VALUE`` pairs; values are read as YAML scalars (numbers, true/false, strings)."""
    from ruamel.yaml import YAML

    out: dict[str, Any] = {}
    y = YAML(typ="safe", pure=True)
    for item in values or ():
        k, v = split_assignment(item, "--set", "KEY=VALUE")
        try:
            out[k] = y.load(v) if v.strip() else ""
        except Exception:  # noqa: BLE001 - any unreadable value is bad input
            raise BadInput(f"--set: cannot read the value of {k!r}: {v!r}") from None
    return out


def load(path: str | None, overrides: dict[str, Any] | None = None) -> Any:
    from .scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path, overrides)
    except ScenarioError as e:
        raise BadInput(*(str(p) for p in e.problems)) from None


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="mutanchiang", description="The Battle of Mutanchiang, 12-16 August 1945: play, simulate, edit.")
    p.add_argument("--version", action="version", version=f"mutanchiang-sim {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    sp = sub.add_parser("play", help="play in a window (against the computer, hot-seat, or watch)")
    _scenario_arg(sp)
    sp.add_argument("--side", choices=["soviet", "japan", "both", "none"], default="soviet",
                    help="the side(s) you command; the computer plays the rest (default: soviet)")
    sp.add_argument("--load", metavar="SAVE", help="continue a saved game")
    sp.add_argument("--fog", action="store_true",
                    help="fog of war: see enemy units only within 3 hexes of your own")
    sp.add_argument("--screenshot", metavar="PNG", help="render the opening view to PNG and exit")
    sp.add_argument("--seed", type=int, default=None, help="seed of the game (default: random)")
    sp.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")

    sp = sub.add_parser("run", help="one headless AI-vs-AI battle")
    _scenario_arg(sp)
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--json", action="store_true", help="print the run record as JSON")
    sp.add_argument("--soviet", default=None, metavar="POLICY", help="Soviet policy (default: doctrine)")
    sp.add_argument("--japan", default=None, metavar="POLICY", help="Japanese policy (default: doctrine)")
    sp.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a scenario key")
    sp.add_argument("--record", metavar="FILE", help="write a replay file of the game")
    sp.add_argument("--log", action="store_true", help="print the battle's event log")

    sp = sub.add_parser("batch", help="many seeded AI-vs-AI battles, headless")
    _scenario_arg(sp)
    sp.add_argument("--runs", type=int, required=True)
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--workers", type=int, default=None)
    sp.add_argument("--executor", choices=["process", "dask"], default="process")
    sp.add_argument("--scheduler", metavar="ADDR", default=None)
    sp.add_argument("--out", metavar="DIR", default=None)
    sp.add_argument("--resume", action="store_true")
    sp.add_argument("--set", action="append", metavar="KEY=VALUE")
    sp.add_argument("--sweep", action="append", metavar="KEY=V1,V2,...")
    sp.add_argument("--json", action="store_true", help="print summary.json")
    sp.add_argument("--soviet", default=None, metavar="POLICY")
    sp.add_argument("--japan", default=None, metavar="POLICY")

    sp = sub.add_parser("report", help="plots and a Markdown report of a batch's results")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--compare", action="append", metavar="DIR", help="other batches to compare (what-ifs)")

    sp = sub.add_parser("validate", help="check scenario files")
    sp.add_argument("files", nargs="+", metavar="FILE")

    sp = sub.add_parser("schema", help="print the scenario JSON Schema")

    sp = sub.add_parser("new", help="write a small valid starting scenario")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("--width", type=int, default=12)
    sp.add_argument("--height", type=int, default=10)
    sp.add_argument("--force", action="store_true", help="overwrite an existing file")

    sp = sub.add_parser("edit", help="the scenario editor")
    _scenario_arg(sp)
    sp.add_argument("--screenshot", metavar="PNG", help="render the editor's opening view and exit")

    sp = sub.add_parser("replay", help="step through a recorded game")
    sp.add_argument("file", metavar="FILE")
    sp.add_argument("--screenshot", metavar="PNG", help="render the replay's first view and exit")
    return p


def cmd_run(args: argparse.Namespace) -> int:
    from .sim.replay import write_replay
    from .sim.run import default_policies, play_game, run_record

    overrides = parse_set(args.set)
    scenario = load(args.scenario, overrides)
    names = {k: v for k, v in (("soviet", args.soviet), ("japan", args.japan)) if v}
    try:
        policies = default_policies(scenario, names)
    except KeyError as e:
        raise BadInput(str(e.args[0])) from None
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
        from .sim.summary import print_record

        print_record(rec)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .scenario import validate_file

    bad = 0
    for f in args.files:
        problems = validate_file(f)
        for pr in problems:
            print(pr)
        if problems:
            bad += 1
        else:
            print(f"{f}: ok", file=sys.stderr)
    return 2 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .scenario.jsonschema import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2))
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "run":
        return cmd_run(args)
    if cmd == "validate":
        return cmd_validate(args)
    if cmd == "schema":
        return cmd_schema(args)
    if cmd == "batch":
        from .sim.batch_cli import cmd_batch

        return cmd_batch(args)
    if cmd == "report":
        from .sim.report import cmd_report

        return cmd_report(args)
    if cmd == "new":
        from .scenario.template import cmd_new

        return cmd_new(args)
    if cmd == "play":
        from .ui.app import cmd_play

        return cmd_play(args)
    if cmd == "edit":
        from .ui.editor import cmd_edit

        return cmd_edit(args)
    if cmd == "replay":
        from .ui.replay_view import cmd_replay

        return cmd_replay(args)
    raise BadInput(f"unknown command {cmd!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        seed = getattr(args, "seed", None)
        if seed is not None and seed < 0:  # seeds are for numpy's SeedSequence: never negative
            raise BadInput(f"--seed: expected a whole number >= 0, got {seed}")
        return _dispatch(args)
    except BadInput as e:
        for line in e.lines:
            print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - an internal error: one line, exit 1
        import os
        import traceback

        if os.environ.get("MUTANCHIANG_DEBUG"):
            traceback.print_exc()
        print(f"mutanchiang: internal error: {type(e).__name__}: {e} (set MUTANCHIANG_DEBUG=1 for details)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
