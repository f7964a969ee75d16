"""The task list: it loads, filters by status, type, user and creation time, and pages."""

import uuid
from datetime import datetime, timedelta, timezone


def minute_input(moment):
    """A datetime-local value (UTC, as the page reads it) for `moment`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M")


def test_list_loads_and_filters_by_status_type_and_user(page, service_api, task_type):
    alice, bob = str(uuid.uuid4()), str(uuid.uuid4())
    waiting = service_api.create_task(task_type, user_id=alice)
    broken = service_api.create_task(task_type, user_id=bob)
    service_api.update_task(broken["task_id"], status="failed", error_message="disk full")
    finished = service_api.create_task(task_type, user_id=alice)
    service_api.update_task(finished["task_id"], status="completed", result={"rows": 3})

    page.sign_in(service_api.token)
    assert page.browser_errors() == [], "the page loads without errors (no CSP violation, no failed request)"

    page.filter_tasks(task_type=task_type)
    rows = page.wait_for_rows(lambda rows: rows and len(rows) == 3, "the three seeded tasks")
    assert [row["task_id"] for row in rows] == [finished["task_id"], broken["task_id"], waiting["task_id"]], "newest first"
    assert {row["type"] for row in rows} == {task_type}
    assert [row["status_text"].split()[-1] for row in rows] == ["completed", "failed", "pending"], "status shown in words"
    assert "3 tasks" in page.list_status()

    page.filter_tasks(task_type=task_type, status="failed")
    rows = page.wait_for_rows(lambda rows: rows is not None and [r["task_id"] for r in rows] == [broken["task_id"]],
                              "only the failed task")
    assert "failed" in rows[0]["status_text"]

    page.filter_tasks(task_type=task_type, user_id=alice)
    page.wait_for_rows(lambda rows: rows is not None and {r["task_id"] for r in rows} == {waiting["task_id"], finished["task_id"]},
                       "only alice's tasks")
    assert all(row["user"] == alice for row in page.rows())


def test_created_between_filter_keeps_and_drops_tasks_by_creation_time(page, service_api, task_type):
    created = [service_api.create_task(task_type)["task_id"] for _ in range(2)]
    now = datetime.now(timezone.utc)
    page.sign_in(service_api.token)

    page.filter_tasks(task_type=task_type, created_after=minute_input(now - timedelta(hours=1)),
                      created_before=minute_input(now + timedelta(hours=1)))
    page.wait_for_rows(lambda rows: rows is not None and {r["task_id"] for r in rows} == set(created), "tasks created in the window")

    page.filter_tasks(task_type=task_type, created_after=minute_input(now + timedelta(hours=1)))
    page.wait_for_rows(lambda rows: rows == [], "no tasks created after the window")
    assert "No tasks match" in page.driver.find_element("css selector", "#task-table tbody").text


def test_keyset_paging_walks_older_and_back_newer(page, service_api, task_type):
    seeded = [service_api.create_task(task_type)["task_id"] for _ in range(23)]
    page.sign_in(service_api.token)
    page.filter_tasks(task_type=task_type, limit=10)

    first = page.wait_for_rows(lambda rows: rows and len(rows) == 10 and rows[0]["type"] == task_type, "page 1")
    assert first[0]["task_id"] == seeded[-1], "the newest task leads page 1"
    assert page.pager_buttons_enabled() == (False, True)

    page.older_page()
    second = page.wait_for_rows(lambda rows: rows and len(rows) == 10 and rows[0]["task_id"] != first[0]["task_id"], "page 2")
    assert page.page_number() == "Page 2"
    page.older_page()
    third = page.wait_for_rows(lambda rows: rows is not None and len(rows) == 3, "page 3, the last three")
    page.wait(lambda d: page.pager_buttons_enabled() == (True, False), "Older disabled on the last page")

    ids = [row["task_id"] for row in first + second + third]
    assert len(ids) == len(set(ids)) == 23, "every task exactly once across the pages"
    assert set(ids) == set(seeded)
    assert third[-1]["task_id"] == seeded[0], "the oldest task ends the last page"

    page.newer_page()
    again = page.wait_for_rows(lambda rows: rows and len(rows) == 10, "back on page 2")
    assert [row["task_id"] for row in again] == [row["task_id"] for row in second]
    assert page.page_number() == "Page 2"
