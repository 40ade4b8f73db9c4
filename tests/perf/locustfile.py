"""A C-suite session on SymphAIny, for Locust.

Each simulated person signs up and signs in (cookie session + CSRF token, as the pages do),
opens the dashboard, starts a journey, uploads a CSV and a PDF, opens the profile and the
quality report, asks two questions, generates a workflow and a roadmap, chats three turns, and
then keeps reading pages and results with a few seconds of thinking between clicks.
Endpoints the running platform does not have (404 on first use) are skipped for the rest of
the run and listed in the summary.

With ``SYMPHAINY_LOAD_ACCOUNTS`` naming a file of e-mail addresses (one a line, all with the
password below), each person signs in to an existing account, as executives do; without it each
one registers first, which measures a sign-up storm instead (password hashing dominates).

    locust -f tests/perf/locustfile.py --headless -u 100 -r 10 -t 60s --host http://127.0.0.1:8000

Request names are route templates, so the statistics group by endpoint, not by id.
"""

from __future__ import annotations

import itertools
import os
import random
import uuid
import zlib
from typing import Any

from locust import HttpUser, between, events, task

PASSWORD = "Quartz-lantern-harbor-91"
RUN = uuid.uuid4().hex[:6]
_people = itertools.count()
MISSING: set[str] = set()
_accounts_file = os.environ.get("SYMPHAINY_LOAD_ACCOUNTS", "")
ACCOUNTS = open(_accounts_file).read().split() if _accounts_file else []  # noqa: SIM115


def csv_bytes(seed: int) -> bytes:
    rnd = random.Random(seed)
    rows = [
        f"{i},Supplier {rnd.randint(1, 40)},{rnd.uniform(10, 9000):.2f},"
        f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},"
        f"{rnd.choice(['paid', 'open', 'late', ''])}"
        for i in range(400)
    ]
    return ("invoice_id,supplier,amount,due_on,state\n" + "\n".join(rows) + f"\n#{seed}\n").encode()


def pdf_bytes(seed: int) -> bytes:
    """A small text PDF (one page per section) written by hand: no PDF library needed here."""
    pages = [
        f"Section {n}: invoice approval step {n} for run {seed}. The clerk enters the "
        f"invoice; the manager approves amounts over {1000 * n} EUR."
        for n in range(1, 4)
    ]
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = zlib.compress(f"BT /F1 11 Tf 50 750 Td ({text}) Tj ET".encode())
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> >> >>" % content_id
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(kids)
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


SOP = (
    "Invoice approval\n\n1. The clerk receives the invoice.\n2. The clerk checks the PO.\n"
    "3. If the amount is over 5000 EUR, the manager approves it.\n"
    "4. Finance pays the supplier.\n5. Finance archives the invoice.\n"
)
QUESTIONS = [
    "What is the total amount?",
    "How many invoices are late?",
    "Which supplier has the highest amount?",
    "What is the average amount by state?",
]
CHAT = ["What should I do first?", "Summarise my files", "What are the data quality problems?"]


