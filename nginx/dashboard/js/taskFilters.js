// Reads the filter form into GET /tasks query parameters.
// The "created between" inputs are datetime-local values read as UTC (see format.js).

import { localInputToRFC3339 } from "./format.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `{query, problems}` from the filter form: `query` holds only the filters that are set,
 * `problems` lists sentences about values the API would refuse (so we say it first, plainly).
 */
export function readFilters(form) {
  const value = (name) => form.elements.namedItem(name)?.value?.trim() ?? "";
  const query = {};
  const problems = [];

  if (value("status")) query.status = value("status");
  if (value("task_type")) query.task_type = value("task_type");
  if (value("user_id")) {
    if (UUID.test(value("user_id"))) query.user_id = value("user_id").toLowerCase();
    else problems.push("User id must be a UUID such as 0b7c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e.");
  }
  for (const [input, param] of [["created_after", "created_after"], ["created_before", "created_before"]]) {
    if (!value(input)) continue;
    const time = localInputToRFC3339(value(input));
    if (time) query[param] = time;
    else problems.push(`${input === "created_after" ? "Created after" : "Created before"} is not a date and time.`);
  }
  if (query.created_after && query.created_before && query.created_after > query.created_before) {
    problems.push("“Created after” must be earlier than “created before”.");
  }
  const limit = Number.parseInt(value("limit"), 10);
  query.limit = Number.isFinite(limit) && limit > 0 ? limit : 25;
  return { query, problems };
}
