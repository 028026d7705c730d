"""Batches: one document per row of a list (CSV/XLSX), validated first, written atomically."""
