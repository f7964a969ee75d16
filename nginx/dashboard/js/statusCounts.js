// The row of per-status counts at the top of the page, from GET /tasks?summary=counts.
// Each count is a button-less list item: symbol, words and number, so color is never the only cue.

import { h, replaceChildren } from "./dom.js";
import { STATUSES, statusClass, statusSymbol, statusText } from "./statuses.js";

/** Draws `counts` ({pending: n, …}) into the <ul> `list`; a missing status counts 0. */
export function renderStatusCounts(list, counts) {
  const total = STATUSES.reduce((sum, status) => sum + countOf(counts, status), 0);
  replaceChildren(list,
    STATUSES.map((status) =>
      h("li", { className: `count status-${statusClass(status)}`, "data-status": status },
        h("span", { className: "count-symbol", "aria-hidden": "true" }, statusSymbol(status)),
        h("span", { className: "count-label" }, statusText(status)),
        h("span", { className: "count-value" }, String(countOf(counts, status))))),
    h("li", { className: "count count-total", "data-status": "total" },
      h("span", { className: "count-label" }, "all"),
      h("span", { className: "count-value" }, String(total))));
}

function countOf(counts, status) {
  const value = Number(counts?.[status] ?? 0);
  return Number.isFinite(value) ? value : 0;
}
