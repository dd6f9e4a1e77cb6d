"""Every endpoint of a real server, called over HTTP: answers, problems, keys, logs, metrics."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml as yaml_module
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from tests.server.conftest import ADMIN_KEY, CLIENT_KEY, LENIENT, ROOT, Server, needs_server

needs_server()
httpx = pytest.importorskip("httpx")
jsonschema = pytest.importorskip("jsonschema")

QUOTE = ROOT / "examples" / "cn-de-dap.yaml"
PROPOSAL = ROOT / "examples" / "proposals" / "de-gb-dap.yaml"


def _valid(kind: str, doc: Any) -> None:
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)


def _problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["type"] == f"/problems/{kind}", body
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    return body


def test_probes_answer_without_a_key(server: Server) -> None:
    with server.client(key=None) as anonymous:
        assert anonymous.get("/healthz").json() == {"status": "ok"}
        ready = anonymous.get("/readyz")
        assert ready.status_code == 200 and ready.json()["ready"] is True
        assert len(ready.json()["rules_hash"]) == 64


def test_a_request_without_a_key_is_401(server: Server) -> None:
    with server.client(key=None) as anonymous:
        missing = _problem(anonymous.post("/v1/quote", content=QUOTE.read_bytes()), 401,
                           "unauthorized")
        assert "no API key" in missing["detail"]
        assert anonymous.get("/v1/lists").status_code == 401
    with server.client(key="not-a-key-of-this-server") as stranger:
        assert "unknown API key" in _problem(stranger.get("/v1/lists"), 401,
                                             "unauthorized")["detail"]
    with httpx.Client(base_url=server.url, headers={"X-API-Key": ADMIN_KEY}) as admin:
        assert admin.get("/v1/lists").status_code == 200  # the X-API-Key header works too


def test_quote_is_the_cli_document(client: httpx.Client) -> None:
    response = client.post("/v1/quote", content=QUOTE.read_bytes(),
                           headers={"content-type": "application/yaml"})
    assert response.status_code == 200
    doc = response.json()
    _valid("quote-result", doc)
    assert doc["quote_id"] == "Q-2026-0107" and doc["price_for_margin"] is None
    compared = client.post("/v1/quote?compare_incoterms=true", content=QUOTE.read_bytes())
    assert len(compared.json()["compare_incoterms"]) > 1


def test_quote_target(client: httpx.Client) -> None:
    doc = client.post("/v1/quote/target?target=0.25", content=QUOTE.read_bytes()).json()
    _valid("quote-result", doc)
    assert doc["price_for_margin"]["target"] == "0.25"
    problem = _problem(client.post("/v1/quote/target", content=QUOTE.read_bytes()), 400,
                       "invalid-input")
    assert "target" in problem["detail"]
    _problem(client.post("/v1/quote/target?target=1.5", content=QUOTE.read_bytes()), 400,
             "invalid-input")


def test_quote_target_rounds_to_the_served_policy_price_points(client: httpx.Client) -> None:
    """A yen quote's target prices follow the served policy's price points (whole tens of
    yen), as `quote --target --policy` gives them for the same policy."""
    text = (ROOT / "examples" / "gb-jp-cif.yaml").read_text(encoding="utf-8")
    doc = yaml_module.safe_load(text)
    doc["currency"] = "JPY"
    doc["fx"] = {"GBP/JPY": "191.27"}
    for key in ("freight", "insurance", "onward_freight"):
        if isinstance(doc.get(key), dict) and doc[key].get("currency") == "GBP":
            doc[key] = {"amount": str(Decimal(str(doc[key]["amount"])) * 191), "currency": "JPY"}
    for line in doc["lines"]:
        line["unit_price"] = str(Decimal(str(line["unit_price"])) * 191)
        line["unit_cost"] = str(Decimal(str(line["unit_cost"])) * 191)
    body = json.dumps(doc, default=str)
    served = client.post("/v1/quote/target?target=0.3", content=body,
                         headers={"content-type": "application/json"})
    assert served.status_code == 200, served.text
    solved = served.json()["price_for_margin"]
    assert solved["price_points"]["step"] == "10"
    assert all(Decimal(p) % 10 == 0 for p in solved["unit_prices"]), solved["unit_prices"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quote.json"
        path.write_text(body, encoding="utf-8")
        run = CliRunner().invoke(cli, ["quote", str(path), "--format", "json", "--target", "0.3",
                                     "--policy", str(LENIENT)])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["price_for_margin"] == solved


def test_a_yaml_body_with_a_mistake_names_its_line(client: httpx.Client) -> None:
    text = QUOTE.read_text(encoding="utf-8").replace("quantity: 4000", "quantity: -4000", 1)
    assert text != QUOTE.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "quantity: -4000" in row)
    problem = _problem(client.post("/v1/quote", content=text.encode()), 400, "invalid-input")
    assert problem["detail"].startswith(f"<request>:{line}:"), problem
    assert "quantity" in problem["detail"]
    party = _problem(client.post("/v1/screen", content=b"name: Acme\nkind: robot\n"), 400,
                     "invalid-input")
    assert party["detail"].startswith("<request>:2:7: kind:"), party


def test_bad_json_is_a_problem(client: httpx.Client) -> None:
    problem = _problem(client.post("/v1/screen", content=b'{"name": "Acme",'), 400,
                       "invalid-input")
    # JSON is read as the YAML it also is: the end of the text is where it went wrong
    assert re.match(r"<request>:\d+:\d+: invalid YAML: ", problem["detail"]), problem
    _problem(client.post("/v1/check", content=b"[1, 2]"), 400, "invalid-input")
    _problem(client.post("/v1/screen", content=b"\xff\xfe"), 400, "invalid-input")


def test_a_missing_fx_rate_is_422(client: httpx.Client) -> None:
    text = QUOTE.read_text(encoding="utf-8").replace('fx: {EUR/USD: "1.0850"}\n', "", 1)
    assert "fx:" not in text
    problem = _problem(client.post("/v1/quote", content=text.encode()), 422, "missing-rule")
    assert "USD" in problem["detail"] and "EUR" in problem["detail"]


def test_an_oversized_body_is_413(client: httpx.Client) -> None:
    body = b"#" * (6 * 1024 * 1024)
    problem = _problem(client.post("/v1/quote", content=body), 413, "too-large")
    assert "limit" in problem["detail"]

    def pieces() -> Iterator[bytes]:  # no Content-Length: cut off as it comes
        for _ in range(7):
            yield b"#" * (1024 * 1024)

    _problem(client.post("/v1/quote", content=pieces()), 413, "too-large")


def test_unknown_route_and_method(client: httpx.Client) -> None:
    assert _problem(client.get("/v2/nothing"), 404, "not-found")["instance"] == "/v2/nothing"
    _problem(client.get("/v1/quote"), 405, "method")


def test_check_writes_the_audit_record_with_the_key_label(server: Server,
                                                          client: httpx.Client) -> None:
    response = client.post("/v1/check", content=PROPOSAL.read_bytes())
    assert response.status_code == 200
    decision = response.json()
    _valid("decision", decision)
    assert decision["proposal_id"] == "P-2026-0101" and decision["status"] == "APPROVED"
    record_path = server.log.parent / "audit" / decision["audit_record"]
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["api_key"] == "erp-test"
    assert record["decision"]["status"] == "APPROVED"


def test_screen_one_party(client: httpx.Client) -> None:
    result = client.post("/v1/screen", json={"name": "Banco Nacional de Cuba",
                                             "kind": "entity"}).json()
    _valid("screen-result", result)
    assert result["status"] == "hit"
    assert result["matches"][0]["entry_id"] == "306"


def test_batch_gives_a_record_per_row_in_order(client: httpx.Client) -> None:
    body = ('{"id": "a", "name": "Tornado Kash"}\n{"id": "b", "name": "John Smith"}\n'
            'not json\n{"id": "d"}\n')
    response = client.post("/v1/screen/batch", content=body.encode())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in response.text.splitlines()]
    for record in records:
        _valid("screen-record", record)
    assert [r["row"] for r in records] == [1, 2, 3, 4]
    assert records[0]["status"] == "hit" and records[1]["status"] == "clear"
    assert records[2]["status"] is None and "error" in records[2]
    assert records[3]["status"] is None


def test_batch_streams_a_chunked_body(client: httpx.Client) -> None:
    rows = 300

    def lines() -> Iterator[bytes]:
        for n in range(rows):
            yield json.dumps({"id": n, "name": f"Trading Company {n}"}).encode() + b"\n"

    with client.stream("POST", "/v1/screen/batch", content=lines()) as response:
        got = [json.loads(line)["id"] for line in response.iter_lines() if line]
    assert got == list(range(rows))


def test_lists(client: httpx.Client) -> None:
    doc = client.get("/v1/lists").json()
    _valid("lists-status", doc)
    assert {"ofac_sdn", "un_sc"} <= {row["id"] for row in doc["lists"]}


def test_yente_match(client: httpx.Client) -> None:
    request = {"queries": {
        "bank": {"schema": "Company", "properties": {"name": ["Banco Nacional de Cuba"]}},
        "nobody": {"schema": "Person", "properties": {"name": "Jane Q Nobody",
                                                      "birthDate": ["1990-01-01"]}}}}
    doc = client.post("/match/default?limit=3", json=request).json()
    assert doc["limit"] == 3 and "name_similarity" in doc["matcher"]
    bank = doc["responses"]["bank"]
    assert bank["status"] == 200 and bank["query"]["schema"] == "Company"
    best = bank["results"][0]
    assert best["id"] == "ofac_sdn-306" and best["match"] is True
    assert best["datasets"] == ["ofac_sdn"] and best["schema"] == "Organization"
    assert len(bank["results"]) <= 3 and bank["total"]["value"] >= len(bank["results"])
    assert doc["responses"]["nobody"]["results"] == []
    only_un = client.post("/match/un_sc", json=request).json()
    assert all(r["datasets"] == ["un_sc"] for r in only_un["responses"]["bank"]["results"])
    _problem(client.post("/match/nowhere", json=request), 404, "not-found")
    _problem(client.post("/match/default", json={"queries": {"q": {"schema": "Person",
                                                                   "properties": {}}}}),
             400, "invalid-input")


def _logged(server: Server, request_id: str) -> list[dict[str, Any]]:
    """The access-log lines of ``request_id``, once the server has written one (up to 30 s).

    The line is written after the answer is sent, so a client may read the log before it.
    """
    for _ in range(300):
        lines = [json.loads(line) for line in server.log.read_text().splitlines()
                 if line.startswith("{")]
        mine = [line for line in lines if line["request_id"] == request_id]
        if mine:
            return mine
        time.sleep(0.1)
    return []


def test_request_id_is_echoed_and_logged(server: Server, client: httpx.Client) -> None:
    response = client.get("/v1/lists", headers={"X-Request-ID": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    mine = _logged(server, "trace-42")
    assert mine and mine[0]["status"] == 200 and mine[0]["route"] == "/v1/lists"
    assert mine[0]["key"] == "erp-test" and mine[0]["ms"] > 0
    assert CLIENT_KEY not in server.log.read_text()  # the label names the caller


def test_metrics(client: httpx.Client) -> None:
    client.post("/v1/screen", json={"name": "Acme Trading"})
    text = client.get("/metrics").text
    assert 'pricing_engine_requests_total{method="POST",route="/v1/screen",status="200"}' in text
    assert 'pricing_engine_request_duration_seconds_bucket{method="POST",route="/v1/screen",' \
           'le="+Inf"}' in text
    assert 'pricing_engine_list_age_days{list="ofac_sdn"}' in text


def test_openapi_is_the_committed_file(client: httpx.Client) -> None:
    served = client.get("/openapi.json")
    assert served.status_code == 200
    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))
    assert served.json() == committed


def test_reload_needs_an_admin_key(server: Server, client: httpx.Client) -> None:
    _problem(client.post("/v1/admin/reload"), 403, "forbidden")
    with server.client(key=ADMIN_KEY) as admin:
        before = admin.get("/readyz").json()["loaded_at"]
        done = admin.post("/v1/admin/reload")
        assert done.status_code == 200, done.text
        assert done.json()["status"] == "reloaded"
        assert done.json()["rules_hash"] == admin.get("/readyz").json()["rules_hash"]
        assert admin.get("/readyz").json()["loaded_at"] >= before


def test_match_without_a_dataset_is_no_route(client: httpx.Client) -> None:
    _problem(client.post("/match/"), 404, "not-found")


def test_a_trailing_slash_is_no_route_not_a_redirect(client: httpx.Client) -> None:
    """No 307 with a Location built from the Host header a client sent."""
    response = client.post("/v1/quote/", content=QUOTE.read_bytes(),
                           headers={"Host": "elsewhere.example"})
    _problem(response, 404, "not-found")
    assert "location" not in response.headers


@pytest.mark.parametrize("query", [
    "threshold=nan", "threshold=inf", "threshold=-0.1", "threshold=1.5", "threshold=0x1",
    "limit=-1", "limit=%D9%A3", "limit=1_0", "limit=%203%20", "limit=2.0", "limit=0"])
def test_match_refuses_a_limit_or_threshold_that_is_not_plain(client: httpx.Client,
                                                              query: str) -> None:
    """A NaN threshold would make every listed party "match": false (score >= NaN)."""
    request = {"queries": {"q": {"schema": "Company",
                                 "properties": {"name": ["Banco Nacional de Cuba"]}}}}
    name = query.split("=")[0]
    detail = _problem(client.post(f"/match/default?{query}", json=request), 400,
                      "invalid-input")["detail"]
    assert detail.startswith(f"{name}: ") or detail.startswith(f"{name} must"), detail


def test_match_threshold_bounds_are_scores(client: httpx.Client) -> None:
    request = {"queries": {"q": {"schema": "Company",
                                 "properties": {"name": ["Banco Nacional de Cuba"]}}}}
    low = client.post("/match/default?threshold=0&limit=1", json=request).json()
    assert low["responses"]["q"]["results"][0]["match"] is True
    high = client.post("/match/default?threshold=1.0&limit=1", json=request).json()
    best = high["responses"]["q"]["results"][0]
    assert best["match"] is (best["score"] >= 1.0)


def test_a_client_that_hangs_up_mid_body_is_a_499_not_a_bug(server: Server,
                                                            client: httpx.Client) -> None:
    """Logged and counted as the client's going (499), with no traceback; the server goes on."""
    import socket

    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Authorization: Bearer " + CLIENT_KEY.encode() + b"\r\n"
                     b"X-Request-ID: gone-mid-body\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"name\": ")
        time.sleep(0.3)  # the app is reading the body when the client goes
    mine = _logged(server, "gone-mid-body")
    assert mine and mine[0]["status"] == 499 and mine[0]["route"] == "/v1/screen", mine
    log = server.log.read_text()
    assert "request gone-mid-body: the client went away" in log
    assert "ClientDisconnect" not in log and "ASGI callable" not in log
    assert client.get("/healthz").status_code == 200
    metrics = client.get("/metrics").text
    assert 'pricing_engine_requests_total{method="POST",route="/v1/screen",status="499"}' \
        in metrics


