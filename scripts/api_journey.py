#!/usr/bin/env python3
"""The API journey against a running server (e.g. `make run`), with urllib only.

    python scripts/api_journey.py [BASE_URL] [PASSWORD]
    BASE_URL / DEMO_PASSWORD may also come from the environment
    (defaults: http://127.0.0.1:8000 and the password `make run` printed).

Đảng ủy phường Kon Tum (phuongkontum, the successor of Thành ủy Kon Tum since 1/7/2025
in the demo) lists its obligations, writes and submits a report; Ban Tuyên giáo và Dân
vận (danvan) returns it with a comment; the ward resubmits a new version; the board
accepts; the directive summary changes; the ward asks for an extension and the board
approves it; Tỉnh đoàn (tinhdoan) can neither see nor touch the ward's objects.
Exits non-zero at the first unexpected answer. It changes the demo data.
"""

import datetime as dt
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BASE_URL",
                                                              "http://127.0.0.1:8000"))
PASSWORD = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("DEMO_PASSWORD", "")
V1 = BASE.rstrip("/") + "/api/v1"


class Client:
    def __init__(self, token: str | None = None):
        self.token = token

    def call(self, method: str, path: str, body=None, params=None, headers=None):
        url = f"{V1}/{path.lstrip('/')}"
        if params:
            url += "?" + urllib.parse.urlencode(params, doseq=True)
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None), response.headers
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = raw[:200]
            return error.code, payload, error.headers

    def expect(self, status: int, method: str, path: str, **kwargs):
        got, body, headers = self.call(method, path, **kwargs)
        if got != status:
            sys.exit(f"FAIL {method} {path}: {got} (expected {status}) {body}")
        print(f"ok   {method:5} {path} → {got}")
        return body, headers


def login(username: str) -> Client:
    body, _h = Client().expect(200, "POST", "auth/token/",
                               body={"username": username, "password": PASSWORD})
    return Client(body["token"])


def everything(client: Client, path: str, params=None) -> list:
    rows, params = [], {"page_size": 100, **(params or {})}
    body, _h = client.expect(200, "GET", path, params=params)
    rows.extend(body["results"])
    while body.get("next"):
        nxt = urllib.parse.urlsplit(body["next"])
        body, _h = client.expect(200, "GET", nxt.path.split("/api/v1/", 1)[1],
                                 params=dict(urllib.parse.parse_qsl(nxt.query)))
        rows.extend(body["results"])
    return rows


def counts(summary: dict) -> dict:
    return next(u for u in summary["units"] if u["code"] == "du-p-kontum")["obligations"][
        "counts"]


def main() -> None:
    if not PASSWORD:
        sys.exit("Give the demo password (argv[2] or DEMO_PASSWORD).")
    ward, danvan, tinhdoan = login("phuongkontum"), login("danvan"), login("tinhdoan")

    open_ones = everything(ward, "obligations/", {"status": ["pending", "overdue"]})
    assert open_ones and all(o["unit"]["code"] == "du-p-kontum" for o in open_ones)
    obligation = open_ones[0]
    directive = obligation["directive"]
    before, _h = danvan.expect(200, "GET", f"directives/{directive}/summary/")

    report, _h = ward.expect(201, "POST", "reports/", body={
        "obligation": obligation["id"], "text": "Báo cáo kết quả thực hiện trong kỳ.",
        "results_text": "Tổ chức 3 hội nghị quán triệt.", "progress_percent": 60})
    _b, headers = ward.expect(200, "GET", f"reports/{report['id']}/")
    ward.expect(428, "PATCH", f"reports/{report['id']}/", body={"progress_percent": 70})
    ward.expect(200, "PATCH", f"reports/{report['id']}/", body={"progress_percent": 70},
                   headers={"If-Match": headers["ETag"]})
    ward.expect(412, "PATCH", f"reports/{report['id']}/", body={"progress_percent": 80},
                   headers={"If-Match": headers["ETag"]})
    ward.expect(200, "POST", f"reports/{report['id']}/submit/")

    tinhdoan.expect(404, "GET", f"reports/{report['id']}/")
    tinhdoan.expect(404, "GET", f"obligations/{obligation['id']}/")
    tinhdoan.expect(404, "POST", f"reports/{report['id']}/accept/", body={})
    tinhdoan.expect(400, "POST", "reports/", body={"obligation": obligation["id"], "text": "x"})

    danvan.expect(400, "POST", f"reports/{report['id']}/return/", body={})
    danvan.expect(200, "POST", f"reports/{report['id']}/return/",
                  body={"comment": "Đề nghị bổ sung số liệu cụ thể."})
    second, _h = ward.expect(201, "POST", "reports/", body={"obligation": obligation["id"]})
    assert second["version"] == 2 and second["progress_percent"] == 70, second
    ward.expect(200, "POST", f"reports/{second['id']}/submit/")
    danvan.expect(200, "POST", f"reports/{second['id']}/accept/", body={"comment": "Đạt."})
    danvan.expect(409, "POST", f"reports/{second['id']}/accept/", body={})
    after, _h = danvan.expect(200, "GET", f"directives/{directive}/summary/")
    accepted_before = sum(v for k, v in counts(before).items() if k.startswith("accepted"))
    accepted_after = sum(v for k, v in counts(after).items() if k.startswith("accepted"))
    assert accepted_after == accepted_before + 1, (counts(before), counts(after))
    print(f"     summary: phường Kon Tum accepted {accepted_before} → {accepted_after}")

    other = next(o for o in everything(ward, "obligations/",
                                       {"status": ["pending", "overdue"]})
                 if o["id"] != obligation["id"])
    wanted = (dt.date.fromisoformat(other["due_on"]) + dt.timedelta(days=20)).isoformat()
    ext, _h = ward.expect(201, "POST", "extension-requests/", body={
        "assignment": other["assignment"], "obligation": other["id"],
        "requested_due_on": wanted, "reason": "Đang tổ chức sơ kết, cần thêm thời gian."})
    tinhdoan.expect(404, "POST", f"extension-requests/{ext['id']}/approve/", body={})
    ward.expect(403, "POST", f"extension-requests/{ext['id']}/approve/", body={})
    danvan.expect(200, "POST", f"extension-requests/{ext['id']}/approve/",
                  body={"note": "Đồng ý."})
    moved, _h = ward.expect(200, "GET", f"obligations/{other['id']}/")
    assert moved["due_on"] == wanted, moved

    for path in ("obligations/", "assignments/", "reports/", "extension-requests/"):
        rows = everything(tinhdoan, path)
        foreign = [r["id"] for r in rows if r["unit"]["code"] != "btv-tinhdoan"]
        assert not foreign, (path, foreign)
    print("PASS: the API journey works end to end.")


if __name__ == "__main__":
    main()
