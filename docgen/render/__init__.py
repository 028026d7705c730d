"""Renderers: the document model through docx templates into .docx files."""
