"""A small client of the taskmgr API used only to seed and inspect the tests' own data.

Everything the tests assert is read from the page; this client only creates tasks, moves
them between states with update-task (service token) and double-checks a result.
"""

import json
import ssl
import time
import urllib.error
import urllib.request
import uuid


RATE_LIMIT_RETRIES = 6


class ApiFailure(AssertionError):
    """An API call the test set-up relied on did not answer as expected."""


class TaskmgrApi:
    def __init__(self, base_url, token):
        self.base_url = base_url.rstrip("/")
        self.token = token
        # The stack's certificate is self-signed and the traffic stays on loopback.
        self.context = ssl._create_unverified_context()  # noqa: SLF001 (test-only, loopback)

    def request(self, method, path, body=None, token=None):
        """(status, headers, parsed JSON body or None) for one call. A 429 from nginx's
        per-token rate limit is waited out (Retry-After) a few times: seeding is bursty."""
        for _ in range(RATE_LIMIT_RETRIES):
            status, headers, answer = self._send(method, path, body, token)
            if status != 429:
                break
            time.sleep(min(float(headers.get("Retry-After") or 1), 3.0))
        return status, headers, answer

    def _send(self, method, path, body, token):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        request.add_header("Authorization", f"Bearer {token or self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=15) as response:
                return response.status, dict(response.headers), _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), _json(error.read())

    def create_task(self, task_type, **fields):
        """Creates a callback-only task (no poll_url, so no monitor touches it) and returns it."""
        body = {"external_id": f"ext-{uuid.uuid4().hex[:12]}", "task_type": task_type, **fields}
        status, _, answer = self.request("POST", "/create-task", body)
        if status != 201:
            raise ApiFailure(f"create-task answered {status}: {answer}")
        return answer

    def update_task(self, task_id, **fields):
        """POST /update-task/{id} with the service token; returns the answer body."""
        status, _, answer = self.request("POST", f"/update-task/{task_id}", fields)
        if status != 200:
            raise ApiFailure(f"update-task {task_id} answered {status}: {answer}")
        return answer

    def task_status(self, task_id):
        status, _, answer = self.request("GET", f"/task-status/{task_id}")
        if status != 200:
            raise ApiFailure(f"task-status {task_id} answered {status}: {answer}")
        return answer

    def get(self, path, token=None):
        """Raw GET for header checks: (status, headers, body)."""
        return self.request("GET", path, token=token)


def _json(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")
