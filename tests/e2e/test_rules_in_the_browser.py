"""What the rules refuse, an official sees in the page: the reason in words (the rule's code
kept out of sight for support, in the summary's data-code), and the form as they filled it,
so nothing typed is lost."""
from selenium.webdriver.support.ui import Select

from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)


def test_R8_personalDataInMessage_shown_in_the_message_form(officers):  # noqa: F811
    be_ct = officers("BE", "ct-officer", "be-ct")
    be_ct.go("/messages/new")
    Select(be_ct.find("#targetState")).select_by_value("DE")
    be_ct.fill("title", "Person of interest")
    be_ct.fill("text", "Born 14.03.1990, passport N0123456: do you know him?")
    be_ct.find("#message-form button[type=submit]").click()
    failure = be_ct.read("#failure")
    assert be_ct.read("#failure", "data-code") == "policy.R8.personalDataInMessage"
    assert "policy." not in failure, "the code is for support, not for the reader"
    assert "date of birth" in failure and "document number" in failure, failure
    # What the official typed is still there, to be corrected rather than written again.
    assert be_ct.read("#title", "value") == "Person of interest"
    assert "passport N0123456" in be_ct.read("#text", "value")
    be_ct.shot("r8-message-refused")
