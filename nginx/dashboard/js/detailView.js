// The detail view of one task (#task/ID): facts, result, status history, full object.

import { renderTaskDetail } from "./taskDetail.js";

/** The fields GET /task-status returns; fresher than a list row fetched earlier. */
const STATUS_FIELDS = ["status", "result", "error_message", "attempt_count", "max_attempts", "created_at", "updated_at"];

export class DetailView {
  constructor(doc, dashboard) {
    this.section = doc.getElementById("detail-view");
    this.dashboard = dashboard;
    this.taskId = null;
  }

  /** Shows task `taskId`; `focus` moves keyboard focus to its heading (on navigation, not on refresh). */
  async show(taskId, focus) {
    this.taskId = taskId;
    const { client } = this.dashboard;
    this.section.dataset.state = "loading";
    try {
      // /task-status answers 404 for an unknown id; /tasks?task_id= gives the full object.
      const [status, history, page] = await Promise.all([
        client.taskStatus(taskId), client.events(taskId), client.listTasks({ task_id: taskId, limit: 1 }),
      ]);
      if (this.taskId !== taskId || client !== this.dashboard.client) return; // the user moved on meanwhile
      const known = page?.tasks?.[0] ?? this.dashboard.known(taskId);
      const task = { ...(known ?? {}), ...pick(status, STATUS_FIELDS), task_id: taskId };
      renderTaskDetail(this.section, {
        task,
        events: history?.events ?? [],
        partial: !known,
        access: this.dashboard.access(),
        onAction: this.dashboard.onAction,
      });
      this.section.dataset.state = "ready";
      this.dashboard.loaded();
      if (focus) this.section.querySelector("#detail-heading")?.focus();
    } catch (error) {
      if (this.taskId !== taskId || client !== this.dashboard.client) return;
      this.section.dataset.state = "error";
      this.section.replaceChildren();
      this.dashboard.handleLoadError(error, `load task ${taskId}`);
    }
  }

  /** Reloads the task on screen (auto-refresh, after an action). */
  refresh() {
    return this.taskId ? this.show(this.taskId, false) : Promise.resolve();
  }
}

function pick(object, fields) {
  const picked = {};
  for (const field of fields) if (object && field in object) picked[field] = object[field];
  return picked;
}
