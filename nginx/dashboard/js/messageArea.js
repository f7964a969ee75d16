// The message strip under the header. Errors are announced (role=alert), notices politely.
// Messages are tagged with where they came from, so a successful reload clears a stale
// "could not load" without hiding the outcome of a button the user just pressed.

import { h, replaceChildren } from "./dom.js";

export class MessageArea {
  constructor(container) {
    this.container = container;
    this.messages = [];
  }

  /** Shows `text` as "error" or "notice" from `source` ("load" or "action"), replacing that source's last one. */
  show(kind, text, source) {
    this.messages = this.messages.filter((message) => message.source !== source);
    this.messages.push({ kind, text, source });
    this.draw();
  }

  /** Removes the messages of `source`. */
  clear(source) {
    const before = this.messages.length;
    this.messages = this.messages.filter((message) => message.source !== source);
    if (this.messages.length !== before) this.draw();
  }

  draw() {
    replaceChildren(this.container, this.messages.map((message) =>
      h("p", {
        className: `message message-${message.kind}`,
        role: message.kind === "error" ? "alert" : "status",
        "data-source": message.source,
      },
      h("strong", {}, message.kind === "error" ? "Problem: " : "Done: "),
      message.text)));
  }
}
