// Turns an ApiError into a sentence a person can act on.
// Only the problem's title/detail from our own API are quoted, and always as text.

/**
 * A message for `error` raised while doing `action` (e.g. "load the tasks", "retry task X").
 * 401, 403, 409, 429 and network failures each get their own advice.
 */
export function describeError(error, action) {
  if (!error || error.kind === undefined) {
    return `Could not ${action}: unexpected error in the page (${String(error?.message ?? error)}).`;
  }
  if (error.kind === "network") {
    return `Could not ${action}: the taskmgr API did not answer (network error). ` +
      "Check the connection or whether the server is up; the page tries again on the next refresh.";
  }
  const detail = problemDetail(error);
  switch (error.status) {
    case 401:
      return `Could not ${action}: the token was not accepted (401 Unauthorized). ` +
        "Paste a valid taskmgr token above; ask an admin for one (taskctl token add).";
    case 403:
      return `Could not ${action}: this token is not allowed to do that (403 Forbidden). ` +
        "Retry and cancel need a service_role token.";
    case 404:
      return `Could not ${action}: not found (404).${detail}`;
    case 409:
      return `Could not ${action}: the task is no longer in a state that allows it (409 Conflict).${detail} ` +
        "The list has been refreshed.";
    case 429: {
      const wait = retryAfterSeconds(error.retryAfter);
      return `Could not ${action}: too many requests (429); the server is rate-limiting this token. ` +
        (wait ? `Try again in ${wait} second${wait === 1 ? "" : "s"}.` : "Try again in a moment.");
    }
    default:
      return `Could not ${action}: the server answered ${error.status}${titleOf(error)}.${detail}`;
  }
}

/** Seconds to wait from a Retry-After header value (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value) {
  if (!value) return null;
  const seconds = Number.parseInt(value, 10);
  if (Number.isFinite(seconds) && String(seconds) === value.trim()) return Math.max(seconds, 0);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(Math.ceil((date - Date.now()) / 1000), 0);
}

function problemDetail(error) {
  const detail = error.problem?.detail;
  return typeof detail === "string" && detail !== "" ? ` ${detail}` : "";
}

function titleOf(error) {
  const title = error.problem?.title;
  return typeof title === "string" && title !== "" ? ` (${title})` : "";
}
