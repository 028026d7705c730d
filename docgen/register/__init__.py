"""The outgoing-document register: real numbers, never duplicated (NĐ 30 Điều 15)."""
