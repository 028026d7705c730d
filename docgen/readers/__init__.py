"""Readers turn files (YAML, JSON; later CSV, XLSX, imported documents) into the document model."""
