"""The set of run numbers a batch folder already holds, one bit a run (a resume of millions of
rows keeps a few hundred kilobytes, not a Python set of millions of ints)."""

from __future__ import annotations


class RunSet:
    """Run numbers from 0 up, as a growing bitmap: ``in``, ``add``, ``len``, ``max``."""

    def __init__(self) -> None:
        self._bits = bytearray()
        self._count = 0
        self._highest = -1

    def add(self, run: int) -> None:
        if run < 0:
            raise ValueError(f"run numbers are >= 0, got {run}")
        byte, bit = divmod(run, 8)
        if byte >= len(self._bits):
            self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits))))
        if not self._bits[byte] >> bit & 1:
            self._bits[byte] |= 1 << bit
            self._count += 1
            self._highest = max(self._highest, run)

    def __contains__(self, run: object) -> bool:
        if not isinstance(run, int) or run < 0:
            return False
        byte, bit = divmod(run, 8)
        return byte < len(self._bits) and bool(self._bits[byte] >> bit & 1)

    def __len__(self) -> int:
        return self._count

    def max(self) -> int:
        """The highest run number held; ValueError when there is none."""
        if self._highest < 0:
            raise ValueError("no runs")
        return self._highest


__all__ = ["RunSet"]
