"""Charts rendered on the server (PNG), from the same data objects the reports use.

One image serves the web page and the Word/PDF reports; no script runs in the browser.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

_COLORS = ["#7a1f1f", "#1f4e79", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#5d4037", "#757575"]


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[dt.date, Decimal]]


@dataclass(frozen=True)
class ChartData:
    title: str
    unit: str
    series: list[Series]
    marks: list[tuple[dt.date, Decimal, str]]  # target levels: (deadline, level, label)


def _vn(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _x(day: dt.date) -> float:
    """Years on the x axis: the end of year Y is Y; a date inside a year is a fraction after it."""
    if day.month == 12 and day.day == 31:
        return float(day.year)
    return day.year - 1 + day.timetuple().tm_yday / 365.25


def render_png(
    data: ChartData, *, width: float = 8.0, height: float = 3.6, dpi: int = 110
) -> bytes:
    fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
    try:
        for i, s in enumerate(data.series):
            xs = [_x(p[0]) for p in s.points]
            ys = [float(p[1]) for p in s.points]
            ax.plot(
                xs,
                ys,
                marker="o",
                markersize=3,
                linewidth=2 if i == 0 else 1.3,
                color=_COLORS[i % len(_COLORS)],
                label=s.label,
            )
        for n, (day, level, label) in enumerate(data.marks):
            ax.scatter([_x(day)], [float(level)], marker="*", s=120, color="#c62828", zorder=5)
            ax.annotate(
                label,
                (_x(day), float(level)),
                textcoords="offset points",
                xytext=(-40, 10 if n % 2 == 0 else -16),
                fontsize=8,
                color="#c62828",
            )
        ax.set_title(data.title, fontsize=11, loc="left")
        ax.set_ylabel(data.unit, fontsize=9)
        ax.yaxis.set_major_formatter(FuncFormatter(_vn))
        ax.yaxis.set_major_locator(MaxNLocator(6))
        ax.grid(alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{int(v)}"))
        if len(data.series) > 1 or data.marks:
            ax.legend(fontsize=8, frameon=False, loc="best")
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)
