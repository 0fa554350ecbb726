"""The lineage diagram of a unit as server-rendered SVG (no script, works in reports too)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

BOX_W, BOX_H, GAP_Y, COL_X = 260, 46, 14, (10, 330, 650)


def _box(x: int, y: int, title: str, sub: str, href: str | None, main: bool = False) -> str:
    fill = "#7a1f1f" if main else "#f8f9fa"
    color = "#fff" if main else "#212529"
    title = title if len(title) <= 38 else title[:36] + "…"
    inner = (
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="{fill}" stroke="#7a1f1f"/>'
        f'<text x="{x + 8}" y="{y + 19}" fill="{color}" font-weight="600">{escape(title)}</text>'
        f'<text x="{x + 8}" y="{y + 36}" fill="{color}">{escape(sub)}</text>'
    )
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def lineage_svg(org: Any, name: str, lineage: dict[str, list[Any]]) -> str:
    preds, succs = lineage["predecessors"], lineage["successors"]
    rows = max(len(preds), len(succs), 1)
    height = rows * (BOX_H + GAP_Y) + GAP_Y
    mid_y = (height - BOX_H) // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {COL_X[2] + BOX_W + 10} {height}" '
        f'role="img" aria-label="Sơ đồ nguồn gốc và kế thừa của {escape(name)}">'
    ]
    life = (
        f"{org.valid_from:%d/%m/%Y} – {org.valid_to:%d/%m/%Y}"
        if org.valid_to
        else f"từ {org.valid_from:%d/%m/%Y}"
    )
    for col, items in ((0, preds), (2, succs)):
        for i, link in enumerate(items):
            y = GAP_Y + i * (BOX_H + GAP_Y)
            x = COL_X[col]
            ev = link.event
            sub = f"{ev.get_kind_display()} {ev.effective_date:%d/%m/%Y} · {ev.decision.number}"
            parts.append(_box(x, y, link.name, sub, f"/don-vi/{link.organization.pk}/"))
            x1, y1 = (
                (x + BOX_W, y + BOX_H // 2) if col == 0 else (COL_X[1] + BOX_W, mid_y + BOX_H // 2)
            )
            x2, y2 = (COL_X[1], mid_y + BOX_H // 2) if col == 0 else (x, y + BOX_H // 2)
            parts.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#7a1f1f" stroke-width="1.5"/>'
            )
    parts.append(_box(COL_X[1], mid_y, name, life, None, main=True))
    parts.append("</svg>")
    return "".join(parts)
