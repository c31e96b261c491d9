"""A small server-side SVG bar chart of mentions per month: no JavaScript, no
library, readable by screen readers through its title and per-bar titles."""

from __future__ import annotations

from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, BOTTOM, TOP = 640, 140, 2, 4


def months_between(first: date, last: date) -> list[date]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_svg(points: list[tuple[date, int]], label: str) -> SafeString:
    """Bars for every month from the first to the last with any articles
    (empty months included, so gaps show), then a caption in HTML (text
    inside a scaled SVG is unreadable on a phone); empty when no data."""
    if not points:
        return mark_safe("")
    counts = {(d.year, d.month): n for d, n in points}
    months = months_between(points[0][0], points[-1][0])
    peak = max(counts.values())
    slot = WIDTH / len(months)
    bar = min(max(slot * 0.8, 1), 48)
    plot = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="timeline-title" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-title">{escape(label)}: articles per month, '
        f'{months[0]:%B %Y} to {months[-1]:%B %Y}, at most {peak} in a month</title>',
        f'<line x1="0" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
    ]
    for index, month in enumerate(months):
        n = counts.get((month.year, month.month), 0)
        height = plot * n / peak
        x = index * slot + (slot - bar) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - BOTTOM - height:.1f}" width="{bar:.1f}" height="{height:.1f}">'
            f"<title>{month:%B %Y}: {n} article{'s' if n != 1 else ''}</title></rect>"
        )
    parts.append("</svg>")
    span = f"{months[0]:%B %Y}" + (f" to {months[-1]:%B %Y}" if len(months) > 1 else "")
    parts.append(
        f'<p class="timeline-caption">{span} · at most {peak} article{"s" if peak != 1 else ""} in a month</p>'
    )
    return mark_safe("".join(parts))


def balance_svg(points: list[tuple[date, int, int]], label: str) -> SafeString:
    """Cooperation (up, green) against conflict (down, red) month by month,
    every month from the first to the last shown, with a zero line, a count
    scale on the left, year ticks below, and a title per bar to hover."""
    if not points:
        return mark_safe("")
    by_month = {(d.year, d.month): (up, down) for d, up, down in points}
    months = months_between(points[0][0], points[-1][0])
    peak = max(max(up, down) for _, up, down in points) or 1
    left, width, half = 34, WIDTH - 34, 70
    slot = width / len(months)
    bar = min(max(slot * 0.8, 1), 40)
    # A year label every year_step years, so the labels never overlap (about twelve at most).
    year_step = max(1, -(-(months[-1].year - months[0].year + 1) // 12))
    parts = [
        f'<svg class="balance" viewBox="0 0 {WIDTH} {2 * half + 24}" role="img" aria-labelledby="balance-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="balance-title">{escape(label)}: cooperation and conflict events per month, '
        f'{months[0]:%B %Y} to {months[-1]:%B %Y}</title>',
        f'<line class="axis" x1="{left}" y1="{half}" x2="{WIDTH}" y2="{half}"/>',
        f'<text x="{left - 4}" y="10" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{half + 3}" text-anchor="end">0</text>',
        f'<text x="{left - 4}" y="{2 * half}" text-anchor="end">{peak}</text>',
    ]
    for index, month in enumerate(months):
        up, down = by_month.get((month.year, month.month), (0, 0))
        x = left + index * slot + (slot - bar) / 2
        if up:
            height = (half - 4) * up / peak
            parts.append(
                f'<rect class="coop" x="{x:.1f}" y="{half - height:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>{month:%B %Y}: {up} cooperation event{'s' if up != 1 else ''}</title></rect>"
            )
        if down:
            height = (half - 4) * down / peak
            parts.append(
                f'<rect class="conf" x="{x:.1f}" y="{half:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>{month:%B %Y}: {down} conflict event{'s' if down != 1 else ''}</title></rect>"
            )
        if index == 0 or (month.month == 1 and (month.year - months[0].year) % year_step == 0):
            parts.append(f'<text x="{left + index * slot:.1f}" y="{2 * half + 18}">{month:%Y}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
