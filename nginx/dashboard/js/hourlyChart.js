// The "last 24 hours" chart: tasks created, completed and failed per hour, drawn as inline SVG
// by the page itself (no library, nothing fetched). Each series has its own line style and
// marker shape as well as its color, and the same numbers are offered as a table.

import { h, replaceChildren, s } from "./dom.js";
import { formatHour } from "./format.js";

const SERIES = [
  { key: "created", label: "created", marker: "circle" },
  { key: "completed", label: "completed", marker: "square" },
  { key: "failed", label: "failed", marker: "triangle" },
];
const WIDTH = 720;
const HEIGHT = 220;
const PAD = { left: 58, right: 16, top: 22, bottom: 28 };

/** Draws `hours` ([{hour, created, completed, failed}], oldest first) into `figure`. */
export function renderHourlyChart(figure, hours) {
  const rows = Array.isArray(hours) ? hours : [];
  const max = Math.max(1, ...rows.flatMap((row) => SERIES.map((series) => numberOf(row[series.key]))));
  const x = (index) => PAD.left + (rows.length <= 1 ? 0 : (index * (WIDTH - PAD.left - PAD.right)) / (rows.length - 1));
  const y = (value) => HEIGHT - PAD.bottom - (value * (HEIGHT - PAD.top - PAD.bottom)) / max;
  const totals = SERIES.map((series) => `${rows.reduce((sum, row) => sum + numberOf(row[series.key]), 0)} ${series.label}`);
  const summary = `Last 24 hours: ${totals.join(", ")}.`;

  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": "chart-title", className: "chart",
    preserveAspectRatio: "xMidYMid meet",
  },
  s("title", { id: "chart-title" }, `Tasks per hour. ${summary}`),
  axes(rows, x, y, max),
  SERIES.map((series) => seriesGroup(series, rows, x, y)));

  replaceChildren(figure,
    svg,
    h("figcaption", { className: "chart-caption" },
      h("ul", { className: "legend" }, SERIES.map((series) =>
        h("li", { className: `legend-${series.key}` },
          legendSwatch(series), ` ${series.label}`))),
      h("p", { className: "chart-summary", id: "chart-summary" }, summary)),
    dataTable(rows));
}

function axes(rows, x, y, max) {
  const baseline = HEIGHT - PAD.bottom;
  const ticks = [0, Math.ceil(max / 2), max].filter((value, index, all) => all.indexOf(value) === index);
  return s("g", { className: "axes" },
    s("line", { x1: PAD.left, y1: baseline, x2: WIDTH - PAD.right, y2: baseline, className: "axis" }),
    ticks.map((value) => [
      s("line", { x1: PAD.left, y1: y(value), x2: WIDTH - PAD.right, y2: y(value), className: "grid" }),
      s("text", { x: PAD.left - 6, y: y(value) + 4, "text-anchor": "end", className: "tick" }, String(value)),
    ]),
    rows.map((row, index) => index % 6 === 0 || index === rows.length - 1
      ? s("text", { x: x(index), y: HEIGHT - 8, "text-anchor": axisAnchor(index, rows.length), className: "tick" },
        formatHour(row.hour))
      : null));
}

/** The first hour label starts at its point and the last ends at it, so neither is cut off. */
function axisAnchor(index, count) {
  if (index === 0) return "start";
  return index === count - 1 ? "end" : "middle";
}

function seriesGroup(series, rows, x, y) {
  const points = rows.map((row, index) => [x(index), y(numberOf(row[series.key]))]);
  return s("g", { className: `series series-${series.key}` },
    s("polyline", { points: points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" "), className: "line" }),
    points.map(([px, py]) => marker(series.marker, px, py)));
}

function marker(shape, x, y) {
  if (shape === "square") return s("rect", { x: x - 3, y: y - 3, width: 6, height: 6, className: "marker" });
  if (shape === "triangle") {
    return s("polygon", { points: `${x},${y - 4} ${x - 4},${y + 3} ${x + 4},${y + 3}`, className: "marker" });
  }
  return s("circle", { cx: x, cy: y, r: 3, className: "marker" });
}

function legendSwatch(series) {
  return s("svg", { viewBox: "0 0 24 10", width: 24, height: 10, "aria-hidden": "true", className: `series series-${series.key}` },
    s("line", { x1: 0, y1: 5, x2: 24, y2: 5, className: "line" }),
    marker(series.marker, 12, 5));
}

function dataTable(rows) {
  return h("details", { className: "chart-data" },
    h("summary", {}, "Show the chart's numbers as a table"),
    h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Hour (UTC)"),
        SERIES.map((series) => h("th", { scope: "col" }, series.label)))),
      h("tbody", {}, rows.map((row) => h("tr", {},
        h("th", { scope: "row" }, formatHour(row.hour)),
        SERIES.map((series) => h("td", {}, String(numberOf(row[series.key])))))))));
}

function numberOf(value) {
  const number = Number(value ?? 0);
  return Number.isFinite(number) ? number : 0;
}