@pytest.fixture(scope="module")
def small_batches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose batches may hold 4 KiB, without keys."""
    running = Server(tmp_path_factory.mktemp("small-batches"), "--policy", str(LENIENT),
                     "--max-batch-bytes", "4096")
    yield running
    running.stop()


def test_a_batch_cut_short_is_logged_with_the_reason(small_batches: Server) -> None:
    """Over the limit after the answer began: the answer ends broken (never short and
    complete-looking), and the log and metrics give the reason (413), not a bug (500)."""

    def lines() -> Iterator[bytes]:
        for n in range(220):
            if n == 20:
                time.sleep(1.0)  # the answer has begun with the first rows
            yield json.dumps({"id": n, "name": f"Trading Company {n}"}).encode() + b"\n"

    got: list[int] = []
    with small_batches.client(key=None) as http:
        # the answer's last chunk never comes
        with pytest.raises(httpx.TransportError), http.stream(
                "POST", "/v1/screen/batch", content=lines(),
                headers={"X-Request-ID": "batch-over"}) as response:
            assert response.status_code == 200
            got += [json.loads(line)["id"] for line in response.iter_lines() if line]
        assert len(got) < 220
        mine = _logged(small_batches, "batch-over")
        assert mine and mine[0]["status"] == 413, mine
        log = small_batches.log.read_text()
        assert "request batch-over: response cut short: the batch is over the limit" in log
        assert "Traceback" not in log
        assert 'route="/v1/screen/batch",status="413"' in http.get("/metrics").text
