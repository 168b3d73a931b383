"""The learning environment needs the rl extra (in dev too); without it these tests are skipped."""

from __future__ import annotations

import pytest

pytest.importorskip("pettingzoo")
pytest.importorskip("gymnasium")
