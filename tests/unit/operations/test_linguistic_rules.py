"""Each reading rule of the extractor on a small text: tasks, actors, decisions, parallel work,
loops and document structure, as the dependency parse sees them."""

from __future__ import annotations

import pytest

from symphainy.operations.extract import ExtractionError, extract
from symphainy.operations.graph import WorkflowGraph
from symphainy.operations.nlp import pipeline
from symphainy.operations.reading import sections_from_text


def read(text: str) -> WorkflowGraph:
    graph, _notes = extract(sections_from_text(text), "t")
    return graph


def tasks(graph: WorkflowGraph) -> list[tuple[str, str | None]]:
    return [(s.name, s.actor) for s in graph.steps if s.kind == "task"]


def branches(graph: WorkflowGraph, decision_name: str) -> dict[str | None, str]:
    decision = next(s for s in graph.steps if s.kind == "decision" and decision_name in s.name)
    return {e.condition: graph.step(e.to).name for e in decision.next}


# tasks


def test_coordinated_actions_become_one_task_each() -> None:
    graph = read("The clerk logs the claim and assigns a claim number.")
    assert tasks(graph) == [("Log the claim", "Clerk"), ("Assign a claim number", "Clerk")]


def test_passive_with_agent_names_the_actor_and_without_agent_names_none() -> None:
    graph = read("The invoice is approved by the finance manager. The invoice is archived.")
    assert tasks(graph) == [
        ("Approve the invoice", "Finance Manager"),
        ("Archive the invoice", None),
    ]


def test_pronoun_subject_is_the_last_actor() -> None:
    graph = read("The analyst checks the data. Then she files the report.")
    assert tasks(graph)[1] == ("File the report", "Analyst")


def test_first_person_steps_belong_to_the_role_the_writer_names() -> None:
    graph = read("I am the head of the sales department. I approve the discount.")
    assert tasks(graph) == [("Approve the discount", "Head of Sales Department")]


def test_nominal_action_with_agent() -> None:
    graph = read("1. Approval of the invoice by the controller.\n2. Payment of the invoice.\n")
    assert tasks(graph)[0] == ("Approval of the invoice", "Controller")


def test_imperative_the_tagger_reads_as_a_noun_is_still_a_task() -> None:
    graph = read("1. Load items into the autoclave bin.\n2. Vortex.\n3. Lay out tubes in a rack.\n")
    assert [name for name, _ in tasks(graph)] == [
        "Load items into the autoclave bin",
        "Vortex",
        "Lay out tubes in a rack",
    ]


def test_light_verbs_carry_the_action() -> None:
    graph = read("The manager needs to approve the request.")
    assert tasks(graph) == [("Approve the request", "Manager")]


# actors


def test_adverbials_never_become_actors() -> None:
    graph = read(
        "At this meeting, the committee approves the budget. "
        "Whenever a client calls, the agent opens a ticket."
    )
    actors = {actor for _, actor in tasks(graph)}
    assert "Committee" in actors and "Agent" in actors
    assert not any(a and ("Meeting" in a or "Whenever" in a) for a in actors)


def test_things_are_not_actors() -> None:
    graph = read("The claim goes to the adjuster. The adjuster reviews the claim.")
    assert ("Review the claim", "Adjuster") in tasks(graph)
    assert all(actor != "Claim" for _, actor in tasks(graph))


def test_responsibilities_section_assigns_roles_to_instructions() -> None:
    text = (
        "# Calibration SOP\n\n## Responsibilities\n"
        "- Laboratory Analyst: calibrates the balance and records the readings.\n"
        "- QA Manager: reviews the calibration records.\n\n"
        "## Procedure\n1. Calibrate the balance with the reference weights.\n"
        "2. Record the readings in the logbook.\n3. Review the calibration records.\n"
    )
    assert tasks(read(text)) == [
        ("Calibrate the balance with the reference weights", "Laboratory Analyst"),
        ("Record the readings in the logbook", "Laboratory Analyst"),
        ("Review the calibration records", "QA Manager"),
    ]


def test_role_headed_checklist_sections_give_their_items_that_role() -> None:
    text = (
        "# Onboarding\n\nManager:\n- [ ] Order the laptop\n- [ ] Plan the first week\n\n"
        "New hire:\n- [ ] Sign the contract\n\n## Steps for IT Support\n1. Create the account.\n"
    )
    assert tasks(read(text)) == [
        ("Order the laptop", "Manager"),
        ("Plan the first week", "Manager"),
        ("Sign the contract", "New Hire"),
        ("Create the account", "IT Support"),
    ]


