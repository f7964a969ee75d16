// One task in full: its key facts, its result as pretty JSON, its status history from
// GET /task-events/{id}, and the whole object. Every value is rendered as text.

import { h, replaceChildren } from "./dom.js";
import { formatTimestamp } from "./format.js";
import { jsonView } from "./jsonView.js";
import { statusBadge } from "./taskTable.js";
import { statusText } from "./statuses.js";
import { actionButtons } from "./taskActions.js";

/**
 * Draws `task` (the full object, or the smaller /task-status answer when `partial`) and
 * `events` into `section`. `access` and `onAction` drive the Retry/Cancel buttons.
 */
export function renderTaskDetail(section, { task, events, partial, access, onAction }) {
  replaceChildren(section,
    h("p", {}, h("a", { href: "#", className: "back-link" }, "← Back to the task list")),
    h("h2", { id: "detail-heading", tabindex: "-1" }, "Task ", h("span", { className: "mono" }, task.task_id)),
    h("div", { className: "detail-actions" }, actionButtons(task, access, onAction, true)),
    h("div", { className: "detail-grid" },
      h("div", { className: "detail-main" },
        facts(task),
        h("h3", {}, "Status history"),
        historyTable(events)),
      h("div", { className: "detail-side" },
        h("h3", {}, "Result"),
        task.result === null || task.result === undefined
          ? h("p", { className: "muted", id: "detail-result" }, "No result yet.")
          : h("div", { id: "detail-result" }, jsonView(task.result, "Task result as JSON")),
        h("h3", {}, "Full task object"),
        partial
          ? h("p", { className: "muted" }, "Only the fields of /task-status are known for a task opened directly; " +
            "open it from the task list to see every column.")
          : null,
        h("div", { id: "detail-object" }, jsonView(task, "Full task object as JSON")))));
}

function facts(task) {
  const rows = [
    ["Status", statusBadge(task.status)],
    ["Type", task.task_type],
    ["External id", task.external_id],
    ["User", task.user_id],
    ["Error message", task.error_message],
    ["Failure reason", task.failure_reason],
    ["Attempts", task.attempt_count === undefined ? undefined : `${task.attempt_count} / ${task.max_attempts ?? "?"}`],
    ["Retries", task.retry_count],
    ["Created", task.created_at && formatTimestamp(task.created_at)],
    ["Updated", task.updated_at && formatTimestamp(task.updated_at)],
    ["Deadline", task.deadline_at && formatTimestamp(task.deadline_at)],
    ["Finished", task.finished_at && formatTimestamp(task.finished_at)],
  ].filter(([, value]) => value !== undefined && value !== null && value !== "");
  return h("dl", { className: "facts" }, rows.map(([name, value]) => [
    h("dt", {}, name),
    h("dd", { "data-field": name.toLowerCase().replace(/ /g, "_") }, value instanceof Node ? value : String(value)),
  ]));
}

function historyTable(events) {
  if (!Array.isArray(events) || events.length === 0) {
    return h("p", { className: "muted", id: "history-empty" }, "No status changes recorded.");
  }
  return h("div", { className: "table-wrap" },
    h("table", { className: "history", id: "history-table" },
      h("caption", { className: "visually-hidden" }, "Status changes, oldest first"),
      h("thead", {}, h("tr", {}, ["When (UTC)", "Change", "By", "Reason", "Error message"]
        .map((name) => h("th", { scope: "col" }, name)))),
      h("tbody", {}, events.map((event) => h("tr", { "data-event-id": String(event.id) },
        h("td", { "data-label": "When (UTC)" }, formatTimestamp(event.changed_at)),
        h("td", { "data-label": "Change" }, change(event)),
        h("td", { "data-label": "By" }, event.actor ?? "—"),
        h("td", { "data-label": "Reason" }, event.reason ?? "—"),
        h("td", { "data-label": "Error message" }, event.error_message ?? "—"))))));
}

function change(event) {
  const from = event.old_status === null || event.old_status === undefined ? "created" : statusText(event.old_status);
  return `${from} → ${statusText(event.new_status)}`;
}
