// Dates on the page are shown in UTC, labelled so; the filters are read as UTC too,
// so what a user types and what the table shows agree whatever the browser's zone.

/** "2026-11-30 01:05:12 UTC" from an RFC 3339 string; the input itself if it doesn't parse. */
export function formatTimestamp(value) {
  if (value === null || value === undefined || value === "") return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "01:00" (UTC hour of the day) for the chart's axis. */
export function formatHour(value) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "" : `${date.toISOString().slice(11, 13)}:00`;
}

/** RFC 3339 in UTC from a `datetime-local` value read as UTC ("2026-11-30T01:00"), or null. */
export function localInputToRFC3339(value) {
  if (!value) return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const date = new Date(`${withSeconds}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
