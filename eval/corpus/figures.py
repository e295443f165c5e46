"""Draw the reliability diagram and the precision–recall curve over ``min_confidence`` as SVG.

``eval/accuracy.py`` calls ``write_figures`` with ``confidence_report`` output for the
corpus test split (each article in context) and links the pictures from the README.
Plain SVG, written by hand: no plotting library is needed to rebuild them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

W, H, PAD = 360, 300, 46


def _x(v: float) -> float:
    return PAD + v * (W - PAD - 14)


def _y(v: float) -> float:
    return H - PAD - v * (H - PAD - 24)


def _frame(title: str, xlabel: str, ylabel: str) -> list[str]:
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2}" y="15" text-anchor="middle" font-size="12" font-weight="bold">{title}</text>',
           f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(0)}" stroke="black"/>',
           f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(0)}" y2="{_y(1)}" stroke="black"/>']
    for k in range(0, 11, 2):
        v = k / 10
        out.append(f'<text x="{_x(v)}" y="{_y(0) + 14}" text-anchor="middle">{v:.1f}</text>')
        out.append(f'<text x="{_x(0) - 5}" y="{_y(v) + 4}" text-anchor="end">{v:.1f}</text>')
        out.append(f'<line x1="{_x(0)}" y1="{_y(v)}" x2="{_x(1)}" y2="{_y(v)}" stroke="#eee"/>')
    out.append(f'<text x="{W / 2}" y="{H - 8}" text-anchor="middle">{xlabel}</text>')
    out.append(f'<text x="12" y="{H / 2}" text-anchor="middle" transform="rotate(-90 12 {H / 2})">{ylabel}</text>')
    return out


def reliability_svg(report: dict[str, Any], label: str) -> str:
    """Bars of accuracy per confidence bin against the diagonal of perfect calibration."""
    out = _frame(f"Reliability ({label}), ECE {report['ece']:.3f}", "event confidence", "share of events right")
    out.append(f'<line x1="{_x(0)}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(1)}" stroke="#999" stroke-dasharray="4 3"/>')
    for b in report["bins"]:
        x0, x1 = _x(b["low"]) + 1, _x(b["high"]) - 1
        out.append(f'<rect x="{x0:.1f}" y="{_y(b["accuracy"]):.1f}" width="{x1 - x0:.1f}" '
                   f'height="{_y(0) - _y(b["accuracy"]):.1f}" fill="#4a7ab5" opacity="0.8"/>')
        out.append(f'<circle cx="{_x(b["confidence"]):.1f}" cy="{_y(b["accuracy"]):.1f}" r="2.5" fill="#c0392b"/>')
        out.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{_y(b["accuracy"]) - 3:.1f}" text-anchor="middle" '
                   f'font-size="8">{b["n"]}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def pr_svg(report: dict[str, Any], label: str) -> str:
    """Precision against recall as ``min_confidence`` rises from 0 to 0.95."""
    out = _frame(f"Precision–recall over min_confidence ({label})", "recall", "precision")
    points = [(p["recall"], p["precision"], p["min_confidence"]) for p in report["curve"] if p["events"]]
    if points:
        path = " ".join(f"{'M' if i == 0 else 'L'}{_x(r):.1f},{_y(p):.1f}" for i, (r, p, _) in enumerate(points))
        out.append(f'<path d="{path}" fill="none" stroke="#4a7ab5" stroke-width="2"/>')
        for r, p, t in points[::2]:
            out.append(f'<circle cx="{_x(r):.1f}" cy="{_y(p):.1f}" r="2.5" fill="#4a7ab5"/>')
            out.append(f'<text x="{_x(r) + 4:.1f}" y="{_y(p) - 4:.1f}" font-size="8">{t:.1f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_figures(report: dict[str, Any], folder: Path, label: str) -> list[Path]:
    """Write ``reliability.svg`` and ``precision_recall.svg`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "reliability.svg", folder / "precision_recall.svg"]
    paths[0].write_text(reliability_svg(report, label), encoding="utf-8")
    paths[1].write_text(pr_svg(report, label), encoding="utf-8")
    return paths
