"""Writing export files all or nothing: into a temporary file beside the target, renamed on success."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


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
