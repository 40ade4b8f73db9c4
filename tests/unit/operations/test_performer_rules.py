"""Who does each step, as the parse shows it: subjects the parser hung elsewhere, passive agents,
relative clauses, participles and purposes (rules read from the PET development texts)."""

from __future__ import annotations

import pytest

from symphainy.operations.nlp import pipeline
from tests.unit.operations.test_linguistic_rules import read, tasks

pytestmark = pytest.mark.skipif(pipeline.load() is None, reason="English parser not installed")


def test_subject_the_parser_hung_on_the_first_object_is_the_second_actions_subject() -> None:
    graph = read("The GO rejects the application or the GO confirms the application.")
    assert tasks(graph) == [("Reject the application", "GO"), ("Confirm the application", "GO")]
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert decision.name == "Reject the application or Confirm the application?"
    assert decision.actor == "GO"


def test_passive_agent_hung_on_a_noun_of_the_clause_is_the_actor() -> None:
    graph = read("Mail is collected on a daily basis by the Mail Processing Unit.")
    assert tasks(graph) == [("Collect Mail on a daily basis", "Mail Processing Unit")]


def test_who_hung_on_a_thing_stands_for_the_role_before_it() -> None:
    graph = read(
        "The schedule is sent to the committee members by email, who then check their diaries "
        "and advise the coordinator of conflicts."
    )
    assert tasks(graph)[1:] == [
        ("Check their diaries", "Committee Members"),
        ("Advise the coordinator of conflicts", "Committee Members"),
    ]


def test_that_clause_on_a_role_is_that_roles_action_and_on_a_thing_is_none() -> None:
    graph = read("The request goes to the purchase department that selects a vendor.")
    assert ("Select a vendor", "Purchase Department") in tasks(graph)
    graph = read("The clerk fills in the form that holds the claim details.")
    assert tasks(graph) == [("Fill in the form", "Clerk")]


def test_verb_inside_a_phrase_is_done_by_the_clauses_subject() -> None:
    graph = read("After returning to the station, the waiter debits the account.")
    assert ("Return to the station", "Waiter") in tasks(graph)


def test_the_system_as_subject_is_the_actor() -> None:
    graph = read("The system generates and sends a purchase order.")
    assert [actor for _name, actor in tasks(graph)] == ["System", "System"]


def test_infinitive_of_purpose_after_an_action_on_something_is_not_a_step() -> None:
    graph = read("The clerk sends the form to the manager to get approval.")
    assert tasks(graph) == [("Send the form to the manager", "Clerk")]
    graph = read("Go through the history in Slack to identify the responders.")
    assert any("Identify the responders" in name for name, _actor in tasks(graph))


def test_hyphenated_verb_is_one_action() -> None:
    graph = read("The employee receives a notice and must re-submit the report.")
    assert tasks(graph) == [("Receive a notice", "Employee"), ("Re-submit the report", "Employee")]


def test_participle_the_parser_read_as_an_adjective_is_a_passive_action() -> None:
    graph = read(
        "If the part is available, it is reserved. If it is not available, it is back-ordered."
    )
    assert [name for name, _actor in tasks(graph)] == ["Reserve it", "Back-order it"]


def test_one_of_a_group_is_that_group() -> None:
    assert tasks(read("One of the clerks approves the claim.")) == [("Approve the claim", "Clerks")]


def test_the_process_instance_speaking_of_itself_is_no_step() -> None:
    graph = read("The storehouse processes the part list. Then a new process instance is created.")
    assert tasks(graph) == [("Process the part list", "Storehouse")]


def test_what_a_thing_includes_is_no_step_but_what_a_role_includes_is() -> None:
    graph = read("Most orders include wine. The clerk includes the receipt. Include the form.")
    assert tasks(graph) == [("Include the receipt", "Clerk"), ("Include the form", None)]


def test_what_is_waited_for_is_part_of_the_waiting_step() -> None:
    graph = read("The clerk will send the order and wait for the product to be delivered.")
    assert tasks(graph) == [
        ("Send the order", "Clerk"),
        ("Wait for the product to be delivered", "Clerk"),
    ]


def test_no_sentence_ends_at_ie_so_its_explanation_is_no_step() -> None:
    graph = read(
        "The IP checks the request. The IP answers the request depending on the outcome, "
        "i.e. Transmission of data or rejection."
    )
    assert not any(name.startswith("Transmission") for name, _actor in tasks(graph))


def test_every_purpose_of_an_order_is_part_of_it() -> None:
    graph = read(
        "The manager gives an order to the sommelier to fetch wine from the cellar and to "
        "prepare other drinks. The manager submits a ticket to the kitchen to begin preparing "
        "the food."
    )
    assert [name for name, _actor in tasks(graph)] == [
        "Give an order to the sommelier",
        "Submit a ticket to the kitchen",
    ]


def test_rare_verb_the_tagger_read_as_a_plural_noun_is_an_action() -> None:
    graph = read("The MSPO deregisters at the GO. The GO verifies the deregistration.")
    assert tasks(graph) == [("Deregister at the GO", "MSPO"), ("Verify the deregistration", "GO")]


def test_when_clause_under_the_process_starting_is_the_first_action() -> None:
    graph = read(
        "The process of an office supply request starts when any employee of the organization "
        "submits an office supply request."
    )
    assert tasks(graph) == [("Submit an office supply request", "Employee")]


