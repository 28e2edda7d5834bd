"""Generated files that are never seen half-written."""

import os
import tempfile
from pathlib import Path


def write_in_place(path, body):
    """Write `body` to `path` so that no reader ever sees part of it: into a
    temporary file in the same folder (so on the same disk), then renamed over
    `path` at once. A process killed meanwhile leaves only a hidden `.part`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(path):
    """The `.part` files of writers of `path` that were killed."""
    path = Path(path)
    for leftover in path.parent.glob(f".{path.name}.*.part"):
        leftover.unlink(missing_ok=True)
