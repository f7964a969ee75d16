"""Task fields are text, never HTML; the page is served with its security headers."""

from selenium.webdriver.common.by import By

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SVG = "<svg onload=\"document.title='pwned'\"></svg>"
XSS_SCRIPT = "<script>alert(2)</script>"


def test_xss_strings_in_task_fields_render_as_text(page, service_api, task_type):
    hostile_type = f"{XSS_IMG}{task_type[-9:]}"
    task = service_api.create_task(hostile_type, external_id=XSS_SVG,
                                   metadata={"note": XSS_IMG, "html": XSS_SCRIPT})
    service_api.update_task(task["task_id"], status="failed", error_message=XSS_IMG)

    page.sign_in(service_api.token)
    page.filter_tasks(task_type=hostile_type)
    rows = page.wait_for_rows(lambda rows: rows and rows[0]["task_id"] == task["task_id"], "the hostile task")
    assert rows[0]["type"] == hostile_type, "the type shows as the characters typed"

    page.open_task(task["task_id"])
    detail = page.detail_text()
    assert XSS_IMG in detail and XSS_SVG in detail and XSS_SCRIPT in detail
    assert page.driver.find_element(By.CSS_SELECTOR, 'dd[data-field="error_message"]').text == XSS_IMG

    assert page.alert_text() is None, "no alert opened"
    injected = page.driver.execute_script(
        "return document.querySelectorAll('img, svg:not(.chart):not([aria-hidden]), #detail-view script, #task-table script').length")
    assert injected == 0, "no element was created from task data"
    assert page.driver.title == "taskmgr dashboard"
    # Had anything been injected, the CSP would have blocked it and logged a violation.
    assert page.browser_errors() == []


def test_page_is_served_with_security_headers(service_api):
    status, headers, _ = service_api.get("/dashboard/")
    assert status == 200
    lowered = {name.lower(): value for name, value in headers.items()}
    policy = lowered.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    assert "frame-ancestors 'none'" in policy
    assert lowered.get("x-content-type-options") == "nosniff"
    assert lowered.get("referrer-policy") == "no-referrer"
    assert lowered.get("x-frame-options", "").upper() == "DENY"

    status, headers, _ = service_api.get("/dashboard/js/app.js")
    assert status == 200
    content_type = {name.lower(): value for name, value in headers.items()}.get("content-type", "")
    assert "javascript" in content_type, f"modules need a JavaScript type under nosniff, got {content_type!r}"
