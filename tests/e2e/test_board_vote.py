"""A Steering Board vote in real browsers on four nodes of the demo: the members for Belgium,
Germany and France each vote from their own node; each vote travels as a signed envelope to
the Commission's node, which counts it and receipts it; the chair closes the vote there and
the count reaches every node."""
from test_exchange_story import officers  # noqa: F401  (the fixture of signed-in officials)

DECISION = "Adopt the work programme 2027-2028"


def open_decision(member):
    member.until("/board", lambda page: DECISION in page, "the decision put to the vote never arrived")
    member.find(f"#decisions tr[data-title='{DECISION}'] a").click()


def test_a_board_vote_cast_from_three_nodes_is_counted_at_the_commissions(officers):  # noqa: F811
    choices = {"BE": "for", "DE": "for", "FR": "against"}
    members = {}
    for state, choice in choices.items():
        member = members[state] = officers(state, "steering-board-member", f"{state.lower()}-board")
        open_decision(member)
        member.find(f"#choice-{choice}").click()
        member.find("#cast-vote").click()
        path = member.driver.current_url.replace(member.node["webURL"], "")
        member.until(path, lambda page: "Counted at the Commission" in page, f"the vote of {state} was not receipted by the Commission's node")
        member.shot(f"board-vote-{state}")

    chair = officers("EU", "steering-board-member", "eu-board")
    open_decision(chair)
    votes = chair.read("#votes")
    for state in ("Belgi", "German", "France"):
        assert state in votes, f"{state} missing from the votes counted at the Commission's node: {votes}"
    chair.find("#close-vote").click()
    outcome = chair.read("#outcome")
    assert "Adopted" in outcome and "2 for, 1 against" in outcome, outcome
    chair.shot("board-vote-counted")

    members["DE"].until("/board", lambda page: "Adopted" in page, "the count never reached DE")
