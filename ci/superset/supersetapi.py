"""A small Superset 6.1 REST client shared by deploy.py and scenario.py.

Login with a JWT (POST /api/v1/security/login), then fetch a CSRF token and the session
cookie that goes with it (GET /api/v1/security/csrf_token/) for writes. Every request has a
timeout. Error messages carry Superset's own message with any secret redacted.
"""
import json
import os
import sys

import prison
import requests

DEFAULT_TIMEOUT = float(os.environ.get("GATE_SUPERSET_HTTP_TIMEOUT", "60"))


class ApiError(Exception):
    pass


def _secrets():
    out = []
    for key in ("GATE_SUPERSET_PASSWORD", "GATE_PG_READER_PASSWORD", "GATE_PG_OWNER_PASSWORD",
                "GATE_SUPERSET_SECRET_KEY"):
        v = os.environ.get(key)
        if v and len(v) >= 4:
            out.append(v)
    return out


def redact(text):
    text = str(text)
    for s in _secrets():
        text = text.replace(s, "***")
    return text


class Superset:
    def __init__(self, base_url=None, username=None, password=None, timeout=DEFAULT_TIMEOUT):
        self.base = (base_url or os.environ.get("GATE_SUPERSET_URL")
                     or "http://127.0.0.1:%s" % os.environ.get("GATE_SUPERSET_PORT", "8088")).rstrip("/")
        self.username = username or os.environ.get("GATE_SUPERSET_USER", "admin")
        self._password = password or os.environ.get("GATE_SUPERSET_PASSWORD", "")
        self.timeout = timeout
        self.session = requests.Session()
        # No session-wide Content-Type: a GET of /api/v1/chart/{id}/data/ that carries
        # "Content-Type: application/json" without a body is answered 400 ("The browser (or
        # proxy) sent a request that this server could not understand"). requests sets it
        # on every request that has a JSON body.
        self.session.headers["Accept"] = "application/json"
        self.token = None

    # -- auth -----------------------------------------------------------------
    def login(self):
        body = {"username": self.username, "password": self._password, "provider": "db", "refresh": True}
        try:
            r = self.session.post(self.base + "/api/v1/security/login", json=body, timeout=self.timeout)
        except requests.RequestException as e:
            raise ApiError(f"Superset not reachable at {self.base}: {redact(e)}") from None
        if r.status_code != 200:
            raise ApiError(f"login as {self.username} refused ({r.status_code}): {redact(r.text[:300])}")
        self.token = r.json()["access_token"]
        self.session.headers["Authorization"] = "Bearer " + self.token
        r = self.session.get(self.base + "/api/v1/security/csrf_token/", timeout=self.timeout)
        if r.status_code != 200:
            raise ApiError(f"csrf_token ({r.status_code}): {redact(r.text[:300])}")
        self.session.headers["X-CSRFToken"] = r.json()["result"]
        self.session.headers["Referer"] = self.base + "/"
        return self

    # -- plumbing ---------------------------------------------------------------
    def request(self, method, path, body=None, params=None, ok=(200, 201), allow=()):
        url = self.base + path
        try:
            r = self.session.request(method, url, json=body, params=params, timeout=self.timeout)
        except requests.RequestException as e:
            raise ApiError(f"{method} {path}: {redact(e)}") from None
        if r.status_code in allow:
            return r.status_code, None
        if r.status_code not in ok:
            hint = ""
            if r.status_code >= 500:
                hint = " (server error: the traceback is in $GATE_SUPERSET_DIR/superset.log)"
            raise ApiError(f"{method} {path} -> HTTP {r.status_code}: {redact(r.text[:1500])}{hint}")
        try:
            return r.status_code, r.json()
        except ValueError:
            return r.status_code, r.text

    def get(self, path, **kw):
        return self.request("GET", path, **kw)[1]

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)[1]

    def put(self, path, body, **kw):
        return self.request("PUT", path, body=body, **kw)[1]

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)[1]

    def find(self, resource, filters, columns=None):
        """Objects of `resource` matching rison filters [(col, opr, value), ...]."""
        q = {"filters": [{"col": c, "opr": o, "value": v} for c, o, v in filters], "page_size": 100}
        if columns:
            q["columns"] = columns
        res = self.get(f"/api/v1/{resource}/", params={"q": prison.dumps(q)})
        return res.get("result", [])

    # -- lookups used by both scripts -----------------------------------------------
    def dashboard(self, id_or_slug):
        """The dashboard record, or None when it does not exist."""
        status, res = self.request("GET", f"/api/v1/dashboard/{id_or_slug}", allow=(404,))
        return None if status == 404 else res["result"]

    def dashboard_charts(self, id_or_slug):
        return self.get(f"/api/v1/dashboard/{id_or_slug}/charts")["result"]

    def dashboard_datasets(self, id_or_slug):
        return self.get(f"/api/v1/dashboard/{id_or_slug}/datasets")["result"]

    def refresh_dataset(self, ds_id):
        self.put(f"/api/v1/dataset/{ds_id}/refresh", {})

    def chart_data(self, chart_id):
        """Render a chart from its saved query context: (ok, message)."""
        path = f"/api/v1/chart/{chart_id}/data/"
        try:
            r = self.session.get(self.base + path, timeout=self.timeout)
        except requests.RequestException as e:
            return False, f"GET {path}: {redact(e)}"
        if r.status_code != 200:
            return False, f"GET {path} -> HTTP {r.status_code}: {redact(r.text[:800])}"
        errors = [q.get("error") for q in r.json().get("result", []) if q.get("error")]
        if errors:
            return False, redact("; ".join(map(str, errors))[:800])
        return True, ""

    def dataset_row_count(self, ds_id):
        body = {
            "datasource": {"id": ds_id, "type": "table"},
            "queries": [{
                "metrics": [{"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "row_count"}],
                "columns": [], "filters": [], "extras": {}, "row_limit": 1,
            }],
            "result_format": "json", "result_type": "full",
        }
        res = self.post("/api/v1/chart/data", body, ok=(200,))
        q = res["result"][0]
        if q.get("error"):
            raise ApiError(f"row count of dataset {ds_id}: {redact(q['error'])}")
        return int(q["data"][0]["row_count"])


def fail(msg, code=1):
    print(redact(msg), file=sys.stderr)
    sys.exit(code)


def dumps(obj):
    return json.dumps(obj, sort_keys=False, separators=(",", ":"))
