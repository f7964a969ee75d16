// Keyset paging over GET /tasks: the API hands out an opaque `next_cursor` for older tasks;
// going back to newer pages replays the cursors we were given, kept on a stack.

/** Tracks the cursor of the page on screen and of the pages before it. */
export class Pager {
  constructor() {
    this.reset();
  }

  /** Back to the newest page (after a filter change). */
  reset() {
    this.previous = [];
    this.current = null;
    this.next = null;
  }

  /** 1-based number of the page on screen. */
  get pageNumber() {
    return this.previous.length + 1;
  }

  get hasOlder() {
    return this.next !== null && this.next !== undefined && this.next !== "";
  }

  get hasNewer() {
    return this.previous.length > 0;
  }

  /** Records the `next_cursor` of the page just loaded. */
  loaded(nextCursor) {
    this.next = nextCursor ?? null;
  }

  /** Moves to the older page; returns its cursor. */
  older() {
    if (!this.hasOlder) return this.current;
    this.previous.push(this.current);
    this.current = this.next;
    this.next = null;
    return this.current;
  }

  /** Moves to the newer page; returns its cursor (null for the first page). */
  newer() {
    if (!this.hasNewer) return this.current;
    this.current = this.previous.pop();
    this.next = null;
    return this.current;
  }
}
