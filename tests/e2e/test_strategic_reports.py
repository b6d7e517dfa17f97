"""Art. 3(4) of Regulation (EU) 2019/1240 in a real browser: a strategic report holding a name
and a passport number is not published; the page marks both where they are and says what they
are; the officer rewrites the passage and publishes; the report reaches another node."""
import uuid

from selenium.webdriver.common.by import By

from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)


def test_a_report_blocked_for_a_name_and_a_passport_number_then_published(officers):  # noqa: F811
    title = f"Sahel routes {uuid.uuid4().hex[:6]}"
    be_ilo = officers("BE", "liaison-officer", "be-ilo")
    be_ilo.go("/reports/new")
    be_ilo.fill("title", title)
    be_ilo.fill("period", "2026-Q3")
    be_ilo.fill("flowsAndRoutes", "Convoys leave Agadez for Dirkou twice a week; prices rose by a quarter.")
    be_ilo.fill("riskAnalysis", "The convoys are run by Abdel Karim Haddad, who travels on passport N4829301.")
    be_ilo.find("#publish-report").click()

    failure = be_ilo.read("#failure")
    assert "personal data" in failure.lower(), failure
    marked = [mark.text for mark in be_ilo.driver.find_elements(By.CSS_SELECTOR, "#section-riskAnalysis mark")]
    assert marked == ["Abdel Karim Haddad", "N4829301"], marked
    found = be_ilo.read("#section-riskAnalysis .pii-preview")
    assert "name" in found and "document number" in found, found
    # Nothing typed is lost, and the other topic is not marked.
    assert "Abdel Karim Haddad" in be_ilo.read("#riskAnalysis", "value")
    assert be_ilo.read("#flowsAndRoutes", "value").startswith("Convoys leave Agadez")
    assert not be_ilo.driver.find_elements(By.CSS_SELECTOR, "#section-flowsAndRoutes mark")
    be_ilo.shot("report-blocked")

    be_ilo.fill("riskAnalysis", "One network runs the convoys; its members travel on genuine passports obtained by fraud.")
    be_ilo.find("#publish-report").click()
    be_ilo.until("/reports", lambda page: title in page and "Published" in page, "the rewritten report was not published")
    be_ilo.shot("report-published")

    de_board = officers("DE", "steering-board-member", "de-board")
    de_board.until("/reports", lambda page: title in page, "the report published at BE never reached DE")
    de_board.find(f"#reports tr[data-title='{title}'] a").click()
    assert "One network runs the convoys" in de_board.read("#report-body")
