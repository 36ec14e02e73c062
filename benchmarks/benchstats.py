"""Median, p90 and range of the harness's per-edit figures, printed as a Markdown table."""

import math
import statistics

FIGURES = [
    ("applied_ms", "save to applied (goal's applied line)"),
    ("marker_ms", "save to first app line with the new text"),
    ("goal_build_ms", "the goal's own build (its \"Build finished in\" figure)"),
    ("cargo_build_ms", "alternative: cargo build"),
    ("restart_ms", "alternative: start until first line"),
    ("cargo_total_ms", "alternative: cargo build + restart"),
]


def p90(values):
    """Nearest-rank 90th percentile: the smallest value that at least 90 % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def summarize(values):
    return {"n": len(values), "median": statistics.median(values), "p90": p90(values),
            "min": min(values), "max": max(values)}


def row(label, values):
    stats = summarize(values)
    return (f"| {label} | {stats['n']} | {stats['median']:.0f} | {stats['p90']:.0f} "
            f"| {stats['min']:.0f}–{stats['max']:.0f} |")


def report(name, rows):
    """Format the table of `rows`, one dict per measured edit, under the heading `name`."""
    lines = [f"### {name}", "", "| figure (ms) | n | median | p90 | min–max |", "| --- | --- | --- | --- | --- |"]
    for key, label in FIGURES:
        values = [r[key] for r in rows if key in r]
        if values:
            lines.append(row(label, values))
    milestones = {}
    for r in rows:
        for name, ms in r.get("milestones_ms", {}).items():
            milestones.setdefault(name, []).append(ms)
    for name, values in milestones.items():
        lines.append(row(f"save to the goal's line: {name}", values))
    parts = {}
    for r in rows:
        for part, ms in r.get("parts_ms", {}).items():
            parts.setdefault(part, []).append(ms)
    for part, values in parts.items():
        lines.append(row(f"goal's timing line: {part}", values))

    loads = [r["load1"] for r in rows if "load1" in r]
    if loads:
        lines += ["", f"1-minute load average during the edits: {min(loads):.1f}–{max(loads):.1f}"]
    key = "applied_ms" if any("applied_ms" in r for r in rows) else "marker_ms"
    hot = [r[key] for r in rows if key in r]
    cold = [r["cargo_total_ms"] for r in rows if "cargo_total_ms" in r]
    if hot and cold:
        ratio = statistics.median(cold) / statistics.median(hot)
        lines += ["", f"median of cargo build + restart / median of {dict(FIGURES)[key]}: {ratio:.2f}"]
    return "\n".join(lines)
