"""The typed document model: what an administrative document is, independent of any file format."""
