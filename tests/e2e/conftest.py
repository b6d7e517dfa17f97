"""Browser tests against a running demo node (started by scripts/test).

Chromium and chromedriver come from Debian; the driver path is given explicitly so that
Selenium never tries to download one."""
import json
import os
import pathlib
import time

import pyotp

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTIFACTS = pathlib.Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def network():
    with open(os.environ["LIAISON_DEMO_NETWORK"]) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def node(network):
    return network["nodes"][0]


def user(node, role):
    return next(u for u in node["users"] if role in u["roles"])


@pytest.fixture
def browser(request):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(3)
    driver.shots = []

    def shot(name):
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{request.node.name}-{len(driver.shots):02d}-{name}.png"
        driver.save_screenshot(str(path))
        driver.shots.append(path)

    driver.shot = shot
    yield driver
    driver.quit()


_USED_STEPS = {}


def fresh_code(secret):
    """A code from a time step not used before by this account: each code is accepted once
    only, so a second sign-in of the same account waits for the next 30-second step."""
    while True:
        now = time.time()
        step, remaining = int(now // 30), 30 - now % 30
        if remaining < 3 or _USED_STEPS.get(secret) == step:
            time.sleep(remaining + 0.5)
            continue
        _USED_STEPS[secret] = step
        return pyotp.TOTP(secret).now()
