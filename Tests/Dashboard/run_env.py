"""Reads the environment file that `.ci/start-stack RUN_DIR` writes (RUN_DIR/env).

The harness starts the stack once and passes the file's path in TASKMGR_RUN_ENV; the tests
take the base URL and both tokens from it and nothing else.
"""

import os
import shlex
from dataclasses import dataclass


@dataclass(frozen=True)
class RunEnv:
    """What the browser tests need to reach the stack."""

    url: str
    service_token: str
    client_token: str  # an authenticated (read-only) token


def parse_env_file(text):
    """`NAME=value` lines (optionally `export NAME=value`, shell-quoted) as a dict."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].strip()
        name, sep, raw = line.partition("=")
        if not sep or not name.isidentifier():
            continue
        parts = shlex.split(raw, comments=False, posix=True) if raw else [""]
        values[name] = parts[0] if parts else ""
    return values


def load_run_env(environ=os.environ):
    """The RunEnv named by TASKMGR_RUN_ENV; raises a readable error when it is missing or incomplete."""
    path = environ.get("TASKMGR_RUN_ENV")
    if not path:
        raise RuntimeError(
            "TASKMGR_RUN_ENV is not set: start a stack with `.ci/start-stack RUN_DIR` and run "
            "`TASKMGR_RUN_ENV=RUN_DIR/env python3 -m pytest Tests/Dashboard` (.ci/test does this).")
    try:
        with open(path, encoding="utf-8") as handle:
            values = parse_env_file(handle.read())
    except OSError as error:
        raise RuntimeError(f"TASKMGR_RUN_ENV={path} cannot be read: {error}") from error
    # The authenticated ("client") token is TASKMGR_USER_TOKEN in start-stack's file; both names work.
    client_token = values.get("TASKMGR_CLIENT_TOKEN") or values.get("TASKMGR_USER_TOKEN")
    missing = [name for name in ("TASKMGR_URL", "TASKMGR_SERVICE_TOKEN") if not values.get(name)]
    if not client_token:
        missing.append("TASKMGR_USER_TOKEN (or TASKMGR_CLIENT_TOKEN)")
    if missing:
        raise RuntimeError(f"{path} lacks {', '.join(missing)}")
    return RunEnv(url=values["TASKMGR_URL"].rstrip("/"),
                  service_token=values["TASKMGR_SERVICE_TOKEN"],
                  client_token=client_token)
