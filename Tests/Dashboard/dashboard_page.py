"""What a person sees and does on the dashboard, as methods the tests read like sentences.

Waits are on what the page shows (rows, messages, states), never fixed sleeps.
"""

import os
from pathlib import Path

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from browser import NARROW, WIDE, emulate_viewport, save_page_screenshot, stop_emulating

TIMEOUT = 15
SCREENSHOT_DIR = Path(os.environ.get("TASKMGR_SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "docs" / "screenshots")


class DashboardPage:
    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    # --- navigation and token -------------------------------------------------------------

    def open_fresh(self):
        """Loads /dashboard/ with nothing remembered from an earlier test (storage, hash, size)."""
        self.driver.set_window_size(*WIDE)
        self.driver.get(f"{self.base_url}/dashboard/")
        if self.driver.execute_script("return window.sessionStorage.length;"):
            self.forget_everything()
            self.driver.refresh()
        self.wait(lambda d: d.find_element(By.ID, "token-input").is_displayed())
        self.driver.get_log("browser")  # start each test with an empty browser log
        return self

    def forget_everything(self):
        """Clears this origin's sessionStorage (the remembered token) without a page load."""
        self.driver.execute_script("window.sessionStorage.clear();")

    def leave(self):
        """Ends the test on a blank page with no token kept, so the next test starts clean."""
        try:
            self.forget_everything()
        finally:
            self.driver.get("about:blank")

    def use_token(self, token):
        """Pastes `token` into the token field and presses Use token."""
        field = self.driver.find_element(By.ID, "token-input")
        field.clear()
        field.send_keys(token)
        self.driver.find_element(By.ID, "use-token").click()
        return self

    def sign_in(self, token):
        """Uses `token` and waits until the task list has loaded."""
        self.use_token(token)
        self.wait_for_table_ready()
        return self

    # --- the task list --------------------------------------------------------------------

    def filter_tasks(self, status=None, task_type=None, user_id=None, created_after=None, created_before=None, limit=None):
        """Fills the filter form (None leaves a field empty) and presses Apply filters."""
        self.driver.find_element(By.ID, "clear-filters").click()
        self.wait_for_table_ready()
        if status is not None:
            Select(self.driver.find_element(By.ID, "filter-status")).select_by_value(status)
        if task_type is not None:
            self.driver.find_element(By.ID, "filter-task-type").send_keys(task_type)
        if user_id is not None:
            self.driver.find_element(By.ID, "filter-user-id").send_keys(user_id)
        # datetime-local fields take typed digits in a locale-dependent order; set their value as a picker would.
        for field_id, value in (("filter-created-after", created_after), ("filter-created-before", created_before)):
            if value is not None:
                self.driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];", field_id, value)
        if limit is not None:
            Select(self.driver.find_element(By.ID, "filter-limit")).select_by_value(str(limit))
        self.driver.find_element(By.ID, "apply-filters").click()

    def wait_for_table_ready(self):
        self.wait(lambda d: d.find_element(By.ID, "task-table").get_attribute("data-state") == "ready")

    def wait_for_rows(self, predicate, message="the expected rows"):
        """Waits until `predicate(rows)` holds for the table's rows (list of dicts); returns them."""
        found = {}

        def check(_):
            rows = self.rows()
            found["rows"] = rows
            return predicate(rows)

        self.wait(check, f"{message}; last seen: {found.get('rows')}")
        return found["rows"]

    def rows(self):
        """The table's rows as {task_id, status, type, user, text} dicts (empty when it says no tasks)."""
        try:
            result = []
            for row in self.driver.find_elements(By.CSS_SELECTOR, "#task-table tbody tr[data-task-id]"):
                cells = row.find_elements(By.TAG_NAME, "td")
                result.append({
                    "task_id": row.get_attribute("data-task-id"),
                    "status": row.get_attribute("data-status"),
                    "status_text": cells[1].text,
                    "type": cells[2].text,
                    "user": cells[3].text,
                    "text": row.text,
                })
            return result
        except StaleElementReferenceException:
            return None  # redrawn while reading: the wait tries again

    def row_button(self, task_id, action):
        return self.driver.find_element(
            By.CSS_SELECTOR, f'#task-table tr[data-task-id="{task_id}"] button[data-action="{action}"]')

    def turn_off_auto_refresh(self):
        """Unticks Auto-refresh, so the rows a test holds are not redrawn under it."""
        box = self.driver.find_element(By.ID, "auto-refresh")
        if box.is_selected():
            box.click()
        self.wait(lambda d: "off" in d.find_element(By.ID, "refresh-state").text, "auto-refresh off")

    def list_status(self):
        return self.driver.find_element(By.ID, "list-status").text

    def older_page(self):
        self.driver.find_element(By.ID, "older-page").click()

    def newer_page(self):
        self.driver.find_element(By.ID, "newer-page").click()

    def pager_buttons_enabled(self):
        return (self.driver.find_element(By.ID, "newer-page").is_enabled(),
                self.driver.find_element(By.ID, "older-page").is_enabled())

    def page_number(self):
        return self.driver.find_element(By.ID, "page-number").text

    # --- detail ---------------------------------------------------------------------------

    def open_task(self, task_id):
        """Follows the task's link in the table and waits for its detail view."""
        self.driver.find_element(By.CSS_SELECTOR, f'#task-table tr[data-task-id="{task_id}"] a.task-link').click()
        self.wait(lambda d: d.find_element(By.ID, "detail-view").get_attribute("data-state") == "ready"
                  and task_id in d.find_element(By.ID, "detail-heading").text)

    def detail_text(self):
        return self.driver.find_element(By.ID, "detail-view").text

    def history_rows(self):
        return [row.text for row in self.driver.find_elements(By.CSS_SELECTOR, "#history-table tbody tr")]

    # --- messages and state ---------------------------------------------------------------

    def error_messages(self):
        return [element.text for element in self.driver.find_elements(By.CSS_SELECTOR, "#messages .message-error")]

    def notices(self):
        return [element.text for element in self.driver.find_elements(By.CSS_SELECTOR, "#messages .message-notice")]

    def wait_for_error(self, fragment):
        self.wait(lambda d: any(fragment in text for text in self.error_messages()),
                  f"an error message containing {fragment!r}")
        return next(text for text in self.error_messages() if fragment in text)

    def role_note(self):
        return self.driver.find_element(By.ID, "role-note").text

    def alert_text(self):
        """The text of an open JavaScript alert, or None."""
        try:
            return self.driver.switch_to.alert.text
        except NoAlertPresentException:
            return None

    def browser_errors(self):
        return [entry["message"] for entry in self.driver.get_log("browser") if entry.get("level") == "SEVERE"]

    def wait(self, condition, message="the page"):
        return WebDriverWait(self.driver, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(
            condition, f"timed out waiting for {message}")

    # --- screenshots ----------------------------------------------------------------------

    def screenshot(self, name, narrow=False, start_at=None, max_height=1600):
        """Saves docs/screenshots/NAME.png of the page at 1280 px (or 375 px) wide, from the element
        with id `start_at` (or the top), at most `max_height` px tall; returns its path."""
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{name}.png"
        width, height = NARROW if narrow else WIDE
        emulate_viewport(self.driver, width, height, mobile=narrow)
        try:
            # A viewport as tall as the page has no scrollbar, so the page is laid out at exactly `width`.
            full_height = self.driver.execute_script("return document.documentElement.scrollHeight;")
            emulate_viewport(self.driver, width, max(height, full_height), mobile=narrow)
            top = 0
            if start_at:
                top = self.driver.execute_script(
                    "return Math.max(0, document.getElementById(arguments[0]).getBoundingClientRect().top + window.scrollY - 8);",
                    start_at)
            save_page_screenshot(self.driver, str(path), top=int(top), max_height=max_height)
        finally:
            stop_emulating(self.driver)
        return path
