"""The batch's progress bars on standard error (shown only on a terminal)."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} battles/s" if speed else "- battles/s", style="progress.data.speed")


def battle_progress(console: Console) -> tuple[Progress, Callable[[int, int], None]]:
    """A progress bar and the ``on_progress(done, total)`` callback that moves it."""
    progress = Progress(
        TextColumn("[bold]battles"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=console, transient=False,
        disable=not console.is_terminal,
    )
    return progress, _mover(progress, "batch")


def setup_progress(console: Console) -> tuple[Progress, Callable[[int, int], None]]:
    """A progress bar for building a sweep's scenarios, and its ``on_point(done, total)``."""
    progress = Progress(
        TextColumn("[bold]sweep scenarios"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("eta"), TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal,
    )
    return progress, _mover(progress, "setup")


def _mover(progress: Progress, name: str) -> Callable[[int, int], None]:
    """The ``(done, total)`` callback that moves ``progress``'s one bar (made on the first call)."""
    task: TaskID | None = None

    def move(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            task = progress.add_task(name, total=total, completed=done)
        else:
            progress.update(task, completed=done)

    return move
