// The five task statuses, how each is shown (a symbol and words, not color alone),
// and which admin action each allows (DESIGN.md: retry failed/cancelled, cancel pending/in_progress).

export const STATUSES = ["pending", "in_progress", "completed", "failed", "cancelled"];

const LABELS = {
  pending: { symbol: "○", text: "pending" },
  in_progress: { symbol: "◐", text: "in progress" },
  completed: { symbol: "✓", text: "completed" },
  failed: { symbol: "✕", text: "failed" },
  cancelled: { symbol: "⊘", text: "cancelled" },
};

/** The words shown for `status` (unknown statuses are shown as they came). */
export function statusText(status) {
  return LABELS[status]?.text ?? String(status ?? "unknown");
}

/** The symbol drawn before the words; decorative, the words carry the meaning. */
export function statusSymbol(status) {
  return LABELS[status]?.symbol ?? "?";
}

/** A CSS class suffix safe to put in a class attribute, whatever the server sent. */
export function statusClass(status) {
  return STATUSES.includes(status) ? status : "unknown";
}

/** Whether POST /retry-task is allowed by the task's state. */
export function canRetry(status) {
  return status === "failed" || status === "cancelled";
}

/** Whether POST /cancel-task is allowed by the task's state. */
export function canCancel(status) {
  return status === "pending" || status === "in_progress";
}
