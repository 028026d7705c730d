"""Charts for reports (matplotlib, PNG): where a picture says it better than a table.

Grey bars and black text, so that the chart prints like the rest of an official document, in the
document's own face: Times New Roman, or the metric-compatible Liberation Serif. Neither installed is
an error said in Vietnamese — never a silent fall back to another face. Figures are written as the
text writes them (`66,7%`).
"""

from __future__ import annotations

import glob
import io

from docgen import vietnamese as vi
from docgen.errors import LoiMauVanBan

CHART_FONTS = ("Times New Roman", "Liberation Serif")
# where the faces live when matplotlib's font cache predates their install
FONT_FILES = ("/usr/share/fonts/**/LiberationSerif-*.ttf", "/usr/share/fonts/**/Times*New*Roman*.ttf",
              "/usr/share/fonts/**/times*.ttf", "/usr/local/share/fonts/**/*.ttf")


def chart_font() -> str:
    """The first of CHART_FONTS matplotlib can find on this machine (its cache refreshed from the
    system's font folders once if it knows neither)."""
    from matplotlib import font_manager

    for attempt in range(2):
        for family in CHART_FONTS:
            try:
                font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            except ValueError:
                continue
            return family
        if attempt == 0:
            for pattern in FONT_FILES:
                for path in glob.glob(pattern, recursive=True):
                    font_manager.fontManager.addfont(path)
    raise LoiMauVanBan("biểu đồ cần phông Times New Roman hoặc Liberation Serif, máy này chưa có: cài gói "
                       "fonts-liberation2 (Debian, Ubuntu) hoặc phông Times New Roman")


def completion_chart(labels: list[str], rates: list[float], title: str) -> bytes:
    """Horizontal bars: the share of due tasks each unit completed (0–1), best at the top."""
    # matplotlib's object API on the Agg canvas, not pyplot: pyplot's import alone is ≈ 0.1 s (its
    # backends and figure manager), and a report draws one picture and is done with it.
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with rc_context({"font.family": "serif", "font.serif": [chart_font()]}):
        figure = Figure(figsize=(6.3, 0.45 * len(labels) + 1.2), dpi=200)
        FigureCanvasAgg(figure)
        axes = figure.subplots()
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, [r * 100 for r in rates], color="0.55", edgecolor="black", linewidth=0.6)
        axes.set_yticks(positions, labels, fontsize=9)
        axes.set_xlim(0, 110)
        axes.set_xlabel("Tỷ lệ nhiệm vụ hoàn thành (%)", fontsize=9)
        if title:
            axes.set_title(title, fontsize=10)
        for bar, rate in zip(bars, rates):
            axes.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2,
                      vi.percent(rate), va="center", fontsize=8)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