def test_instructions_belong_to_the_role_the_text_calls_you() -> None:
    text = (
        "## Postmortem\nAs owner of a postmortem, you are responsible for the following.\n\n"
        "1. Schedule the postmortem meeting.\n2. Write the external message.\n"
    )
    assert tasks(read(text)) == [
        ("Schedule the postmortem meeting", "Owner"),
        ("Write the external message", "Owner"),
    ]


# decisions


def test_if_otherwise_in_one_sentence_wires_both_branches() -> None:
    graph = read(
        "If the amount exceeds 10,000, the director approves the payment; "
        "otherwise the manager approves the payment. Finance pays the claim."
    )
    decision = next(s for s in graph.steps if s.kind == "decision")
    targets = {e.condition: graph.step(e.to) for e in decision.next}
    assert targets["yes"].actor == "Director" and targets["no"].actor == "Manager"
    assert graph.step(targets["yes"].next[0].to).name == "Pay the claim"


def test_condition_after_its_action_comes_first() -> None:
    graph = read("The supervisor signs the form if the amount is high. The clerk files it.")
    assert branches(graph, "amount is high") == {"yes": "Sign the form", "no": "File it"}


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Should everything be in order, the clerk approves the invoice.", "Everything is in"),
        ("Unless the part is in stock, the buyer orders it.", "The part is in stock?"),
        ("In case the form is incomplete, the clerk returns it.", "The form is incomplete?"),
        (
            "Depending on the amount, the manager signs the form.",
            "Which case applies for the amount?",
        ),
    ],
)
def test_other_condition_words_open_a_decision(text: str, question: str) -> None:
    graph = read(text + " The clerk archives the file.")
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert decision.name.startswith(question)
    assert len(decision.next) == 2


def test_unless_runs_the_action_on_the_no_branch() -> None:
    graph = read("Unless the part is in stock, the buyer orders it. The clerk files the order.")
    assert branches(graph, "in stock")["no"] == "Order it"


def test_a_condition_heading_sub_items_makes_them_its_yes_branch() -> None:
    graph = read(
        "1. Load the autoclave.\n"
        "2. If autoclaving waste:\n"
        "    * Label the bag.\n"
        "    * Tie the bag.\n"
        "3. Close the lid.\n"
    )
    out = branches(graph, "Autoclaving waste")
    assert out["no"] == "Close the lid"
    assert out["yes"] != "Close the lid"


def test_a_condition_alone_takes_the_next_item_as_its_body() -> None:
    graph = read(
        "1. Join the call.\n2. Is there no commander on the call?\n3. Take command.\n"
        "4. Follow the commander.\n"
    )
    assert branches(graph, "Is there no commander") == {
        "yes": "Take command",
        "no": "Follow the commander",
    }


@pytest.mark.parametrize(
    ("text", "question", "action"),
    [
        (
            "If the issue is not urgent and you have other work, create a ticket.",
            "The issue is not urgent and you have other work?",
            "Create a ticket",
        ),
        (
            "If you suspect a server was compromised, shut it down.",
            "You suspect a server was compromised?",
            "Shut it down",
        ),
        (
            "If autoclaving liquids, rinse the bin with hot water.",
            "Autoclaving liquids?",
            "Rinse the bin with hot water",
        ),
        ("Page the commander if not already done.", "Not already done?", "Page the commander"),
        (
            "If it does not look like your problem, then escalate to another team.",
            "It does not look like your problem?",
            "Escalate to another team",
        ),
    ],
)
def test_conditions_the_parser_hangs_oddly_still_open_a_decision(
    text: str, question: str, action: str
) -> None:
    graph = read(f"1. Open the incident.\n2. {text}\n3. Close the incident.\n")
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert decision.name == question
    assert branches(graph, question)["yes"] == action


def test_consecutive_conditions_on_one_subject_are_one_decision_others_two() -> None:
    same = read(
        "If the amount is small, the clerk pays it. If the amount is large, the manager pays it."
    )
    [decision] = [s for s in same.steps if s.kind == "decision"]
    assert "amount is small" in decision.name and "amount is large" in decision.name
    other = read("If you are unsure, ask the lead. If you lose the receipt, tell the manager.")
    assert len([s for s in other.steps if s.kind == "decision"]) == 2


def test_if_not_in_the_next_sentence_is_the_other_branch() -> None:
    graph = read(
        "The clerk checks the form. If the form is complete, the clerk files it. "
        "If it is not, then the clerk calls the customer. The manager signs the register."
    )
    assert branches(graph, "form is complete") == {
        "yes": "File it",
        "no": "Call the customer",
    }