def test_verb_the_tagger_read_as_a_noun_after_and_is_an_action() -> None:
    graph = read("The cashier captures the party details and prints the court file.")
    assert tasks(graph) == [
        ("Capture the party details", "Cashier"),
        ("Print the court file", "Cashier"),
    ]


def test_a_heading_that_is_a_verb_or_a_purpose_names_no_role() -> None:
    from symphainy.operations.nlp.actors import role_name

    # "Recover" ends like "manager" but is a verb; "To recover:" says what for
    assert role_name("Recover", heading=True) is None
    assert role_name("To recover") is None
    assert role_name("Reviewer", heading=True) == "Reviewer"
    assert role_name("Manager") == "Manager"
    graph = read("### Recover\n\n1. Remove the message.\n2. Check backups.\n")
    assert tasks(graph) == [("Remove the message", None), ("Check backups", None)]


def test_one_of_the_writers_people_is_an_actor_though_the_word_alone_names_a_thing() -> None:
    graph = read("First, one of my masters determines the necessary parts.")
    assert tasks(graph) == [("Determine the necessary parts", "Masters")]
    graph = read("One of the counters shows the total.")
    assert [actor for _name, actor in tasks(graph)] == [None]


def test_subject_of_a_carrier_verb_before_a_passive_infinitive_is_what_is_done_to() -> None:
    graph = read(
        "The clerk determines the parts. Once that is done, it has to be entered into the system."
    )
    assert tasks(graph)[1] == ("Enter it into the system", None)


def test_it_does_not_stand_for_a_group_of_people() -> None:
    graph = read("One of my masters determines the parts. It optimizes our production processes.")
    assert tasks(graph) == [
        ("Determine the parts", "Masters"),
        ("Optimize our production processes", None),
    ]
    graph = read("The system checks the order. It sends it to the clerks.")
    assert [actor for _name, actor in tasks(graph)] == ["System", "System"]


def test_they_after_a_when_clause_is_that_clauses_subject() -> None:
    from tests.unit.operations.test_linguistic_rules import read, tasks

    graph = read(
        "The nurses prepare the room. When the inspector arrives, they sign the visitor log."
    )
    assert ("Sign the visitor log", "Inspector") in tasks(graph)


def test_an_instruction_the_parser_joined_to_a_condition_is_not_done_by_its_subject() -> None:
    """The parse is given by hand (the one the small model makes of such sentences): "email"
    and "copy" are conjuncts of the condition's verb and share its subject."""
    from spacy.tokens import Doc

    from symphainy.operations.nlp.clauses import read_sentence

    nlp = pipeline.load()
    assert nlp is not None
    # one token a column: word, head, dependency, coarse and fine tag, lemma
    rows = [
        line.split()
        for line in """
        If 4 mark SCONJ IN if
        your 3 poss PRON PRP$ your
        approved 3 amod VERB VBN approve
        PTO 4 nsubj PROPN NNP PTO
        exceeds 4 ROOT VERB VBZ exceed
        ten 6 nummod NUM CD ten
        days 4 dobj NOUN NNS day
        , 4 punct PUNCT , ,
        email 4 conj VERB VB email
        the 11 det DET DT the
        HR 11 compound PROPN NNP HR
        team 8 dobj NOUN NN team
        and 8 cc CCONJ CC and
        copy 8 conj VERB VB copy
        your 15 poss PRON PRP$ your
        manager 13 dobj NOUN NN manager
        . 4 punct PUNCT . .
        """.strip().splitlines()
    ]
    word, head, dep, pos, tag, lemma = (list(column) for column in zip(*rows, strict=True))
    doc = Doc(
        nlp.vocab,
        words=word,
        heads=[int(h) for h in head],
        deps=dep,
        pos=pos,
        tags=tag,
        lemmas=lemma,
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    actions = [(c.name, c.actor) for c in read_sentence(doc[:]) if c.kind == "action"]
    assert actions == [("Email the HR team", None), ("Copy your manager", None)]


def test_plural_noun_opening_the_next_item_of_a_list_of_actions_is_a_verb_of_the_subject() -> None:
    graph = read(
        "The auditor reviews the file, documents findings in the report, and informs the manager."
    )
    assert tasks(graph) == [
        ("Review the file", "Auditor"),
        ("Document findings in the report", "Auditor"),
        ("Inform the manager", "Auditor"),
    ]


def test_list_of_actions_with_a_verb_the_parser_made_a_subject() -> None:
    graph = read(
        "The service desk logs the call, issues tickets or notes based on the rules agreed "
        "above, and replies to the caller."
    )
    names = tasks(graph)
    assert ("Log the call", "Service Desk") in names
    assert any(n.startswith("Issue tickets") and a == "Service Desk" for n, a in names)


def test_a_list_of_plural_objects_after_a_verb_stays_one_step() -> None:
    graph = read("The clerk checks the invoices, receipts and forms.")
    assert tasks(graph) == [("Check the invoices, receipts and forms", "Clerk")]


def test_verbs_inside_a_quoted_button_name_are_not_steps_of_their_own() -> None:
    graph = read("Select “Approve and send” and close the window.")
    assert tasks(graph) == [("Select “Approve and send”", None), ("Close the window", None)]