class Executive(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        n = next(_people)
        self.seed = hash((RUN, n, os.getpid())) & 0xFFFFFF
        if ACCOUNTS:
            email = ACCOUNTS[n % len(ACCOUNTS)]
        else:
            email = f"exec-{RUN}-{os.getpid()}-{n}@example.com"
            self.client.post(
                "/api/v1/auth/register",
                name="/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "full_name": "Ada Exec"},
            )
        r = self.client.post(
            "/api/v1/auth/login",
            name="/api/v1/auth/login",
            json={"email": email, "password": PASSWORD},
        )
        self.csrf = r.json().get("csrf_token", "") if r.ok else ""
        self.headers = {"X-CSRF-Token": self.csrf}
        me = self.client.get("/api/v1/auth/me", name="/api/v1/auth/me").json()
        workspace = me["workspaces"][0]["id"]
        self.client.get("/", name="page: dashboard")
        r = self.client.post(
            "/api/v1/journeys",
            name="/api/v1/journeys [create]",
            headers=self.headers,
            json={
                "workspace_id": workspace,
                "title": "Cut invoice cycle time",
                "goals": ["Pay suppliers on time", "Halve manual checks"],
            },
        )
        self.journey = r.json()["id"]
        self.csv_id = self._upload("invoices.csv", csv_bytes(self.seed), "text/csv")
        self.pdf_id = self._upload("policy.pdf", pdf_bytes(self.seed), "application/pdf")
        self._wait_ready(self.csv_id)
        self._wait_ready(self.pdf_id)
        self._get(f"/api/v1/files/{self.csv_id}/profile", "/api/v1/files/{id}/profile")
        self._get(f"/api/v1/files/{self.csv_id}/quality", "/api/v1/files/{id}/quality")
        for question in random.sample(QUESTIONS, 2):
            self._post(
                f"/api/v1/files/{self.csv_id}/ask", "/api/v1/files/{id}/ask", {"question": question}
            )
        self._post(
            f"/api/v1/journeys/{self.journey}/workflows",
            "/api/v1/journeys/{id}/workflows",
            {"text": SOP},
        )
        self._post(f"/api/v1/journeys/{self.journey}/roadmap", "/api/v1/journeys/{id}/roadmap", {})
        conversation = None
        for message in CHAT:
            body = {"agent": "guide", "message": message}
            if conversation:
                body["conversation_id"] = conversation
            r = self._post(
                f"/api/v1/journeys/{self.journey}/chat",
                "/api/v1/journeys/{id}/chat",
                body,
                headers={"Accept": "application/json"},
            )
            if r is not None and r.ok:
                conversation = r.json().get("conversation_id")

    def _upload(self, name: str, data: bytes, media: str) -> str:
        r = self.client.post(
            f"/api/v1/journeys/{self.journey}/files",
            headers=self.headers,
            name="/api/v1/journeys/{id}/files [upload]",
            files={"file": (name, data, media)},
        )
        return str(r.json()["id"]) if r.status_code == 202 else ""

    def _wait_ready(self, file_id: str) -> None:
        for _ in range(60):
            if not file_id:
                return
            r = self.client.get(f"/api/v1/files/{file_id}", name="/api/v1/files/{id}")
            if not r.ok or r.json()["status"] in ("ready", "failed"):
                return
            self._sleep(0.5)

    def _sleep(self, seconds: float) -> None:
        import gevent

        gevent.sleep(seconds)

    def _get(self, url: str, name: str) -> Any:
        if name in MISSING:
            return None
        with self.client.get(url, name=name, catch_response=True) as r:
            if r.status_code == 404 and name not in MISSING:
                MISSING.add(name)
                r.success()
            return r

    def _post(
        self, url: str, name: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Any:
        if name in MISSING:
            return None
        with self.client.post(
            url,
            name=name,
            json=body,
            catch_response=True,
            headers={**self.headers, **(headers or {})},
        ) as r:
            if r.status_code == 404 and name not in MISSING:
                MISSING.add(name)
                r.success()
            return r

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/", name="page: dashboard")

    @task(3)
    def journey_page(self) -> None:
        self.client.get(f"/journeys/{self.journey}", name="page: journey")

    @task(3)
    def content_page(self) -> None:
        self.client.get(f"/journeys/{self.journey}/content", name="page: content")

    @task(3)
    def file_list(self) -> None:
        self.client.get(
            f"/api/v1/journeys/{self.journey}/files", name="/api/v1/journeys/{id}/files"
        )

    @task(3)
    def file_detail(self) -> None:
        if self.csv_id:
            self.client.get(f"/api/v1/files/{self.csv_id}", name="/api/v1/files/{id}")

    @task(2)
    def preview(self) -> None:
        if self.csv_id:
            self.client.get(
                f"/api/v1/files/{self.csv_id}/preview", name="/api/v1/files/{id}/preview"
            )

    @task(2)
    def profile_and_quality(self) -> None:
        if self.csv_id:
            self._get(f"/api/v1/files/{self.csv_id}/profile", "/api/v1/files/{id}/profile")
            self._get(f"/api/v1/files/{self.csv_id}/quality", "/api/v1/files/{id}/quality")

    @task(1)
    def search(self) -> None:
        self.client.get(
            f"/api/v1/journeys/{self.journey}/search",
            params={"q": "late supplier"},
            name="/api/v1/journeys/{id}/search",
        )

    @task(1)
    def ask(self) -> None:
        if self.csv_id:
            self._post(
                f"/api/v1/files/{self.csv_id}/ask",
                "/api/v1/files/{id}/ask",
                {"question": random.choice(QUESTIONS)},
            )


# Every request's method and time, written at the end to SYMPHAINY_LOAD_TIMES when set: the
# issue's latency target is on reads (pages and API GETs), and percentiles of several endpoints
# cannot be combined from Locust's per-endpoint summary.
TIMES: list[tuple[str, float]] = []


@events.request.add_listener
def _record_time(request_type: str, response_time: float, **_kwargs: Any) -> None:
    TIMES.append((request_type, response_time))


@events.quitting.add_listener
def _write_times(environment: Any, **_kwargs: Any) -> None:
    path = os.environ.get("SYMPHAINY_LOAD_TIMES")
    if path:
        with open(path, "w") as out:
            out.write("\n".join(f"{method} {ms:.1f}" for method, ms in TIMES))


@events.quitting.add_listener
def _report_missing(environment: Any, **_kwargs: Any) -> None:
    if MISSING:
        print("endpoints missing on this platform (skipped):", ", ".join(sorted(MISSING)))
