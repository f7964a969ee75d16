// The task table: one row per task, newest first, as GET /tasks returns them.
// Cells carry data-label so the narrow (375 px) layout can show each row as a labelled card.

import { h, replaceChildren } from "./dom.js";
import { formatTimestamp } from "./format.js";
import { statusClass, statusSymbol, statusText } from "./statuses.js";
import { actionButtons } from "./taskActions.js";

const COLUMNS = ["Task", "Status", "Type", "User", "Created (UTC)", "Updated (UTC)", "Attempts", "Actions"];

/** The <thead> row; drawn once. */
export function renderTableHead(thead) {
  replaceChildren(thead, h("tr", {}, COLUMNS.map((name) => h("th", { scope: "col" }, name))));
}

/** Replaces the <tbody> rows with `tasks`; an empty list gets one explanatory row. */
export function renderTaskRows(tbody, tasks, access, onAction) {
  if (tasks.length === 0) {
    replaceChildren(tbody, h("tr", { className: "empty" },
      h("td", { colspan: COLUMNS.length }, "No tasks match these filters.")));
    return;
  }
  replaceChildren(tbody, tasks.map((task) => row(task, access, onAction)));
}

/** A status shown as symbol + words inside a colored badge. */
export function statusBadge(status) {
  return h("span", { className: `badge status-${statusClass(status)}`, "data-status": String(status) },
    h("span", { "aria-hidden": "true" }, statusSymbol(status)), " ", statusText(status));
}

function row(task, access, onAction) {
  return h("tr", { "data-task-id": task.task_id, "data-status": String(task.status) },
    cell("Task", h("a", { href: `#task/${encodeURIComponent(task.task_id)}`, className: "task-link" }, task.task_id)),
    cell("Status", statusBadge(task.status)),
    cell("Type", task.task_type ?? "—"),
    cell("User", task.user_id ?? "—", "mono user"),
    cell("Created (UTC)", formatTimestamp(task.created_at), "nowrap"),
    cell("Updated (UTC)", formatTimestamp(task.updated_at), "nowrap"),
    cell("Attempts", `${task.attempt_count ?? 0} / ${task.max_attempts ?? "?"}`, "nowrap"),
    cell("Actions", actionButtons(task, access, onAction), "actions"));
}

function cell(label, content, extraClass) {
  return h("td", { "data-label": label, className: extraClass ?? null }, content);
}
