"""PDF: .docx converted by warm LibreOffice processes, checked for its fonts, and signed (ký số)."""
