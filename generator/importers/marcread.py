"""Reading ISO 2709 MARC files record by record, accounting for every one.

pymarc's reader turns a record it cannot parse into ``None`` and moves on, and decodes by
the leader's encoding flag alone. Catalogues exported from old systems break both: records
with a wrong length or directory, UTF-8 text whose leader still says MARC-8 (position 9
blank), and records in a Windows code page that MARC-8 turns into rows of combining marks.
Here every record is read from its own bytes, its encoding decided from those bytes, and
every record that is not imported is reported with its number, its byte offset and why.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pymarc

RECORD_END = b"\x1d"
#: A decoded record whose letters are mostly combining marks was not MARC-8 to begin with.
COMBINING_SHARE = 0.25


@dataclass
class Reading:
    records: list[tuple[int, pymarc.Record]] = field(default_factory=list)  # (number in file, record)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # (number, byte offset, why): not imported
    repairs: list[tuple[int, str]] = field(default_factory=list)  # (number, what was repaired)


def read_binary(path: Path) -> Reading:
    data = path.read_bytes()
    reading = Reading()
    offset, number = 0, 0
    while offset < len(data):
        if data[offset:].strip(b"\x1a\r\n\t \x00") == b"":
            break  # trailing padding (a DOS end-of-file mark, blank lines)
        number += 1
        end = data.find(RECORD_END, offset)
        declared = data[offset:offset + 5]
        if declared.isdigit() and int(declared) >= 24 and data[offset + int(declared) - 1:offset + int(declared)] \
                == RECORD_END:
            end = offset + int(declared) - 1
        if end < 0:
            reading.problems.append((number, offset, "the file ends inside this record (no record terminator)"))
            break
        chunk = data[offset:end + 1]
        record, why, repair = decode(chunk)
        if record is None:
            reading.problems.append((number, offset, why))
        else:
            reading.records.append((number, record))
            if repair:
                reading.repairs.append((number, repair))
        offset = end + 1
    return reading


def decode(chunk: bytes) -> tuple[pymarc.Record | None, str, str]:
    """(record, why it could not be read, what was repaired) for one record's bytes."""
    if len(chunk) < 25 or not chunk[:5].isdigit():
        return None, "no record leader (the first five bytes are not the record's length)", ""
    if int(chunk[:5]) != len(chunk):
        # The length is a count of bytes; a record re-encoded by another program (UTF-8
        # written over MARC-8) keeps its old count. pymarc reads by the directory, so go on.
        length_note = f"the leader's length ({int(chunk[:5])}) is not the record's ({len(chunk)})"
    else:
        length_note = ""
    flag = chunk[9:10]
    repair = ""
    if _is_utf8(chunk):
        # MARC-8 text is almost never valid UTF-8 (its diacritics, 0xE0-0xFE, come before an
        # ASCII letter), so bytes that are valid UTF-8 were written as UTF-8, whatever the flag.
        force = True
        if flag != b"a" and any(b > 0x7F for b in chunk):
            repair = "read as UTF-8: the leader says MARC-8 (position 9 blank) but the text is UTF-8"
    else:
        force = False
        if flag == b"a":
            repair = "read as MARC-8: the leader says UTF-8 (position 9 'a') but the bytes are not UTF-8"
            chunk = chunk[:9] + b" " + chunk[10:]  # pymarc decodes by this flag
    try:
        record = pymarc.Record(data=chunk, to_unicode=True, force_utf8=force, utf8_handling="strict")
    except Exception as exc:  # pymarc raises many kinds for a damaged record (RecordLengthInvalid, …)
        reason = str(exc) or type(exc).__name__
        return None, f"cannot be read: {reason}" + (f"; {length_note}" if length_note else ""), ""
    if not force and _mostly_combining(record):
        return None, ("its text is neither MARC-8 nor UTF-8 (most letters decode as combining marks; perhaps a "
                      "Windows code page such as cp1251): convert the file to UTF-8 and import it again"), ""
    return record, "", "; ".join(part for part in (repair, length_note) if part)


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_combining(record: pymarc.Record) -> bool:
    letters = combining = 0
    for fld in record.get_fields():
        if fld.is_control_field():
            continue
        for sub in fld.subfields:
            for char in sub.value:
                if unicodedata.combining(char):
                    combining += 1
                elif char.isalpha():
                    letters += 1
    return combining > 4 and combining > COMBINING_SHARE * (letters + combining)
