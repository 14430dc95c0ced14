"""Writing export files: each value as a CSV cell (one spelling for the API's CSV, the year tables and the
data package), and files all or nothing (into a temporary file beside the target, renamed on success)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# A text cell starting with one of these is run as a formula by spreadsheets (OWASP's CSV injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset("".join(FORMULA_PREFIXES))
NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
LIST_SEPARATOR = " | "
# How an object inside a list is written in its cell: by the first of these keys it has.
LIST_ITEM_KEYS = ("url", "slug", "code", "name")


def neutralise(text: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula: a leading quote (OWASP's advice). A number
    (`-1`, a COW code) is left as it is. Called for every text cell of the year tables: kept cheap."""
    if not text or text[0] not in FORMULA_FIRST or NUMBER.fullmatch(text):
        return text
    return "'" + text


def un_neutralise(value: Any) -> Any:
    """The text a neutralised cell stood for: `'=1+1` is `=1+1`; anything else is left as it is."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: empty for None, true/false, numbers as they are, dates in ISO 8601, a list
    as its items separated by ` | ` (an object by its URL, slug, code or name), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return neutralise(LIST_SEPARATOR.join(_list_item(item) for item in value))
    if isinstance(value, Mapping):
        return neutralise(_list_item(value))
    return neutralise(str(value))


def _list_item(item: Any) -> str:
    if isinstance(item, Mapping):
        for key in LIST_ITEM_KEYS:
            if item.get(key):
                return str(item[key])
        return ";".join(f"{key}={value}" for key, value in item.items())
    return str(item)


def write_atomically(path: Path, chunks: Iterable[bytes]) -> tuple[str, int]:
    """Write `chunks` to `path`; return the SHA-256 (hex) and size of what was written. On any error the
    target is left as it was and the temporary file removed."""
    digest = hashlib.sha256()
    size = 0
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False)  # noqa: SIM115
    try:
        with handle:
            for chunk in chunks:
                handle.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        os.chmod(handle.name, 0o644)  # a temporary file is private; the export is an ordinary file
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), size


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def write_json_atomically(path: Path, data: Any) -> None:
    write_atomically(path, [json_bytes(data)])
