// Pretty-prints a JSON value as DOM nodes inside a <pre>.
// Strings are text nodes; a string that is exactly an http: or https: URL becomes a link
// (rel=noopener noreferrer, new tab). Every other scheme — javascript:, data:, file: — stays text.

import { h } from "./dom.js";

const INDENT = "  ";

/** A <pre class="json"> showing `value`, indented two spaces per level like JSON.stringify. */
export function jsonView(value, label) {
  const pre = h("pre", { className: "json", tabindex: "0", "aria-label": label });
  appendValue(pre, value, 0);
  return pre;
}

/** The URL if `text` is a whole http(s) URL, else null. */
export function safeLink(text) {
  if (typeof text !== "string" || !/^https?:\/\//i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function appendValue(parent, value, depth) {
  if (Array.isArray(value)) {
    appendContainer(parent, "[", "]", value.map((item) => [null, item]), depth);
  } else if (value !== null && typeof value === "object") {
    appendContainer(parent, "{", "}", Object.entries(value), depth);
  } else if (typeof value === "string") {
    const href = safeLink(value);
    const quoted = JSON.stringify(value);
    parent.append(href
      ? h("a", { className: "json-string", href, rel: "noopener noreferrer", target: "_blank" }, quoted)
      : h("span", { className: "json-string" }, quoted));
  } else {
    const kind = value === null ? "null" : typeof value;
    parent.append(h("span", { className: `json-${kind}` }, JSON.stringify(value) ?? "null"));
  }
}

function appendContainer(parent, open, close, entries, depth) {
  if (entries.length === 0) {
    parent.append(open + close);
    return;
  }
  parent.append(open + "\n");
  entries.forEach(([key, item], index) => {
    parent.append(INDENT.repeat(depth + 1));
    if (key !== null) parent.append(h("span", { className: "json-key" }, JSON.stringify(key)), ": ");
    appendValue(parent, item, depth + 1);
    parent.append(index < entries.length - 1 ? ",\n" : "\n");
  });
  parent.append(INDENT.repeat(depth) + close);
}
