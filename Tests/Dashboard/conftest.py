"""Fixtures for the dashboard's browser tests.

The harness (.ci/test) starts one stack with `.ci/start-stack` and names its env file in
TASKMGR_RUN_ENV. One Chromium serves the whole session; every test opens the page fresh,
seeds its own tasks through the API under a task_type nobody else uses, and filters on it.
"""

import re
import uuid

import pytest

from browser import start_chromium
from dashboard_page import DashboardPage
from run_env import load_run_env
from taskmgr_api import TaskmgrApi


@pytest.fixture(scope="session")
def run_env():
    try:
        return load_run_env()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def service_api(run_env):
    """The API with the service_role token: creates tasks and moves them between states."""
    return TaskmgrApi(run_env.url, run_env.service_token)


@pytest.fixture(scope="session")
def driver():
    chromium = start_chromium()
    yield chromium
    chromium.quit()


@pytest.fixture
def page(driver, run_env):
    """The dashboard, freshly loaded, no token remembered; left blank afterwards."""
    dashboard = DashboardPage(driver, run_env.url).open_fresh()
    yield dashboard
    dashboard.leave()


@pytest.fixture
def task_type(request):
    """A task_type unique to this test run and test (task_type is at most 50 characters)."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    return f"dash-{name[:30]}-{uuid.uuid4().hex[:8]}"
