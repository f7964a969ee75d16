// What the token's role lets the user do, learned from the X-Taskmgr-Role header the API
// sends with every answer. The server still decides: this only spares a click that would 403.

/** `{allowed, reason, note}` for the role (null when the API hasn't said). */
export function accessFor(role) {
  if (role === "service_role") {
    return { allowed: true, reason: "", note: "Signed in with a service_role token: Retry and Cancel are available." };
  }
  if (role) {
    const reason = `This token's role (${role}) can only read tasks: Retry and Cancel need a service_role token.`;
    return { allowed: false, reason, note: `Read-only token. ${reason}` };
  }
  return {
    allowed: true,
    reason: "",
    note: "The API did not say which role this token has; Retry and Cancel are offered and the server decides.",
  };
}
