// Builds DOM nodes from data without ever parsing HTML.
// Every task field reaches the page through here as a text node, so a metadata value of
// `<img src=x onerror=alert(1)>` is shown as those characters and never becomes an element.

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Creates an HTML element. `attributes` are set with setAttribute (never innerHTML);
 * `on` handlers are added with addEventListener; children may be nodes, strings or
 * numbers (strings and numbers become text nodes), null/undefined/false are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

/** The same as `h` for SVG elements, which need their own namespace. */
export function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

/** Replaces every child of `parent` with `children` (same rules as `h`). */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren(...toNodes(children));
  return parent;
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") {
      for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    } else if (name === "className") {
      element.setAttribute("class", value);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  element.append(...toNodes(children));
  return element;
}

function toNodes(children) {
  const nodes = [];
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    nodes.push(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return nodes;
}
