"""Operations pages: map a workflow from an SOP, see and edit it, write its SOP, build its
human/AI blueprint.

Every action calls ``operations.service`` (and ``content.service`` for uploads), the same
functions as the API; these routes only read forms, pick what to show and redirect.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, Request, Response, UploadFile
from fastapi import File as FormFile
from pydantic import ValidationError

from symphainy.auth.deps import DbSession, RuntimeDep
from symphainy.content import service as content
from symphainy.core.compute import ComputeTurn
from symphainy.core.errors import AppError, NotFound
from symphainy.core.provenance import parse_percentage
from symphainy.journeys import service as journeys
from symphainy.models.workspace import Role
from symphainy.operations import service
from symphainy.operations.schemas import (
    BlueprintCreate,
    EditOperation,
    WorkflowCreate,
    WorkflowUpdate,
)
from symphainy.web.deps import FormFields, FormPrincipal, PagePrincipal
from symphainy.web.render import redirect, render, sentence

if TYPE_CHECKING:  # types of what other pillars' services return
    from symphainy.models.operations import Workflow

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
ACCEPT = ".txt,.md,.markdown,.docx,.pdf,.html,.bpmn,.xml"


def _base(journey_id: str) -> str:
    return f"/journeys/{journey_id}/operations"


def _problem(exc: AppError | ValidationError) -> str:
    if isinstance(exc, ValidationError):
        return sentence(
            "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        )
    return sentence(exc.detail)


def _workflow_in(
    session: DbSession,
    principal: Any,
    journey_id: str,
    workflow_id: str,
    minimum: Role = Role.viewer,
) -> Workflow:
    workflow = service.get_workflow(session, principal, workflow_id[:64], minimum)
    if workflow.journey_id != journey_id:
        raise NotFound("workflow not found")
    return workflow


@router.get("/journeys/{journey_id}/operations", name="pillar_operations")
def overview(
    request: Request,
    journey_id: str,
    principal: PagePrincipal,
    session: DbSession,
    pending: str | None = None,
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    workflows = service.list_workflows(session, principal, journey.id, limit=100).items
    kinds = ("document", "workflow")
    files = content.list_files(session, principal, journey.id, kinds=kinds, limit=100).items
    role = principal.role_in(journey.workspace_id)
    return render(
        request,
        "operations/overview.html",
        {
            "journey": journey,
            "workflows": workflows,
            "files": files,
            "section": "journeys",
            "pending": pending[:64] if pending else None,
            "accept": ACCEPT,
            "can_edit": role is not None and role.at_least(Role.member),
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/operations/upload")
def upload(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    file: Annotated[UploadFile, FormFile()],
) -> Response:
    try:
        stored = content.upload(
            session, runtime, principal, journey_id, file.file, file.filename or "untitled"
        )
    except AppError as exc:
        session.rollback()
        return redirect(request, _base(journey_id), _problem(exc), "error")
    return redirect(
        request,
        f"{_base(journey_id)}?pending={stored.id}#from-file",
        f"“{stored.display_name}” uploaded. Once it is read, create its workflow.",
    )


@router.post("/journeys/{journey_id}/operations/workflows", dependencies=[ComputeTurn])
def create(
    request: Request,
    journey_id: str,
    principal: FormPrincipal,
    session: DbSession,
    runtime: RuntimeDep,
    source_file_id: Text = "",
    text: Text = "",
    title: Text = "",
) -> Response:
    try:
        data = WorkflowCreate(
            source_file_id=source_file_id or None,
            text=text if not source_file_id else None,
            title=title.strip() or None,
        )
        workflow = service.create_workflow(session, runtime, principal, journey_id, data)
    except (AppError, ValidationError) as exc:
        session.rollback()
        return redirect(request, _base(journey_id), _problem(exc), "error")
    return redirect(
        request,
        f"{_base(journey_id)}/workflows/{workflow.id}",
        f"Workflow mapped: {len(workflow.graph['steps']) - 2} steps.",
    )


@router.get("/journeys/{journey_id}/operations/workflows/{workflow_id}")
def workflow_page(
    request: Request,
    journey_id: str,
    workflow_id: str,
    principal: PagePrincipal,
    session: DbSession,
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    workflow = _workflow_in(session, principal, journey.id, workflow_id)
    graph = service.graph_of(workflow)
    numbers = service.step_numbers(graph)
    sops = service.recent_sops(session, workflow.id)
    blueprints = service.recent_blueprints(session, workflow.id)
    role = principal.role_in(journey.workspace_id)
    return render(
        request,
        "operations/workflow.html",
        {
            "journey": journey,
            "workflow": workflow,
            "graph": graph,
            "numbers": numbers,
            "steps": {s.id: s for s in graph.steps},
            "notes": service.notes_of(workflow),
            "pools": [p.name or p.process_name or p.id for p in graph.pools if p.participant],
            "sops": sops,
            "blueprints": blueprints,
            "section": "journeys",
            "can_edit": role is not None and role.at_least(Role.member),
        },
        principal=principal,
    )


@router.post("/journeys/{journey_id}/operations/workflows/{workflow_id}/edit")
def edit(
    request: Request,
    journey_id: str,
    workflow_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
) -> Response:
    """One edit from the page's forms, turned into the API's edit operations."""
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    here = f"{_base(journey_id)}/workflows/{workflow_id}"
    action = values.get("action", "")
    step_id = values.get("step_id") or None
    ops: list[dict[str, Any]] = []
    if action == "save":
        ops = [
            {"op": "rename", "step_id": step_id, "name": values.get("name", "")},
            {"op": "reassign", "step_id": step_id, "actor": values.get("actor", "")},
        ]
    elif action == "title":
        ops = [{"op": "set_title", "title": values.get("title", "")}]
    elif action == "remove":
        ops = [{"op": "remove", "step_id": step_id}]
    elif action in ("up", "down", "add"):
        ops = [_position_op(action, step_id, values)]
    elif action == "branches":
        branches = [
            {"to": values[f"to_{i}"], "condition": values.get(f"cond_{i}") or None}
            for i in range(20)
            if values.get(f"to_{i}")
        ]
        ops = [{"op": "set_next", "step_id": step_id, "next": branches}]
    try:
        workflow = _run_edit(
            session, principal, journey_id, workflow_id, ops, values.get("version")
        )
    except (AppError, ValidationError) as exc:
        session.rollback()
        return redirect(request, f"{here}#editor", _problem(exc), "error")
    return redirect(request, f"{here}#editor", f"Saved as version {workflow.version}.")


def _position_op(action: str, step_id: str | None, values: dict[str, str]) -> dict[str, Any]:
    order = [s for s in values.get("order", "").split(",") if s]
    if action == "add":
        return {
            "op": "add",
            "after": step_id,
            "step": {
                "name": values.get("name", ""),
                "actor": values.get("actor") or None,
                "kind": "task",
            },
        }
    index = order.index(step_id) if step_id in order else -1
    target = index - 2 if action == "up" else index + 1
    after = order[target] if 0 <= target < len(order) else None
    return {"op": "move", "step_id": step_id, "after": after}


def _run_edit(
    session: DbSession,
    principal: Any,
    journey_id: str,
    workflow_id: str,
    ops: list[dict[str, Any]],
    version: str | None,
) -> Workflow:
    _workflow_in(session, principal, journey_id, workflow_id, Role.member)
    update = WorkflowUpdate(
        version=int(version) if version and version.isdigit() else None,
        operations=[EditOperation.model_validate(op) for op in ops],
    )
    return service.update_workflow(session, principal, workflow_id, update)


@router.post(
    "/journeys/{journey_id}/operations/workflows/{workflow_id}/sop",
    dependencies=[ComputeTurn],
)
def write_sop(
    request: Request,
    journey_id: str,
    workflow_id: str,
    principal: FormPrincipal,
    session: DbSession,
) -> Response:
    _workflow_in(session, principal, journey_id, workflow_id, Role.member)
    record = service.create_sop(session, principal, workflow_id)
    return redirect(request, f"{_base(journey_id)}/sops/{record.id}", "SOP written.")


@router.get("/journeys/{journey_id}/operations/sops/{sop_id}")
def sop_page(
    request: Request, journey_id: str, sop_id: str, principal: PagePrincipal, session: DbSession
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    record = service.get_sop(session, principal, sop_id[:64])
    if record.journey_id != journey.id:
        raise NotFound("SOP not found")
    return render(
        request,
        "operations/sop.html",
        {"journey": journey, "sop": record, "c": record.content, "section": "journeys"},
        principal=principal,
    )


@router.post(
    "/journeys/{journey_id}/operations/workflows/{workflow_id}/blueprint",
    dependencies=[ComputeTurn],
)
def build_blueprint(
    request: Request,
    journey_id: str,
    workflow_id: str,
    principal: FormPrincipal,
    form: FormFields,
    session: DbSession,
) -> Response:
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    here = f"{_base(journey_id)}/workflows/{workflow_id}"
    try:
        _workflow_in(session, principal, journey_id, workflow_id, Role.member)
        data = BlueprintCreate.model_validate(_blueprint_form(values))
        record = service.create_blueprint(session, principal, workflow_id, data)
    except (AppError, ValidationError) as exc:
        session.rollback()
        back = values.get("back") or here
        return redirect(
            request, back if back.startswith("/journeys/") else here, _problem(exc), "error"
        )
    return redirect(request, f"{_base(journey_id)}/blueprints/{record.id}", "Blueprint built.")


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        raise AppError("enter numbers only") from None


def _blueprint_form(values: dict[str, str]) -> dict[str, Any]:
    """The blueprint form as a BlueprintCreate body.

    Every value typed is kept, also one equal to the built-in default: that is how a person
    confirms a default. Shares accept 50, 50% or 0.5.
    """
    from symphainy.core.errors import Invalid

    try:
        data: dict[str, Any] = {"volume_per_month": _number(values.get("volume_per_month"))}
        minutes = {k[8:]: _number(v) for k, v in values.items() if k.startswith("minutes:") and v}
        overrides: dict[str, dict[str, Any]] = {}
        for key, value in values.items():
            if key.startswith("role:") and value:
                overrides.setdefault(key[5:], {})["ai_role"] = value
            if key.startswith("step_minutes:") and value:
                overrides.setdefault(key[13:], {})["minutes_before"] = _number(value)
    except AppError as exc:
        raise Invalid("enter the volume and minutes as numbers") from exc
    try:
        shares = {
            k[6:]: parse_percentage(v, one_is_percent=False)
            for k, v in values.items()
            if k.startswith("share:") and v
        }
    except ValueError as exc:
        raise Invalid(str(exc), field="remaining_share") from exc
    data["minutes_by_category"] = {k: v for k, v in minutes.items() if v is not None} or None
    data["remaining_share"] = shares or None
    data["overrides"] = overrides or None
    return data


@router.get("/journeys/{journey_id}/operations/blueprints/{blueprint_id}")
def blueprint_page(
    request: Request,
    journey_id: str,
    blueprint_id: str,
    principal: PagePrincipal,
    session: DbSession,
) -> Response:
    journey = journeys.get_journey(session, principal, journey_id)
    record = service.get_blueprint(session, principal, blueprint_id[:64])
    if record.journey_id != journey.id:
        raise NotFound("blueprint not found")
    workflow = service.get_workflow(session, principal, record.workflow_id)
    role = principal.role_in(journey.workspace_id)
    return render(
        request,
        "operations/blueprint.html",
        {
            "journey": journey,
            "blueprint": record,
            "r": record.result,
            "workflow": workflow,
            "a": record.assumptions,
            "section": "journeys",
            "can_edit": role is not None and role.at_least(Role.member),
        },
        principal=principal,
    )