def test_or_between_actions_is_a_decision_between_them() -> None:
    graph = read("The MPOO either confirms the order or rejects it. The GO archives the case.")
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert sorted(graph.step(e.to).name for e in decision.next) == [
        "Confirm the order",
        "Reject it",
    ]


def test_or_before_a_second_subject_and_whereas_are_alternatives() -> None:
    graph = read(
        "The GO rejects the deregistration of the MSPO or the GO preliminarily confirms the "
        "deregistration of the MSPO. The GO archives the case."
    )
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert len(decision.next) == 2
    graph = read(
        "Amounts under $200 are approved by the clerk, whereas larger amounts are approved by "
        "the supervisor. The clerk files the claim."
    )
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert {graph.step(e.to).actor for e in decision.next} == {"Clerk", "Supervisor"}


def test_actions_each_introduced_by_sometimes_are_alternatives() -> None:
    graph = read(
        "Sometimes, the clerk buys the leads, sometimes, the manager meets them at a fair. "
        "The clerk calls the lead."
    )
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert sorted(graph.step(e.to).name for e in decision.next) == [
        "Buy the leads",
        "Meet them at a fair",
    ]


def test_otherwise_after_an_action_makes_the_two_actions_alternatives() -> None:
    graph = read("Sometimes I ask for corrections, otherwise I approve the job description.")
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert {graph.step(e.to).name for e in decision.next} == {
        "Ask for corrections",
        "Approve the job description",
    }


def test_a_decision_with_one_outcome_is_kept_as_a_step_with_a_note() -> None:
    graph, notes = extract(sections_from_text("If the claim is OK."), "t")
    assert [s.kind for s in graph.steps] == ["start", "task", "end"]
    assert any("only one outcome" in n for n in notes)


def test_labelled_cases_under_a_step_are_branches_of_one_decision() -> None:
    graph = read(
        "1. Identify the repair action. Typically:\n"
        "    * **Bad deployment:** Roll it back.\n"
        "    * **Event flood:** Validate the throttling.\n"
        "2. Announce the end of the incident.\n"
    )
    assert branches(graph, "Which case applies") == {
        "bad deployment": "Roll it back",
        "event flood": "Validate the throttling",
    }


def test_labelled_notes_are_not_cases() -> None:
    graph = read(
        "1. Fill in the form:\n   - Note: use capitals.\n   - Tip: sign it.\n2. File it.\n"
    )
    assert not any(s.kind == "decision" for s in graph.steps)


# parallel work


def test_in_parallel_splits_the_actions_of_the_sentence() -> None:
    graph = read(
        "The analyst checks the logs, the engineer restores the service and the lead informs "
        "the customers in parallel."
    )
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).actor for e in split.next} == {"Analyst", "Engineer", "Lead"}
    assert any(s.kind == "parallel_join" for s in graph.steps)


def test_while_runs_both_clauses_at_once() -> None:
    graph = read("While the analyst checks the data, the manager prepares the report.")
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).name for e in split.next} == {"Check the data", "Prepare the report"}


def test_meanwhile_runs_beside_the_step_before() -> None:
    graph = read("The buyer selects the supplier. Meanwhile, finance checks the budget.")
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).name for e in split.next} == {
        "Select the supplier",
        "Check the budget",
    }


def test_unordered_list_under_one_step_is_done_in_parallel() -> None:
    graph = read(
        "1. Prepare the release:\n   - Tag the commit.\n   - Write the release notes.\n"
        "2. Publish the release.\n"
    )
    split = next(s for s in graph.steps if s.kind == "parallel_split")
    assert {graph.step(e.to).name for e in split.next} == {
        "Tag the commit",
        "Write the release notes",
    }


# loops and jumps


def test_go_to_step_is_an_edge_not_a_task() -> None:
    graph = read(
        "1. The clerk registers the claim.\n2. The adjuster assesses the claim.\n"
        "3. The clerk checks the documents; otherwise the claim goes to step 2.\n"
        "4. The clerk closes the claim.\n"
    )
    names = [s.name for s in graph.steps]
    assert not any("step" in n.lower() for n in names)
    assert any(
        graph.step(e.to).name == "Assess the claim"
        for s in graph.steps
        if s.kind == "decision"
        for e in s.next
    )


