"""Retry and cancel: a service token changes the task and the table; a client token can't."""

from selenium.webdriver.common.by import By


def seeded_row(page, task_type, task_id):
    page.filter_tasks(task_type=task_type)
    return page.wait_for_rows(lambda rows: rows and any(r["task_id"] == task_id for r in rows), f"task {task_id}")


def status_of(page, task_id):
    rows = page.rows() or []
    return next((row["status"] for row in rows if row["task_id"] == task_id), None)


def test_service_token_retries_a_failed_task(page, service_api, task_type):
    task_id = service_api.create_task(task_type)["task_id"]
    service_api.update_task(task_id, status="failed", error_message="upstream 500")
    page.sign_in(service_api.token)
    assert "service_role" in page.role_note()
    seeded_row(page, task_type, task_id)
    page.turn_off_auto_refresh()

    button = page.row_button(task_id, "retry")
    assert button.is_enabled()
    button.click()

    page.wait(lambda d: status_of(page, task_id) == "pending", "the row to show pending")
    assert any("retried" in text for text in page.notices())
    assert service_api.task_status(task_id)["status"] == "pending"
    assert page.driver.find_elements(By.CSS_SELECTOR, f'tr[data-task-id="{task_id}"] button[data-action="cancel"]'), \
        "a pending task now offers Cancel"


def test_service_token_cancels_a_pending_task_from_its_detail(page, service_api, task_type):
    task_id = service_api.create_task(task_type)["task_id"]
    page.sign_in(service_api.token)
    seeded_row(page, task_type, task_id)
    page.open_task(task_id)

    page.driver.find_element(By.CSS_SELECTOR, '#detail-view button[data-action="cancel"]').click()

    page.wait(lambda d: "cancelled" in d.find_element(By.CSS_SELECTOR, 'dd[data-field="status"]').text,
              "the detail to show cancelled")
    page.wait(lambda d: any("pending → cancelled" in row for row in page.history_rows()), "the cancel in the history")
    assert service_api.task_status(task_id)["status"] == "cancelled"

    page.driver.find_element(By.CSS_SELECTOR, "a.back-link").click()
    page.wait(lambda d: status_of(page, task_id) == "cancelled", "the table to show cancelled")


def test_client_token_sees_disabled_buttons_and_is_refused(page, service_api, run_env, task_type):
    failed = service_api.create_task(task_type)["task_id"]
    service_api.update_task(failed, status="failed", error_message="boom")
    waiting = service_api.create_task(task_type)["task_id"]

    page.sign_in(run_env.client_token)
    seeded_row(page, task_type, failed)
    page.turn_off_auto_refresh()
    note = page.role_note()
    assert "service_role" in note and "Read-only" in note, note

    retry, cancel = page.row_button(failed, "retry"), page.row_button(waiting, "cancel")
    assert not retry.is_enabled() and not cancel.is_enabled()
    assert "service_role" in retry.get_attribute("title")

    # Even if the button is forced on, the server refuses and the page says why.
    page.driver.execute_script("arguments[0].disabled = false;", retry)
    retry.click()
    message = page.wait_for_error("403")
    assert "service_role" in message
    assert service_api.task_status(failed)["status"] == "failed"
    assert service_api.task_status(waiting)["status"] == "pending"


def test_retry_of_a_task_changed_meanwhile_shows_409(page, service_api, task_type):
    task_id = service_api.create_task(task_type)["task_id"]
    service_api.update_task(task_id, status="failed")
    page.sign_in(service_api.token)
    seeded_row(page, task_type, task_id)
    page.turn_off_auto_refresh()  # the view stays as the user last saw it
    stale_button = page.row_button(task_id, "retry")

    status, _, _ = service_api.request("POST", f"/retry-task/{task_id}", {})
    assert status == 200, "someone else retried it first"
    stale_button.click()

    message = page.wait_for_error("409")
    assert "no longer" in message
    page.wait(lambda d: status_of(page, task_id) == "pending", "the refreshed row")
