"""Runs Ralph's LRS API (ralph.api:app) for the cmi5 browser tests.

    python serve.py HOST PORT

Ralph reads its settings from RALPH_* environment variables, exactly as under
`ralph runserver`: tests/browser/lib/lrs.mjs sets RALPH_RUNSERVER_BACKEND=fs, the
directory of the statements file, the auth file and the history file.

Why not `ralph runserver -b fs` itself:
- In Ralph 5.1.0 the filesystem LRS backend writes statements with the data
  backend's default operation, `create`, which refuses to write to a file that
  exists: the first POST creates fs_lrs.jsonl and every later POST or PUT fails
  with 500 ("already exists and overwrite is not allowed"). Here the backend
  appends instead, as an LRS must; nothing else is changed.
- `runserver` always starts uvicorn with reload=True, which watches the working
  directory in a second process. Here uvicorn runs in this one process, so
  stopping it is one signal; PORT 0 picks a free port, printed by uvicorn as
  "Uvicorn running on http://HOST:PORT".
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def main() -> None:
    """Serve until SIGTERM or SIGINT."""
    host, port = sys.argv[1], int(sys.argv[2])
    # Imported here so that the backend above is patched before the API builds its
    # client from the settings.
    from ralph.api import app  # noqa: PLC0415
    from ralph.conf import settings  # noqa: PLC0415

    uvicorn.run(app, host=host, port=port, log_config=settings.LOGGING, log_level="info")


if __name__ == "__main__":
    main()
