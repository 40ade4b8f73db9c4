"""Realistic requests a business user types, with the tool and arguments each one means.

Shared by the intent tests and ``benchmarks/agents_benchmark.py``. The journey they run
against has the files below; typos are on purpose.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from symphainy.agents.artefacts import FileRef

TODAY = date(2026, 11, 25)
FILES = [
    FileRef(
        "f1",
        "sales_2025.csv",
        "dataset",
        "ready",
        ("order_id", "region", "order_value", "order_date", "customer_email"),
    ),
    FileRef(
        "f2",
        "customers.csv",
        "dataset",
        "ready",
        ("customer_id", "name", "email", "country", "signup_date"),
    ),
    FileRef(
        "f3",
        "crm_export.xlsx",
        "dataset",
        "ready",
        ("client_id", "full_name", "email_address", "nation"),
    ),
    FileRef("f4", "Onboarding SOP.docx", "document", "ready"),
    FileRef("f5", "travel policy.pdf", "document", "ready"),
    FileRef("f6", "Q3 incident report.pdf", "document", "ready"),
    FileRef("f7", "old_draft.txt", "document", "failed"),
]
NAMED = [("workflow", "w1", "Employee onboarding"), ("workflow", "w2", "Claims handling")]


class Row(NamedTuple):
    agent: str
    message: str
    tool: str
    args: dict[str, Any]


ROWS = [
    # Guide
    Row("guide", "what should I do next?", "next_step", {}),
    Row("guide", "wat shuld i do nxt", "next_step", {}),
    Row("guide", "ok whats the next step for us", "next_step", {}),
    Row("guide", "make me a plan to reach our goals", "journey_plan", {}),
    Row("guide", "which files should I bring?", "journey_plan", {}),
    Row("guide", "where do we stand overall?", "journey_status", {}),
    Row("guide", "hi there!", "greet", {}),
    # Content
    Row("content", "whats the upload status of my files?", "list_files", {}),
    Row("content", "did any of my uplaods fail?", "list_files", {"status": "failed"}),
    Row("content", "show me all the documents", "list_files", {"kind": "document"}),
    Row(
        "content",
        "what columns does customers.csv have?",
        "file_details",
        {"file": "customers.csv"},
    ),
    # A row count is a data question, answered by the same parser as Insights' /ask (this
    # row expected file_details before chat and /ask shared one understanding).
    Row(
        "content",
        "how many rows are in the sales spredsheet?",
        "ask_data",
        {"file": "sales_2025.csv"},
    ),
    Row(
        "content",
        "show me the first 5 rows of the sales data",
        "preview_file",
        {"file": "sales_2025.csv", "rows": 5},
    ),
    Row(
        "content",
        "find where the documents mention hotel refunds",
        "search_content",
        {"query": "hotel refunds"},
    ),
    Row("content", "search for late deliveries", "search_content", {"query": "late deliveries"}),
    Row("content", "delete old_draft.txt", "delete_file", {"file": "old_draft.txt"}),
    Row(
        "content", "please archive the travel polcy", "archive_file", {"file": "travel policy.pdf"}
    ),
    Row("content", "reprocess the failed draft", "reprocess_file", {"file": "old_draft.txt"}),
    Row("content", "I want to upload a new spreadsheet", "upload_file", {}),
    # Insights
    Row(
        "insights", "what's wrong with the sales data?", "data_quality", {"file": "sales_2025.csv"}
    ),
    Row(
        "insights",
        "check the data qualty of customers.csv",
        "data_quality",
        {"file": "customers.csv"},
    ),
    Row(
        "insights",
        "are there any problems in the crm export?",
        "data_quality",
        {"file": "crm_export.xlsx"},
    ),
    Row("insights", "which columns have missing values?", "missing_values", {}),
    Row(
        "insights",
        "are there blanks in the email column of customers?",
        "missing_values",
        {"file": "customers.csv", "column": "email"},
    ),
    Row(
        "insights",
        "average order value by region",
        "ask_data",
        {"question": "average order value by region"},
    ),
    Row(
        "insights",
        "whats the total order value for the North regoin?",
        "ask_data",
        {"question": "whats the total order value for the North regoin?"},
    ),
    Row(
        "insights",
        "how many customers signed up per country",
        "ask_data",
        {"question": "how many customers signed up per country"},
    ),
    Row(
        "insights",
        "which region has the highest sales?",
        "ask_data",
        {"question": "which region has the highest sales?"},
    ),
    Row("insights", "profile the sales data", "profile_dataset", {"file": "sales_2025.csv"}),
    Row("insights", "summarise the travel policy", "summarize_file", {"file": "travel policy.pdf"}),
    Row("insights", "chart the sales data for me", "suggest_charts", {"file": "sales_2025.csv"}),
    Row(
        "insights",
        "what are the lessons learned in the Q3 incident report?",
        "review_document",
        {"file": "Q3 incident report.pdf"},
    ),
    Row(
        "insights",
        "map customers.csv onto the crm export",
        "map_fields",
        {"source_file": "customers.csv", "target_file": "crm_export.xlsx"},
    ),
    # Operations
    Row(
        "operations",
        "turn the onboarding SOP into a workflow",
        "create_workflow",
        {"file": "Onboarding SOP.docx"},
    ),
    Row(
        "operations",
        "make a wokflow from the onboarding procedure doc",
        "create_workflow",
        {"file": "Onboarding SOP.docx"},
    ),
    Row("operations", "which steps can AI automate?", "coexistence_blueprint", {}),
    Row(
        "operations",
        "where could AI help in the claims handling process?",
        "coexistence_blueprint",
        {"workflow": "w2"},
    ),
    Row("operations", "how much time would automation save us", "coexistence_blueprint", {}),
    Row(
        "operations",
        "write an SOP for the employee onboarding workflow",
        "generate_sop",
        {"workflow": "w1"},
    ),
    Row("operations", "which workflows do we have?", "list_workflows", {}),
    Row(
        "operations",
        "who is involved in the claims handling process?",
        "workflow_details",
        {"workflow": "w2"},
    ),
    # Outcomes
    Row(
        "outcomes",
        "draft the roadmap starting in March",
        "draft_roadmap",
        {"start_date": "2027-03-01"},
    ),
    Row(
        "outcomes",
        "make a 6 month roadmap from next month",
        "draft_roadmap",
        {"start_date": "2026-12-01", "horizon_months": 6},
    ),
    Row(
        "outcomes",
        "create a roadmap startng in Marhc 2027",
        "draft_roadmap",
        {"start_date": "2027-03-01"},
    ),
    Row("outcomes", "export the proposal as PDF", "export_document", {"format": "pdf"}),
    Row("outcomes", "can I get the roadmap in word format", "export_document", {"format": "docx"}),
    Row("outcomes", "draft the proof of concept proposal", "draft_proposal", {}),
    Row("outcomes", "what's the ROI of the pilot?", "show_proposal", {}),
    Row("outcomes", "show me the roadmap milestones", "show_roadmap", {}),
    Row("outcomes", "give me the executive summary of the journey", "journey_summary", {}),
    # Phrasings written after the tools' examples were settled, as a check on over-fitting.
    Row("guide", "I'm lost, where should I start?", "next_step", {}),
    Row("guide", "what's the game plan", "journey_plan", {}),
    # One named file's status: that file's details (this row expected the list of all files).
    Row("content", "is customers.csv done processing?", "file_details", {"file": "customers.csv"}),
    Row("content", "get rid of old_draft.txt", "delete_file", {"file": "old_draft.txt"}),
    Row("content", "anything about refunds in our docs?", "search_content", {"query": "refunds"}),
    Row(
        "insights",
        "how good is the data in crm_export?",
        "data_quality",
        {"file": "crm_export.xlsx"},
    ),
    Row(
        "insights",
        "how many empty emails are there in customers.csv",
        "missing_values",
        {"file": "customers.csv", "column": "email"},
    ),
    Row(
        "insights",
        "sum of order value per month",
        "ask_data",
        {"question": "sum of order value per month"},
    ),
    Row("insights", "count of customers by country", "ask_data", {"file": "customers.csv"}),
    Row(
        "insights",
        "give me a quick overview of the travel policy",
        "summarize_file",
        {"file": "travel policy.pdf"},
    ),
    Row(
        "insights",
        "what risks are flagged in the incident report",
        "review_document",
        {"file": "Q3 incident report.pdf"},
    ),
    Row(
        "operations",
        "can you map the process described in the onboarding SOP",
        "create_workflow",
        {"file": "Onboarding SOP.docx"},
    ),
    Row(
        "operations",
        "what parts of claims handling could be done by AI",
        "coexistence_blueprint",
        {"workflow": "w2"},
    ),
    Row(
        "operations",
        "show the steps of the claims handling workflow",
        "workflow_details",
        {"workflow": "w2"},
    ),
    Row(
        "outcomes",
        "plan the rollout beginning in april",
        "draft_roadmap",
        {"start_date": "2027-04-01"},
    ),
    Row("outcomes", "send me the proposal as a word doc", "export_document", {"format": "docx"}),
    Row("outcomes", "what will the pilot cost us", "show_proposal", {}),
    Row("outcomes", "write up the business case", "draft_proposal", {}),
]
# Requests no tool should answer: the engine says what it can do instead.
UNCLEAR = [
    ("content", "tell me a joke"),
    ("insights", "what's the weather tomorrow?"),
    ("operations", "sing happy birthday"),
    ("guide", "asdf qwerty"),
]
