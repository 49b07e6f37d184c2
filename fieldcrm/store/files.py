"""Private, durable file writes: 0600 files in 0700 folders, atomic replace."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path

from fieldcrm.i18n import _
from fieldcrm.store.errors import SaveFailed

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Make ``path`` and any missing parents 0700, whatever the umask says."""
    missing = [p for p in [path, *path.parents] if not p.exists()]
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for folder in {path, *missing}:
        os.chmod(folder, DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` survive a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe_os_error(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return _("the disk is full")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("permission was denied")
    if error.errno == errno.EROFS:
        return _("the disk is read-only")
    return error.strerror or str(error)


@contextmanager
def atomic_writer(path: Path, sync_dir: bool = True):
    """Stream into ``path`` atomically: a temp file renamed over it only if all went well.

    ``sync_dir=False``: the caller writes many files into one folder and fsyncs it once."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE), "wb", buffering=1 << 20) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        if sync_dir:
            fsync_dir(path.parent)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise SaveFailed(
            _("Could not write {path}: {why}; the previous file is unchanged.").format(
                path=path, why=describe_os_error(error))
        ) from error
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    A temp file in the same folder, fsynced, renamed over the target, the
    folder fsynced; on failure the temp file goes and the old file stays.
    """
    with atomic_writer(path) as out:
        out.write(data)


def move_aside(paths: list[Path], folder: Path) -> list[Path]:
    """Move files into ``folder`` (made private), never over a file there: kept, out of the way.
    Returns where each went."""
    if not paths:
        return []
    ensure_private_dir(folder)
    moved = []
    for path in paths:
        target, n = folder / path.name, 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}.{n}{path.suffix}"
        os.rename(path, target)
        moved.append(target)
    fsync_dir(folder)
    fsync_dir(paths[0].parent)
    return moved
