// Ties the page together: the token form, the role note, the hash router
// (#task/ID shows a task, anything else the list), auto-refresh and the action buttons.

import { accessFor } from "./access.js";
import { ApiClient } from "./api.js";
import { AutoRefresh } from "./autoRefresh.js";
import { DetailView } from "./detailView.js";
import { formatTimestamp } from "./format.js";
import { ListView } from "./listView.js";
import { MessageArea } from "./messageArea.js";
import { describeError, retryAfterSeconds } from "./messages.js";
import { forgetToken, loadToken, saveToken } from "./tokenStore.js";

export class Dashboard {
  constructor(doc) {
    this.doc = doc;
    this.byId = (id) => doc.getElementById(id);
    this.client = null;
    this.tasks = new Map();
    this.messages = new MessageArea(this.byId("messages"));
    this.onAction = (action, task, button) => this.runAction(action, task, button);
    this.list = new ListView(doc, this);
    this.detail = new DetailView(doc, this);
    this.autoRefresh = new AutoRefresh(() => this.refresh(), (text) => { this.byId("refresh-state").textContent = text; });
  }

  start() {
    const form = this.byId("token-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault(); // the token must never travel in a form submission or URL
      const input = this.byId("token-input");
      if (input.value.trim() === "") return;
      this.useToken(saveToken(input.value));
      input.value = "";
    });
    this.byId("forget-token").addEventListener("click", () => this.forget());
    this.byId("auto-refresh").addEventListener("change", (event) => this.autoRefresh.setEnabled(event.target.checked));
    this.byId("refresh-now").addEventListener("click", () => this.refresh());
    window.addEventListener("hashchange", () => this.route(true));
    const token = loadToken();
    if (token) this.useToken(token);
  }

  useToken(token) {
    this.client = new ApiClient(token);
    this.rejected = false;
    this.tasks.clear();
    this.messages.clear("load");
    this.messages.clear("action");
    this.byId("role-note").textContent = "Token set; checking it…";
    this.route(false);
  }

  forget() {
    forgetToken();
    this.client = null;
    this.tasks.clear();
    this.byId("list-view").hidden = true;
    this.byId("detail-view").hidden = true;
    // What the old token could see goes with it.
    for (const id of ["status-counts", "hourly-chart", "detail-view"]) this.byId(id).replaceChildren();
    this.byId("task-table").tBodies[0].replaceChildren();
    this.byId("role-note").textContent = "No token yet: paste one to see the tasks.";
    this.byId("token-panel").open = true;
    this.messages.clear("load");
    this.messages.clear("action");
    this.autoRefresh.setEnabled(false);
  }

  /** Shows the view the URL's hash names and loads it. */
  async route(focus) {
    if (!this.client) return;
    const taskId = taskIdFromHash(window.location.hash);
    this.byId("list-view").hidden = taskId !== null;
    this.byId("detail-view").hidden = taskId === null;
    if (taskId === null) {
      this.detail.taskId = null;
      await this.list.refresh();
      if (focus) this.doc.getElementById("tasks-heading")?.focus?.();
    } else {
      await this.detail.show(taskId, focus);
    }
    if (!this.rejected) this.autoRefresh.setEnabled(this.byId("auto-refresh").checked);
  }

  /** Reloads whatever is on screen. */
  async refresh() {
    if (!this.client || this.rejected) return;
    if (this.detail.taskId) await this.detail.refresh();
    else await this.list.refresh();
  }

  access() {
    return accessFor(this.client?.role ?? null);
  }

  remember(tasks) {
    for (const task of tasks) if (task && typeof task.task_id === "string") this.tasks.set(task.task_id, task);
  }

  known(taskId) {
    return this.tasks.get(taskId) ?? null;
  }

  /** Called after any successful load: the token works, so say what it may do. */
  loaded() {
    this.messages.clear("load");
    this.byId("token-panel").open = false; // the token works: give the space to the tasks
    this.byId("role-note").textContent = this.access().note;
    this.byId("last-refresh").textContent = `Last refreshed ${formatTimestamp(new Date().toISOString())}.`;
  }

  handleLoadError(error, action) {
    this.messages.show("error", describeError(error, action), "load");
    if (error.status === 401) {
      // Nothing can load with this token: show only the message, and stop asking until a new one.
      this.rejected = true;
      this.autoRefresh.suspend("Auto-refresh paused: the token was not accepted.");
      this.byId("list-view").hidden = true;
      this.byId("detail-view").hidden = true;
      this.byId("token-panel").open = true;
      this.byId("role-note").textContent = "The token was not accepted. Paste another one.";
      this.byId("token-input").focus();
    }
    if (error.status === 429) this.autoRefresh.backOff(retryAfterSeconds(error.retryAfter) ?? 30);
  }

  async runAction(action, task, button) {
    const verb = action === "retry" ? "retry" : "cancel";
    if (button) button.disabled = true;
    try {
      const answer = await (action === "retry" ? this.client.retry(task.task_id) : this.client.cancel(task.task_id));
      if (answer && answer.task_id === task.task_id) this.remember([answer]);
      this.messages.show("notice", action === "retry"
        ? `Task ${task.task_id} was retried and is pending again.`
        : `Task ${task.task_id} was cancelled.`, "action");
    } catch (error) {
      this.messages.show("error", describeError(error, `${verb} task ${task.task_id}`), "action");
      if (error.status === 429) this.autoRefresh.backOff(retryAfterSeconds(error.retryAfter) ?? 30);
    }
    await this.refresh();
  }
}

/** The task id in "#task/ID", or null for any other hash (including a malformed escape). */
function taskIdFromHash(hash) {
  const match = /^#task\/(.+)$/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
