"""docgen: Vietnamese administrative documents (.docx) per Decree 30/2020/NĐ-CP from structured data.

Layers, each a sub-package: readers (files → data) → model (typed document) → render (docx
templates) → checkers.
"""

__version__ = "0.1.0"
