"""Headless simulation: one game, batches over executors, run records, summaries and reports."""

from .run import GameResult, play_game, run_record

__all__ = ["GameResult", "play_game", "run_record"]
