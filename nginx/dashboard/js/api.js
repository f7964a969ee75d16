// The only place the dashboard talks to the taskmgr API.
// Same origin as the page (the CSP allows nothing else), Bearer token in a header,
// never in the URL; answers are parsed as JSON, failures become ApiError.

/** A failed API call: `kind` is "network" (no answer) or "http" (an error status). */
export class ApiError extends Error {
  constructor(kind, status, problem, retryAfter) {
    super(kind === "network" ? "network error" : `HTTP ${status}`);
    this.kind = kind;
    this.status = status;
    this.problem = problem && typeof problem === "object" ? problem : null;
    this.retryAfter = retryAfter;
  }
}

/** A client bound to one token. `role` is learned from the X-Taskmgr-Role answer header. */
export class ApiClient {
  constructor(token, base = apiBase()) {
    this.token = token;
    this.base = base;
    this.role = null;
  }

  /** GET /tasks with the given filters; resolves to `{tasks, next_cursor}`. */
  listTasks(query) {
    return this.request("GET", "tasks", query);
  }

  /** GET /tasks?summary=counts; resolves to `{counts, created_per_hour}`. */
  summary() {
    return this.request("GET", "tasks", { summary: "counts" });
  }

  /** GET /task-status/{id}: the task's current status, result and attempts (not every column). */
  taskStatus(taskId) {
    return this.request("GET", `task-status/${encodeURIComponent(taskId)}`);
  }

  /** GET /task-events/{id}; resolves to `{task_id, events}` oldest first. */
  events(taskId) {
    return this.request("GET", `task-events/${encodeURIComponent(taskId)}`);
  }

  /** POST /retry-task/{id} (service_role only). */
  retry(taskId) {
    return this.request("POST", `retry-task/${encodeURIComponent(taskId)}`, null, {});
  }

  /** POST /cancel-task/{id} (service_role only). */
  cancel(taskId) {
    return this.request("POST", `cancel-task/${encodeURIComponent(taskId)}`, null, {});
  }

  async request(method, path, query = null, body = undefined) {
    const url = new URL(path, this.base);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, String(value));
    }
    const headers = { Accept: "application/json", Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
    } catch {
      throw new ApiError("network", 0, null, null);
    }
    const role = response.headers.get("X-Taskmgr-Role");
    if (role) this.role = role;
    const parsed = await parseBody(response);
    if (!response.ok) throw new ApiError("http", response.status, parsed, response.headers.get("Retry-After"));
    return parsed;
  }
}

/** The API root: the page's origin unless `<meta name="taskmgr-api-base">` says otherwise. */
export function apiBase() {
  const meta = document.querySelector('meta[name="taskmgr-api-base"]');
  return new URL(meta?.getAttribute("content") || "/", window.location.origin).href;
}

async function parseBody(response) {
  let text = "";
  try {
    text = await response.text();
  } catch {
    return null;
  }
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
