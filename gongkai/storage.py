"""Uploaded files are stored whole or not at all (issue 18, point 4: "a full disk under
GONGKAI_DATA_DIR while uploading: a clear error to the uploader, nothing half-written").

Django's FileSystemStorage opens the final name and writes into it: when the disk fills up half
way, the first megabytes stay there under the name a row would point to, and the OSError
(ENOSPC) becomes a 500. :class:`AtomicFileSystemStorage` writes into a temporary file in the
same directory (a dot-name no download serves), flushes it to disk, and only then gives it its
name with a hard link (which, like O_EXCL, never replaces another file: a taken name means a new
one) or ``os.replace`` where the storage allows overwriting. Any failure removes the temporary
file; a full disk (ENOSPC, EDQUOT) is raised as :class:`StorageFull` with a Chinese message the
form or the error page shows. Set it as ``STORAGES["default"]`` in settings.py.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy

FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
CHUNK = 1024 * 1024
TEMPORARY_PREFIX = ".upload-"


class StorageFull(OSError):
    """The disk under the media directory is full: nothing of the file was kept."""

    message = gettext_lazy("服务器存储空间已满，文件未能保存。请联系系统管理员清理空间后重新上传。")

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.errno, str(self.message))


def is_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_ERRNOS


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that never leaves part of a file under a name; see the module docstring."""

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        try:
            self._make_directory(os.path.dirname(full_path))
            temporary = self._write_temporary(os.path.dirname(full_path), content)
        except OSError as exc:
            if is_full(exc):
                raise StorageFull(exc) from exc
            raise
        try:
            name = self._give_name(temporary, name)
        except OSError as exc:  # a directory entry needs space too
            if is_full(exc):
                raise StorageFull(exc) from exc
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):  # renamed into place when overwriting
                os.unlink(temporary)
        return str(name).replace("\\", "/")

    def _make_directory(self, directory: str) -> None:
        if self.directory_permissions_mode is None:
            os.makedirs(directory, exist_ok=True)
            return
        # os.makedirs leaves the mode of the directories it makes on the way to the umask.
        old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
        try:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        finally:
            os.umask(old_umask)

    def _write_temporary(self, directory: str, content: Any) -> str:
        """The whole content in a new temporary file beside its final place, flushed to disk."""
        fd, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=directory)  # mode 0600
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks(CHUNK):  # File.chunks starts at the beginning
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                out.flush()
                os.fsync(out.fileno())  # ENOSPC may only show here (delayed allocation)
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
        except BaseException:
            os.unlink(temporary)
            raise
        return temporary

    def _give_name(self, temporary: str, name: str) -> str:
        """Link the finished file under ``name`` (or the next free name); returns the name used."""
        while True:
            full_path = self.path(name)
            if getattr(self, "_allow_overwrite", False):  # Django 5.1+: STORAGES OPTIONS allow_overwrite
                os.replace(temporary, full_path)
                return name
            try:
                os.link(temporary, full_path)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            return name
