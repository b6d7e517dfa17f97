"""Sign in with password and TOTP, see the dashboard, be refused a page, sign out."""
import time

from selenium.webdriver.common.by import By

from conftest import fresh_code, user


def wait_for_url(browser, part, seconds=5):
    """After a click that posts a form, the next page may take a moment to replace this one."""
    for _ in range(int(seconds * 10)):
        if part in browser.current_url:
            return True
        time.sleep(0.1)
    return False


def sign_in(browser, node, account, code=None):
    browser.get(node["webURL"] + "/signin")
    browser.find_element(By.ID, "username").send_keys(account["username"])
    browser.find_element(By.ID, "password").send_keys(account["password"])
    browser.find_element(By.ID, "code").send_keys(code or fresh_code(account["totpSecret"]))
    browser.shot("signin-filled")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    if code is None:
        # The next page load must not overtake the sign-in, or it would go out without the
        # session cookie.
        assert wait_for_url(browser, "/dashboard"), browser.current_url


def test_officer_signs_in_sees_dashboard_is_refused_admin_and_signs_out(browser, node):
    officer = user(node, "immigration-officer")
    sign_in(browser, node, officer)
    assert wait_for_url(browser, "/dashboard"), browser.current_url
    assert officer["displayName"] in browser.find_element(By.TAG_NAME, "h1").text
    browser.shot("dashboard")
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "nav.mainnav a")]
    assert "Dashboard" in nav and "Users" not in nav and "Audit trail" not in nav

    browser.get(node["webURL"] + "/admin/users")
    assert "Not allowed" in browser.find_element(By.TAG_NAME, "h1").text
    assert "auth.forbidden" in browser.page_source
    browser.shot("refused")

    browser.get(node["webURL"] + "/dashboard")
    browser.find_element(By.CSS_SELECTOR, "form[action='/signout'] button").click()
    assert wait_for_url(browser, "/signin"), browser.current_url
    browser.get(node["webURL"] + "/dashboard")
    assert "/signin" in browser.current_url, "after sign-out the dashboard needs a new sign-in"
    browser.shot("signed-out")


def test_wrong_code_is_refused_with_a_readable_message(browser, node):
    auditor = user(node, "auditor")
    sign_in(browser, node, auditor, code="000000")
    alert = browser.find_element(By.ID, "signin-error")
    assert "not correct" in alert.text
    assert "/signin" in browser.current_url
    browser.shot("wrong-code")


def test_administrator_sees_users_audit_trail_and_a_delivered_network_check(browser, node):
    admin = user(node, "node-administrator")
    sign_in(browser, node, admin)
    browser.get(node["webURL"] + "/admin/users")
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len(rows) == len(node["users"])
    browser.shot("users")
    browser.get(node["webURL"] + "/audit")
    assert "Chain intact" in browser.find_element(By.CSS_SELECTOR, ".chain").text
    browser.shot("audit")

    # A connectivity check from BE to DE, across two node processes: mutual TLS, a signed
    # envelope, and a signed receipt that BE verifies.
    from selenium.webdriver.support.ui import Select

    assert node["state"] == "BE"
    browser.get(node["webURL"] + "/network")
    Select(browser.find_element(By.ID, "toNode")).select_by_value("de-1")
    browser.find_element(By.CSS_SELECTOR, "form[action='/network/checks'] button").click()
    from selenium.common.exceptions import StaleElementReferenceException

    def newest_sent_row():
        # The page may still be loading after the redirect or a refresh: read it again then.
        for _ in range(20):
            try:
                return browser.find_element(By.CSS_SELECTOR, "#sent tbody tr").text
            except StaleElementReferenceException:
                time.sleep(0.1)
        raise AssertionError("the sent messages table did not settle")

    for _ in range(50):
        row = newest_sent_row()
        if "delivered" in row:
            break
        time.sleep(0.2)
        browser.refresh()
    assert "de-1" in row and "delivered" in row
    assert "signed receipt verified" in row
    browser.shot("network-delivered")


def test_keyboard_only_sign_in(browser, node):
    """The form can be completed with the keyboard alone, in a sensible order."""
    from selenium.webdriver.common.keys import Keys

    supervisor = user(node, "supervisor")
    browser.get(node["webURL"] + "/signin")
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "username"
    active.send_keys(supervisor["username"], Keys.TAB)
    browser.switch_to.active_element.send_keys(supervisor["password"], Keys.TAB)
    browser.switch_to.active_element.send_keys(fresh_code(supervisor["totpSecret"]), Keys.ENTER)
    assert wait_for_url(browser, "/dashboard"), browser.current_url
