"""Charts for reports (matplotlib, PNG): where a picture says it better than a table.

Grey bars and black text, so that the chart prints like the rest of an official document; a
Times New Roman-like serif where the machine has one (Liberation Serif), else DejaVu Serif, shipped
with matplotlib, which carries every Vietnamese letter.
"""

from __future__ import annotations

import io


def completion_chart(labels: list[str], rates: list[float], title: str) -> bytes:
    """Horizontal bars: the share of due tasks each unit completed (0–1), best at the top."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.family"] = "serif"
    plt.rcParams["font.serif"] = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]

    height = 0.45 * len(labels) + 1.2
    figure, axes = plt.subplots(figsize=(6.3, height), dpi=200)
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, [r * 100 for r in rates], color="0.55", edgecolor="black", linewidth=0.6)
    axes.set_yticks(positions, labels, fontsize=9)
    axes.set_xlim(0, 110)
    axes.set_xlabel("Tỷ lệ nhiệm vụ hoàn thành (%)", fontsize=9)
    if title:
        axes.set_title(title, fontsize=10)
    for bar, rate in zip(bars, rates):
        axes.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2,
                  f"{rate * 100:.0f}%".replace(".", ","), va="center", fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
