"""Checkers: read a .docx back and judge it against NĐ 30 (used by the tests and, later, `docgen check`)."""
