// The Retry and Cancel buttons, shared by the table and the detail view.
// A button appears only where the task's state allows the action; where the token's role
// can't do it, the button is disabled and points at the sentence that says why.

import { h } from "./dom.js";
import { canCancel, canRetry } from "./statuses.js";

/**
 * Buttons for `task`. `access` is `{allowed, reason}` from the token's role;
 * `onAction(action, task, button)` is called with "retry" or "cancel". `verbose` explains
 * an empty result in words (the detail view) instead of a dash (the table).
 */
export function actionButtons(task, access, onAction, verbose = false) {
  const buttons = [];
  if (canRetry(task.status)) buttons.push(button("retry", "Retry", task, access, onAction));
  if (canCancel(task.status)) buttons.push(button("cancel", "Cancel", task, access, onAction));
  if (buttons.length === 0) {
    const text = verbose ? `Retry and Cancel don't apply to a ${String(task.status)} task.` : "—";
    return [h("span", { className: "no-actions" }, text)];
  }
  return buttons;
}

function button(action, label, task, access, onAction) {
  return h("button", {
    type: "button",
    className: `action action-${action}`,
    "data-action": action,
    "data-task-id": task.task_id,
    "aria-label": `${label} task ${task.task_id}`,
    disabled: !access.allowed,
    title: access.allowed ? null : access.reason,
    "aria-describedby": access.allowed ? null : "role-note",
    on: { click: (event) => onAction(action, task, event.currentTarget) },
  }, label);
}
