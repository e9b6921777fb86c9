"""Structured failures of the readers: every message names the file, sheet, row, column and rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FileRejected(Exception):
    """A whole file cannot be loaded (REJECT_FILE, source-extracts.md §1.11)."""

    source: str
    file_name: str
    rule_id: str
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = f"{self.file_name}!{self.sheet}" if self.sheet else self.file_name
        return f"REJECT_FILE {self.rule_id} {self.source} {where}: {self.message}"


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
