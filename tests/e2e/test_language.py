"""The language switcher: the sign-in page in French, then in German, then back to English,
chosen with the switcher in the header, with <html lang> following the choice."""
from selenium.webdriver.common.by import By


def switch_to(browser, code):
    browser.find_element(By.CSS_SELECTOR, f"nav.languages a[hreflang='{code}']").click()


def heading(browser):
    return browser.find_element(By.ID, "signin-title").text


def page_language(browser):
    return browser.find_element(By.TAG_NAME, "html").get_attribute("lang")


def test_sign_in_page_switches_to_french_and_german(browser, node):
    browser.get(node["webURL"] + "/signin")
    assert heading(browser) == "Sign in" and page_language(browser) == "en"

    switch_to(browser, "fr")
    assert browser.current_url.endswith("/signin"), "the switcher returns to the same page"
    assert heading(browser) == "Se connecter"
    assert page_language(browser) == "fr"
    current = browser.find_element(By.CSS_SELECTOR, "nav.languages a[aria-current='true']")
    assert current.get_attribute("hreflang") == "fr"
    browser.shot("french")

    switch_to(browser, "de")
    assert heading(browser) == "Anmelden"
    assert page_language(browser) == "de"
    assert browser.find_element(By.CSS_SELECTOR, "label[for='username']").text == "Benutzername"
    browser.shot("german")

    browser.get(node["webURL"] + "/signin")
    assert heading(browser) == "Anmelden", "the choice is remembered"

    switch_to(browser, "en")
    assert heading(browser) == "Sign in" and page_language(browser) == "en"
