"""The token: a wrong one gets the 401 message, a good one stays out of URLs and leaves with
"Forget token". Auto-refresh pauses while the tab is hidden."""

import time

from selenium.webdriver.common.by import By


def test_wrong_token_shows_the_401_message(page):
    page.use_token("tm_this-token-does-not-exist")
    message = page.wait_for_error("401")
    assert "not accepted" in message
    assert "not accepted" in page.role_note()
    assert page.rows() == []
    assert not page.driver.find_element(By.ID, "list-view").is_displayed()
    assert "paused" in page.driver.find_element(By.ID, "refresh-state").get_attribute("textContent")
    assert page.screenshot("wrong-token-1280", max_height=900).stat().st_size > 10_000


def test_token_stays_out_of_the_url_and_can_be_forgotten(page, run_env):
    page.sign_in(run_env.client_token)
    assert run_env.client_token not in page.driver.current_url
    stored = page.driver.execute_script("return Object.values(window.sessionStorage);")
    assert run_env.client_token in stored

    page.driver.refresh()
    page.wait_for_table_ready()  # a reload in the same tab keeps working without pasting again

    page.driver.find_element(By.CSS_SELECTOR, "#token-panel summary").click()  # folded away once the token worked
    page.driver.find_element(By.ID, "forget-token").click()
    assert page.driver.execute_script("return window.sessionStorage.length;") == 0
    assert not page.driver.find_element(By.ID, "list-view").is_displayed()
    assert page.driver.execute_script("return document.querySelectorAll('#task-table tbody tr').length;") == 0, \
        "what the old token could see is gone from the page"


def test_auto_refresh_pauses_while_the_tab_is_hidden(page, service_api):
    page.sign_in(service_api.token)
    state = lambda: page.driver.find_element(By.ID, "refresh-state").text  # noqa: E731
    page.wait(lambda d: "every" in state(), "auto-refresh running")

    set_visibility = """
        Object.defineProperty(document, 'visibilityState', {value: arguments[0], configurable: true});
        Object.defineProperty(document, 'hidden', {value: arguments[0] === 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));"""
    page.driver.execute_script(set_visibility, "hidden")
    page.wait(lambda d: "paused" in state(), "auto-refresh paused")

    before = page.driver.find_element(By.ID, "last-refresh").text
    time.sleep(1.1)  # "Last refreshed" has one-second resolution
    page.driver.execute_script(set_visibility, "visible")
    page.wait(lambda d: "every" in state(), "auto-refresh running again")
    page.wait(lambda d: d.find_element(By.ID, "last-refresh").text != before, "an immediate refresh on return")
