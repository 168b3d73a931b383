"""What a sensitivity study shows: a tornado plot (Morris: ``mu_star`` with its 95% interval and
``sigma``) or the Sobol' indices (first-order and total, with intervals), a table printed and
``sensitivity.md`` with a table per output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ..atomic import atomic_write_text
from .run import SideInfo, metric_labels
from .timed import timed_figures

OUTPUT_LABELS = {"city_captured_hours": "hours until the city falls (held: the battle's end)",
                 "city_captured": "share of battles with the city taken"}
SHOWN = 20  # factors a plot or table shows at most


def output_label(name: str, sides: tuple[SideInfo, ...], meta: dict[str, Any] | None = None) -> str:
    """What an output is called: a side's figure, a win rate, or a timed figure of the study's
    scenario (``meta``: its ``batch.json``) as a time ("hours until: Remizov height taken") or a
    rate."""
    labels = {**metric_labels(sides), **{f"{s.id}_win": f"share of {s.label} wins" for s in sides}, **OUTPUT_LABELS}
    for t in timed_figures(meta or {}):
        if t.prefix != "city_captured":
            labels[t.hours] = f"hours until: {t.label} (never: the battle's end)"
            labels[t.prefix] = f"share of battles: {t.label}"
    return labels.get(name, name)


def plot_study(out: Path, method: str, output: str, rows: list[dict[str, Any]], label: str) -> Path:
    """``tornado.png`` (Morris) or ``sobol.png`` (Sobol'), for one output."""
    from .report import _plt, _save

    plt = _plt()
    shown = rows[:SHOWN][::-1]  # the most influential at the top
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(shown) + 1.6))
    ys = list(range(len(shown)))
    names = [r["factor"] for r in shown]
    if method == "morris":
        ax.barh(ys, [r["mu_star"] or 0 for r in shown], xerr=[r["mu_star_conf"] or 0 for r in shown],
                color="#1f4e79", alpha=0.85, capsize=3, label="mu* (mean |elementary effect|, 95% interval)")
        ax.plot([r["sigma"] or 0 for r in shown], ys, "D", color="#c0392b", ms=5, label="sigma (interaction, curvature)")
        ax.set_xlabel(f"effect on {label} (over each factor's range)")
        name, title = "tornado.png", "Morris screening"
    else:
        h = 0.38
        ax.barh([y + h / 2 for y in ys], [r["ST"] or 0 for r in shown], h, xerr=[r["ST_conf"] or 0 for r in shown],
                color="#1f4e79", capsize=3, label="total index ST")
        ax.barh([y - h / 2 for y in ys], [r["S1"] or 0 for r in shown], h, xerr=[r["S1_conf"] or 0 for r in shown],
                color="#f4a742", capsize=3, label="first-order index S1")
        ax.set_xlabel(f"share of the variance of {label}")
        name, title = "sobol.png", "Sobol' indices"
    ax.set_yticks(ys, names, fontsize=8)
    ax.axvline(0, color="grey", lw=0.8)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right", frameon=True, framealpha=0.85)
    return _save(fig, Path(out) / name, f"{title}: what moves the {label}", fontsize=10)


def _cells(method: str, r: dict[str, Any]) -> list[str]:
    def f(x: Any) -> str:
        return "-" if x is None else f"{x:,.3g}"

    if method == "morris":
        return [f(r["mu_star"]), f(r["mu_star_conf"]), f(r["mu"]), f(r["sigma"])]
    return [f(r["S1"]), f(r["S1_conf"]), f(r["ST"]), f(r["ST_conf"])]


def _heads(method: str) -> list[str]:
    return ["mu*", "mu* +-", "mu", "sigma"] if method == "morris" else ["S1", "S1 +-", "ST", "ST +-"]


def print_study(method: str, output: str, rows: list[dict[str, Any]], label: str, console: Console | None = None) -> None:
    c = console or Console()
    t = Table(title=f"{'Morris' if method == 'morris' else 'Sobol'}: {label} (most influential first)")
    t.add_column("factor")
    for h in _heads(method):
        t.add_column(h, justify="right")
    for r in rows[:SHOWN]:
        t.add_row(r["factor"], *_cells(method, r))
    c.print(t)


def write_markdown(out: Path, doc: dict[str, Any], sides: tuple[SideInfo, ...], image: str | None,
                   meta: dict[str, Any] | None = None) -> Path:
    study = doc["study"]
    method = study["method"]
    lines = [f"# Sensitivity study ({'Morris' if method == 'morris' else 'Sobol'})", "",
             f"- {len(study['factors'])} factors, {doc['design_points']:,} design points x {study['reps']} seeds "
             f"= {doc['battles']:,} battles; seed {study['seed']}",
             "- A time counts \"never\" (a city that held) as the battle's end.", ""]
    if image:
        lines += [f"![{method}]({image})", ""]
    lines += ["## Factors", "", "| factor | low | high |", "|---|---:|---:|"]
    lines += [f"| `{f['key']}` | {f['low']:g} | {f['high']:g} |" for f in study["factors"]]
    for output, rows in (doc.get("results") or {}).items():
        lines += ["", f"## {output_label(output, sides, meta)} (`{output}`)", "",
                  "| factor | " + " | ".join(_heads(method)) + " |", "|---|" + "---:|" * 4]
        lines += [f"| `{r['factor']}` | " + " | ".join(_cells(method, r)) + " |" for r in rows]
    path = Path(out) / "sensitivity.md"
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path