def test_return_to_step_and_go_back_to_are_edges() -> None:
    graph = read(
        "1. Draft the letter.\n2. The manager reviews the letter.\n"
        "3. If changes are needed, go back to the draft.\n4. Send the letter.\n"
    )
    decision = next(s for s in graph.steps if s.kind == "decision")
    assert branches(graph, decision.name)["yes"] == "Draft the letter"
    assert not any("back" in s.name.lower() for s in graph.steps)


def test_until_loops_back_to_its_action() -> None:
    graph = read("The technician adjusts the valve until the pressure is stable. He logs it.")
    loop = next(s for s in graph.steps if s.kind == "decision")
    assert branches(graph, loop.name) == {"no": "Adjust the valve", "yes": "Log it"}


def test_claims_sop_go_to_step_4_becomes_an_edge() -> None:
    graph = read(
        "1. The clerk logs the claim.\n2. The adjuster reviews the claim.\n"
        "3. If the claim is complete, the adjuster approves it; otherwise the claim goes to "
        "step 4.\n4. The clerk requests the missing documents.\n5. Finance pays the claim.\n"
    )
    assert not any("Go to step" in s.name for s in graph.steps)
    assert branches(graph, "claim is complete")["no"] == "Request the missing documents"


# document structure


def test_lettered_hierarchical_and_checkbox_lists_and_context_sections() -> None:
    text = (
        "1. Purpose\nThis SOP describes how the balance is calibrated.\n"
        "2. Scope\nAll balances in the laboratory.\n"
        "4. Procedure\n4.1 Preparation\n4.1.1 Clean the weighing pan.\n"
        "4.1.2 Switch on the balance.\n4.2 Calibration\n4.2.1 Place the reference weight.\n"
        "a) Read the display.\nb) Record the value.\n"
        "- [ ] Sign the logbook\n6. Records: calibration logs are kept for 3 years.\n"
    )
    names = [name for name, _ in tasks(read(text))]
    assert names == [
        "Clean the weighing pan",
        "Switch on the balance",
        "Place the reference weight",
        "Read the display",
        "Record the value",
        "Sign the logbook",
    ]


def test_markdown_links_and_emphasis_read_as_their_words() -> None:
    graph = read("1. Log in to [HR Links](https://example.org/hr).\n2. Click **Update**.\n")
    assert [name for name, _ in tasks(graph)] == ["Log in to HR Links", "Click Update"]


def test_headings_group_steps_instead_of_becoming_tasks() -> None:
    graph = read("## Preparation\n1. Clean the pan.\n\n## Weighing\n1. Weigh the sample.\n")
    assert [(s.name, s.source.section if s.source else None) for s in graph.steps[1:3]] == [
        ("Clean the pan", "Preparation"),
        ("Weigh the sample", "Weighing"),
    ]


# refusals


def test_a_specification_is_refused_with_the_share_of_action_sentences() -> None:
    spec = " ".join(
        [
            "The API is a REST interface.",
            "Each record contains an identifier and a timestamp.",
            "The response body is a JSON object.",
            "Identifiers are opaque strings of up to 64 characters.",
            "Timestamps are in UTC.",
        ]
        * 5
    )
    with pytest.raises(ExtractionError) as caught:
        read(spec)
    assert "of 25 sentences" in str(caught.value)


def test_a_real_procedure_in_prose_is_not_refused() -> None:
    graph = read(
        "The customer submits an order. The clerk checks the stock. If the item is "
        "available, the clerk ships it; otherwise the buyer orders it from the supplier."
    )
    assert len(tasks(graph)) >= 3


def test_without_the_parser_the_extractor_still_works_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "load", lambda: None)
    graph, notes = extract(sections_from_text("1. The clerk logs the claim.\n"), "t")
    assert tasks(graph) == [("Log the claim", "Clerk")]
    assert notes == [pipeline.MISSING_NOTICE]


def test_bare_verb_after_let_or_help_is_part_of_the_causing_step() -> None:
    graph = read("If you update the macro, let the Comms Lead know.")
    assert ("Let the Comms Lead know", None) in tasks(graph)
    assert all(name != "Know" for name, _actor in tasks(graph))
    graph = read("The clerk helps the customer fill in the form.")
    assert tasks(graph) == [("Help the customer fill in the form", "Clerk")]


def test_capitalised_instruction_tagged_as_an_interjection_with_an_object_is_a_verb() -> None:
    graph = read("Tag the release and push the tag.")
    assert tasks(graph) == [("Tag the release", None), ("Push the tag", None)]


def test_participle_joined_to_an_adjective_stays_in_the_name() -> None:
    graph = read("The clerk reviews new and existing claims.")
    assert tasks(graph) == [("Review new and existing claims", "Clerk")]
