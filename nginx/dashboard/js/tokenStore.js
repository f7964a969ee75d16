// Keeps the API token the user pasted for this tab only.
// sessionStorage dies with the tab and is never sent anywhere by the browser on its own;
// the token never goes into a URL, a form submission or the console.

const KEY = "taskmgr.dashboard.token";

/** The token pasted earlier in this tab, or null. */
export function loadToken() {
  try {
    const token = window.sessionStorage.getItem(KEY);
    return token && token.trim() !== "" ? token : null;
  } catch {
    return null; // storage disabled: the user pastes again after a reload
  }
}

/** Remembers `token` for this tab (trimmed: pasting often brings a newline). */
export function saveToken(token) {
  const trimmed = token.trim();
  try {
    window.sessionStorage.setItem(KEY, trimmed);
  } catch {
    // storage disabled: the token still lives in memory for this page
  }
  return trimmed;
}

/** Forgets the token for this tab. */
export function forgetToken() {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
