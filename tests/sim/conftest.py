"""Fixtures for the batch tests: a copy of the small scenario with a ``history`` section."""

from __future__ import annotations

from pathlib import Path

import pytest

HISTORY = """
history:
  - {metric: soviet_casualties, low: 500, high: 1500, label: Soviet casualties, source: test}
  - {metric: japan_casualties, low: 20000, high: 25000, label: Japanese casualties, source: test}
  - {metric: city_captured_at, low: 12, high: 36, label: The city falls, source: test}
"""


@pytest.fixture()
def history_path(tmp_path: Path, small_path: Path) -> Path:
    p = tmp_path / "valley.yaml"
    p.write_text(small_path.read_text(encoding="utf-8") + HISTORY, encoding="utf-8")
    return p
