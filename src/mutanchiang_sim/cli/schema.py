"""``mutanchiang schema``: the scenario JSON Schema on standard output."""

from __future__ import annotations

import argparse
import json


def add_arguments(p: argparse.ArgumentParser) -> None:
    del p  # no arguments


def run(args: argparse.Namespace) -> int:
    from ..scenario.jsonschema import scenario_json_schema

    print(json.dumps(scenario_json_schema(), indent=2))
    return 0
