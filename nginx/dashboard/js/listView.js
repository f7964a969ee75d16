// The list view: per-status counts, the 24-hour chart and the filtered, paged task table.

import { describeError } from "./messages.js";
import { renderHourlyChart } from "./hourlyChart.js";
import { Pager } from "./pager.js";
import { renderStatusCounts } from "./statusCounts.js";
import { readFilters } from "./taskFilters.js";
import { renderTableHead, renderTaskRows } from "./taskTable.js";

export class ListView {
  /** `dashboard` supplies `client`, `access()`, `messages`, `onAction`, `handleLoadError`, `remember(tasks)`. */
  constructor(doc, dashboard) {
    this.doc = doc;
    this.dashboard = dashboard;
    this.pager = new Pager();
    this.query = { limit: 25 };
    this.latestLoad = 0; // answers to older requests are dropped: the last filter pressed wins
    this.byId = (id) => doc.getElementById(id);
    this.table = this.byId("task-table");
    renderTableHead(this.table.tHead);

    const filters = this.byId("filters");
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      this.applyFilters(filters);
    });
    filters.addEventListener("reset", () => window.setTimeout(() => this.applyFilters(filters), 0));
    this.byId("older-page").addEventListener("click", () => this.page(() => this.pager.older()));
    this.byId("newer-page").addEventListener("click", () => this.page(() => this.pager.newer()));
  }

  /** Reads the form; on a valid form, goes back to page 1 and loads. */
  async applyFilters(form) {
    const { query, problems } = readFilters(form);
    if (problems.length > 0) {
      this.dashboard.messages.show("error", problems.join(" "), "filters");
      return;
    }
    this.dashboard.messages.clear("filters");
    this.query = query;
    this.pager.reset();
    await this.loadTasks();
  }

  async page(move) {
    move();
    await this.loadTasks();
  }

  /** Loads counts, chart and the current page. */
  async refresh() {
    await Promise.all([this.loadSummary(), this.loadTasks()]);
  }

  async loadSummary() {
    const problem = this.byId("counts-problem");
    const client = this.dashboard.client;
    try {
      const summary = await client.summary();
      if (client !== this.dashboard.client) return; // the token was changed or forgotten meanwhile
      renderStatusCounts(this.byId("status-counts"), summary?.counts ?? {});
      renderHourlyChart(this.byId("hourly-chart"), summary?.created_per_hour ?? []);
      problem.hidden = true;
    } catch (error) {
      if (client !== this.dashboard.client) return;
      problem.textContent = describeError(error, "load the counts and the chart");
      problem.hidden = false;
    }
  }

  async loadTasks() {
    const status = this.byId("list-status");
    const ticket = ++this.latestLoad;
    const client = this.dashboard.client;
    this.table.setAttribute("aria-busy", "true");
    this.table.dataset.state = "loading";
    try {
      const page = await client.listTasks({ ...this.query, cursor: this.pager.current });
      if (ticket !== this.latestLoad || client !== this.dashboard.client) return;
      const tasks = Array.isArray(page?.tasks) ? page.tasks : [];
      this.pager.loaded(page?.next_cursor);
      this.dashboard.remember(tasks);
      const focused = focusedControl(this.table.tBodies[0]);
      renderTaskRows(this.table.tBodies[0], tasks, this.dashboard.access(), this.dashboard.onAction);
      restoreFocus(this.table.tBodies[0], focused);
      status.textContent = `Page ${this.pager.pageNumber}: ${tasks.length} task${tasks.length === 1 ? "" : "s"}` +
        (this.pager.hasOlder ? ", older tasks on the next page." : ".");
      this.table.dataset.state = "ready";
      this.dashboard.loaded();
    } catch (error) {
      if (ticket !== this.latestLoad || client !== this.dashboard.client) return;
      this.table.dataset.state = "error";
      status.textContent = "The task list could not be loaded.";
      this.dashboard.handleLoadError(error, "load the tasks");
    } finally {
      if (ticket === this.latestLoad) {
        this.table.removeAttribute("aria-busy");
        this.drawPager();
      }
    }
  }

  drawPager() {
    this.byId("older-page").disabled = !this.pager.hasOlder;
    this.byId("newer-page").disabled = !this.pager.hasNewer;
    this.byId("page-number").textContent = `Page ${this.pager.pageNumber}`;
  }
}

/**
 * Which control in the table has keyboard focus, as a selector that survives a redraw
 * (auto-refresh replaces the rows every few seconds; a keyboard user must not lose their place).
 */
function focusedControl(tbody) {
  const active = document.activeElement;
  if (!active || !tbody.contains(active)) return null;
  const row = active.closest("tr[data-task-id]");
  if (!row) return null;
  const taskId = CSS.escape(row.dataset.taskId);
  const action = active.dataset.action;
  return action ? `tr[data-task-id="${taskId}"] button[data-action="${action}"]` : `tr[data-task-id="${taskId}"] a.task-link`;
}

function restoreFocus(tbody, selector) {
  if (selector) tbody.querySelector(selector)?.focus();
}
