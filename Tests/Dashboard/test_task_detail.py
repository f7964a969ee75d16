"""A task's detail: its facts, its result with safe links, its status history, its full object."""

import uuid

from selenium.webdriver.common.by import By


def test_detail_shows_status_history_result_and_full_object(page, service_api):
    task_type = f"quarterly-report-{uuid.uuid4().hex[:6]}"  # readable in the committed screenshot, still unique
    task = service_api.create_task(task_type, metadata={"owner": "reports team"}, user_id=str(uuid.uuid4()))
    task_id = task["task_id"]
    service_api.update_task(task_id, status="in_progress")
    service_api.update_task(task_id, status="completed", result={
        "report": "https://reports.example.org/r/42",
        "script": "javascript:alert(1)",
        "rows": 42,
    })

    page.sign_in(service_api.token)
    page.filter_tasks(task_type=task_type)
    page.wait_for_rows(lambda rows: rows and rows[0]["task_id"] == task_id, "the seeded task")
    page.open_task(task_id)

    history = page.history_rows()
    assert any("pending → in progress" in row for row in history), history
    assert any("in progress → completed" in row for row in history), history
    assert history.index(next(r for r in history if "in progress → completed" in r)) > \
        history.index(next(r for r in history if "pending → in progress" in r)), "oldest first"

    links = page.driver.find_elements(By.CSS_SELECTOR, "#detail-result a")
    assert [link.get_attribute("href") for link in links] == ["https://reports.example.org/r/42"], \
        "only the https URL is a link; javascript: stays text"
    assert links[0].get_attribute("rel") == "noopener noreferrer"
    assert '"javascript:alert(1)"' in page.driver.find_element(By.ID, "detail-result").text

    full_object = page.driver.find_element(By.ID, "detail-object").text
    assert task["external_id"] in full_object
    assert '"owner": "reports team"' in full_object
    assert "completed" in page.driver.find_element(By.CSS_SELECTOR, 'dd[data-field="status"]').text
    assert page.browser_errors() == [], "no CSP violation or failed request while showing a task"

    path = page.screenshot("task-detail-1280")
    assert path.stat().st_size > 10_000
    assert page.screenshot("task-detail-375", narrow=True).stat().st_size > 10_000

    page.driver.find_element(By.CSS_SELECTOR, "a.back-link").click()
    page.wait(lambda d: d.find_element(By.ID, "list-view").is_displayed(), "the list again")


def test_list_screenshots_show_every_state(page, service_api):
    """Seeds one task per state (two failed), so the committed screenshots show the whole page."""
    task_type = f"nightly-report-{uuid.uuid4().hex[:6]}"  # a readable type for the pictures, still unique
    steps = [
        [], ["in_progress"], ["completed"], ["failed"], ["cancelled"], ["in_progress", "failed"], [],
    ]
    owners = [str(uuid.uuid4()) for _ in range(3)]
    for index, moves in enumerate(steps):
        task_id = service_api.create_task(task_type, metadata={"batch": index}, user_id=owners[index % 3])["task_id"]
        for status in moves:
            extra = {"error_message": "external job reported failure"} if status == "failed" else {}
            if status == "completed":
                extra = {"result": {"url": f"https://files.example.org/out/{index}.csv"}}
            service_api.update_task(task_id, status=status, **extra)

    page.sign_in(service_api.token)
    page.filter_tasks(task_type=task_type)
    rows = page.wait_for_rows(lambda rows: rows and len(rows) == len(steps), "all seeded tasks")
    assert {row["status"] for row in rows} == {"pending", "in_progress", "completed", "failed", "cancelled"}
    counts = page.driver.find_element(By.ID, "status-counts").text
    assert all(word in counts for word in ("pending", "in progress", "completed", "failed", "cancelled"))
    assert "Last 24 hours:" in page.driver.find_element(By.ID, "chart-summary").text

    assert page.screenshot("task-list-1280").stat().st_size > 10_000
    assert page.screenshot("task-list-375", narrow=True, start_at="tasks-heading").stat().st_size > 10_000


def test_a_task_opened_by_its_link_alone_shows_status_and_history(page, service_api, task_type):
    """#task/ID pasted into a new tab: /task-status, /tasks?task_id= and /task-events fill the view."""
    task_id = service_api.create_task(task_type)["task_id"]
    service_api.update_task(task_id, status="failed", error_message="opened directly")
    page.driver.get(f"{page.base_url}/dashboard/#task/{task_id}")
    page.use_token(service_api.token)

    page.wait(lambda d: d.find_element(By.ID, "detail-view").get_attribute("data-state") == "ready", "the detail")
    assert task_id in page.driver.find_element(By.ID, "detail-heading").text
    assert page.driver.find_element(By.CSS_SELECTOR, 'dd[data-field="error_message"]').text == "opened directly"
    # The full object, not only /task-status's fields: the type and the failure reason too.
    assert page.driver.find_element(By.CSS_SELECTOR, 'dd[data-field="type"]').text == task_type
    assert page.driver.find_element(By.CSS_SELECTOR, 'dd[data-field="failure_reason"]').text == "external_failure"
    assert any("pending → failed" in row for row in page.history_rows())
    assert not page.driver.find_element(By.ID, "list-view").is_displayed()


def test_an_unknown_task_link_says_not_found(page, service_api):
    page.driver.get(f"{page.base_url}/dashboard/#task/no-such-task-{uuid.uuid4().hex[:8]}")
    page.use_token(service_api.token)
    message = page.wait_for_error("404")
    assert "not found" in message
