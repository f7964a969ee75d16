"""Everything is reachable without a mouse: paste a token, reach a task, open it, go back."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

MAX_TABS = 60


def active(page):
    return page.driver.switch_to.active_element


def tab_until(page, predicate, what):
    for _ in range(MAX_TABS):
        active(page).send_keys(Keys.TAB)
        if predicate(active(page)):
            return active(page)
    raise AssertionError(f"{what} not reached within {MAX_TABS} presses of Tab")


def test_keyboard_alone_signs_in_opens_a_task_and_retries_it(page, service_api, task_type):
    task_id = service_api.create_task(task_type)["task_id"]
    service_api.update_task(task_id, status="failed", error_message="keyboard test")

    field = tab_until(page, lambda element: element.get_attribute("id") == "token-input", "the token field")
    field.send_keys(service_api.token, Keys.ENTER)
    page.wait_for_table_ready()

    type_field = page.driver.find_element(By.ID, "filter-task-type")
    type_field.send_keys(task_type, Keys.ENTER)  # Enter submits the filter form
    page.wait_for_rows(lambda rows: rows and [r["task_id"] for r in rows] == [task_id], "the seeded task")

    link = tab_until(page, lambda element: element.get_attribute("class") == "task-link", "the task link")
    assert link.text == task_id
    link.send_keys(Keys.ENTER)
    page.wait(lambda d: d.find_element(By.ID, "detail-view").get_attribute("data-state") == "ready", "the detail")
    assert active(page).get_attribute("id") == "detail-heading", "focus moves to the task's heading"

    retry = tab_until(page, lambda element: element.get_attribute("data-action") == "retry", "the Retry button")
    retry.send_keys(Keys.ENTER)
    page.wait(lambda d: "pending" in d.find_element(By.CSS_SELECTOR, 'dd[data-field="status"]').text, "the retried task")
    assert service_api.task_status(task_id)["status"] == "pending"


def test_a_refresh_keeps_keyboard_focus_on_the_same_task(page, service_api, task_type):
    """Auto-refresh redraws the rows; a keyboard user stays on the control they were on."""
    task_id = service_api.create_task(task_type)["task_id"]
    page.sign_in(service_api.token)
    page.filter_tasks(task_type=task_type)
    page.wait_for_rows(lambda rows: rows and [r["task_id"] for r in rows] == [task_id], "the seeded task")
    cancel = tab_until(page, lambda element: element.get_attribute("data-action") == "cancel", "the Cancel button")

    before = page.driver.find_element(By.ID, "last-refresh").text
    time.sleep(1.1)  # "Last refreshed" has one-second resolution
    # What the timer does: reload the rows without the user touching anything.
    page.driver.execute_script("document.getElementById('refresh-now').click();")
    page.wait(lambda d: d.find_element(By.ID, "last-refresh").text != before, "the refresh")

    focused = active(page)
    assert focused != cancel, "the row was redrawn"
    assert focused.get_attribute("data-action") == "cancel"
    assert focused.get_attribute("data-task-id") == task_id
