"""Scenario files: the schema, loading with located errors, and building the engine's Scenario."""

from .errors import Problem, ScenarioError
from .loader import default_scenario_path, load_scenario, validate_file

__all__ = ["Problem", "ScenarioError", "default_scenario_path", "load_scenario", "validate_file"]
