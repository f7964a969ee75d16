// Refreshes the page's data on a fixed period, and stops while the tab is hidden:
// a dashboard left open in a background tab should not keep polling the API.

const PERIOD_MS = 15000;

/** Calls `refresh()` every period while enabled and visible; `onState(text)` reports what it does. */
export class AutoRefresh {
  constructor(refresh, onState, periodMs = PERIOD_MS) {
    this.refresh = refresh;
    this.onState = onState;
    this.periodMs = periodMs;
    this.enabled = true;
    this.timer = null;
    this.delayUntil = 0;
    this.suspended = null;
    document.addEventListener("visibilitychange", () => this.visibilityChanged());
  }

  /** Turns auto-refresh on or off (the checkbox). */
  setEnabled(enabled) {
    this.enabled = enabled;
    this.suspended = null;
    this.schedule();
  }

  /** Stops refreshing until `setEnabled` is called again, saying why (e.g. the token was refused). */
  suspend(reason) {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.suspended = reason;
    this.onState(reason);
  }

  /** Waits at least `seconds` before the next refresh (after a 429 with Retry-After). */
  backOff(seconds) {
    this.delayUntil = Date.now() + seconds * 1000;
    this.schedule();
  }

  /** (Re)arms the timer from now, or stops it, and says which. */
  schedule() {
    window.clearTimeout(this.timer);
    this.timer = null;
    if (this.suspended) {
      this.onState(this.suspended);
      return;
    }
    if (!this.enabled) {
      this.onState("Auto-refresh is off.");
      return;
    }
    if (document.visibilityState === "hidden") {
      this.onState("Auto-refresh paused while this tab is hidden.");
      return;
    }
    const delay = Math.max(this.periodMs, this.delayUntil - Date.now());
    this.onState(`Auto-refresh every ${Math.round(this.periodMs / 1000)} s.`);
    this.timer = window.setTimeout(async () => {
      this.timer = null;
      await this.refresh();
      this.schedule();
    }, delay);
  }

  visibilityChanged() {
    if (document.visibilityState === "hidden") {
      this.schedule();
    } else if (this.enabled && !this.suspended) {
      this.refresh().finally(() => this.schedule());
    }
  }
}
