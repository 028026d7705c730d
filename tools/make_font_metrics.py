"""Regenerate docgen/data/serif-widths.json from Liberation Serif 2.

Liberation Serif is metric-compatible with Times New Roman, so its advance widths
stand in for TNR's (which we may not redistribute). Run once when the character set
changes: python tools/make_font_metrics.py /usr/share/fonts/truetype/liberation2
"""
import json
import string
import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

BASE = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐ"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


def character_set() -> str:
    chars = set(string.printable.strip() + " –—“”‘’…¹²³•·×")
    for base in BASE:
        for tone in TONES:
            chars.add(unicodedata.normalize("NFC", base + tone))
    return "".join(sorted(chars))


def main(font_dir: str) -> None:
    styles = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    out = {"units_per_em": 2048, "widths": {}}
    for key, suffix in styles.items():
        font = TTFont(Path(font_dir) / f"LiberationSerif-{suffix}.ttf")
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        assert font["head"].unitsPerEm == 2048
        out["widths"][key] = {c: hmtx[cmap[ord(c)]][0] for c in character_set() if ord(c) in cmap}
    target = Path(__file__).resolve().parents[1] / "docgen" / "data" / "serif-widths.json"
    target.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"wrote {target} ({sum(len(v) for v in out['widths'].values())} widths)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
