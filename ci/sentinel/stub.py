#!/usr/bin/env python3
"""Sentinel stub: a stand-in for the API's build-status endpoint, switchable while it runs.

    GET  /api/powerfill/status   the current answer (default 200 {"module":"PowerFill","status":"phase-8-superset-ready"})
    GET  /_stub/answer           the control state: {"current": {...}, "pending": {... "switch_in_seconds": s} | null}
    PUT  /_stub/answer           set the answer; JSON body:
             {"status_code": 200, "body": {...}}          a JSON answer
             {"status_code": 503, "raw": "text"}          a raw text answer (optional "content_type")
             "delay_ms": N      delay every status response by N ms while this answer is in force
             "after_seconds": N keep the current answer N more seconds, then switch (a rollout in progress)
             {"reset": true}    back to the default answer
           Faults, for the gate's fault tests:
             "mode": "hang"     accept the request and never answer (until the stub stops)
             "mode": "trickle"  send the headers, then the body one byte every "trickle_ms" (default 1000)
             "size_bytes": N    a body of N bytes ("x" repeated) instead of body/raw
             "retry_after": "…" a Retry-After header, as given
             "any_path": true   answer every path, GET or POST, with this answer (the stub stands for Superset)
             "login_ok": true   with any_path: POST …/api/v1/security/login answers 200 with a token ("token": "…" names it)
             "redirect_to": URL "redirect_status": 301|302|303|307 (default)|308
                                answer every path (with any_path) or the status path with that redirect; with
                                "redirect_from": PATH only that path (e.g. the login) is redirected
             "close_first": N   close the first N connections (after reading the request) without answering,
                                then answer normally (a server or proxy restarting)
             "mode": "close"    close every connection without answering
             "echo_styles": true with any_path: a login POST is refused with a page quoting the password it
                                received in every form a server may echo it (raw, json.dumps with and without
                                ensure_ascii, JSON with \\/, HTML named/decimal/hex, quote, quote_plus, the
                                request body verbatim), one per line
    GET  /_stub/received         what came in since the last PUT: [{"method","path","body"}] (bodies as text,
                                the last 100 requests): proof that a redirect target received nothing
    DELETE /_stub/answer         same as {"reset": true}

    --tls-cert FILE --tls-key FILE   serve https (a certificate the machine does not trust, for tests)

State is persisted to $GATE_HOME/sentinel/answer.json (or --state), so a restart keeps it.
Standard library only. Listens on 127.0.0.1 only.
"""
import argparse
import html
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATUS_PATH = "/api/powerfill/status"
CONTROL_PATH = "/_stub/answer"
RECEIVED_PATH = "/_stub/received"
MAX_RECEIVED = 100
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
DEFAULT_ANSWER = {
    "status_code": 200,
    "body": {"module": "PowerFill", "status": "phase-8-superset-ready"},
    "delay_ms": 0,
}
MAX_DELAY_MS = 600_000
MAX_SIZE_BYTES = 512 * 1024 * 1024
HANG_SECONDS = 600
LOGIN_PATH = "/api/v1/security/login"


class State:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()
        self.current = dict(DEFAULT_ANSWER)
        self.pending = None  # {"answer": {...}, "switch_at": epoch seconds}
        self.received = []  # requests since the last PUT, for /_stub/received
        self.closed = 0  # connections closed under close_first since the last PUT
        self._load()

    def _load(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            self.current = normalize(data["current"])
            p = data.get("pending")
            if p:
                self.pending = {"answer": normalize(p["answer"]), "switch_at": float(p["switch_at"])}
        except FileNotFoundError:
            pass
        except (ValueError, KeyError, TypeError) as e:
            print(f"stub: ignoring unreadable state file {self.path}: {e}", file=sys.stderr)

    def _save(self):
        if not self.path:
            return
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"current": self.current, "pending": self.pending}, f, indent=2)
        os.replace(tmp, self.path)

    def _promote(self):
        if self.pending and time.time() >= self.pending["switch_at"]:
            self.current = self.pending["answer"]
            self.pending = None
            self._save()

    def answer(self):
        with self.lock:
            self._promote()
            return dict(self.current)

    def describe(self):
        with self.lock:
            self._promote()
            pending = None
            if self.pending:
                pending = dict(self.pending["answer"])
                pending["switch_in_seconds"] = round(max(0.0, self.pending["switch_at"] - time.time()), 3)
            return {"current": self.current, "pending": pending}

    def record(self, method, path, body):
        with self.lock:
            self.received.append({"method": method, "path": path, "body": body.decode("utf-8", "replace")})
            del self.received[:-MAX_RECEIVED]

    def close_this_one(self, limit):
        """True while fewer than `limit` connections were closed since the last PUT (and counts this one)."""
        with self.lock:
            if self.closed < limit:
                self.closed += 1
                return True
            return False

    def set(self, answer, after_seconds):
        with self.lock:
            self._promote()
            self.received = []
            self.closed = 0
            if after_seconds and after_seconds > 0:
                self.pending = {"answer": answer, "switch_at": time.time() + after_seconds}
            else:
                self.current = answer
                self.pending = None
            self._save()


def normalize(spec):
    """Validate a requested answer; return the stored form or raise ValueError."""
    if not isinstance(spec, dict):
        raise ValueError("answer must be a JSON object")
    code = spec.get("status_code", 200)
    if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 599:
        raise ValueError("status_code must be an integer 100..599")
    delay = spec.get("delay_ms", 0) or 0
    if isinstance(delay, bool) or not isinstance(delay, (int, float)) or not 0 <= delay <= MAX_DELAY_MS:
        raise ValueError(f"delay_ms must be a number 0..{MAX_DELAY_MS}")
    out = {"status_code": code, "delay_ms": int(delay)}
    mode = spec.get("mode", "normal")
    if mode not in ("normal", "hang", "trickle", "close"):
        raise ValueError("mode must be normal, hang, trickle or close")
    out["mode"] = mode
    trickle = spec.get("trickle_ms", 1000)
    if isinstance(trickle, bool) or not isinstance(trickle, (int, float)) or not 1 <= trickle <= MAX_DELAY_MS:
        raise ValueError("trickle_ms must be a number 1..%d" % MAX_DELAY_MS)
    out["trickle_ms"] = int(trickle)
    size = spec.get("size_bytes")
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= MAX_SIZE_BYTES:
            raise ValueError("size_bytes must be an integer 0..%d" % MAX_SIZE_BYTES)
        out["size_bytes"] = size
    if "redirect_to" in spec:
        target = spec["redirect_to"]
        if not isinstance(target, str) or not target or "\n" in target or "\r" in target:
            raise ValueError("redirect_to must be a one-line URL")
        out["redirect_to"] = target
        status = spec.get("redirect_status", 307)
        if status not in REDIRECT_STATUSES:
            raise ValueError("redirect_status must be one of %s" % (REDIRECT_STATUSES,))
        out["redirect_status"] = status
        if "redirect_from" in spec:
            if not isinstance(spec["redirect_from"], str) or not spec["redirect_from"].startswith("/"):
                raise ValueError("redirect_from must be a path")
            out["redirect_from"] = spec["redirect_from"].rstrip("/") or "/"
    close_first = spec.get("close_first", 0) or 0
    if isinstance(close_first, bool) or not isinstance(close_first, int) or not 0 <= close_first <= 1000:
        raise ValueError("close_first must be an integer 0..1000")
    if close_first:
        out["close_first"] = close_first
    for flag in ("any_path", "login_ok", "echo_styles"):
        if spec.get(flag):
            out[flag] = True
    if "retry_after" in spec:
        if not isinstance(spec["retry_after"], str) or "\n" in spec["retry_after"] or "\r" in spec["retry_after"]:
            raise ValueError("retry_after must be a one-line string")
        out["retry_after"] = spec["retry_after"]
    if "token" in spec:
        if not isinstance(spec["token"], str) or not spec["token"]:
            raise ValueError("token must be a non-empty string")
        out["token"] = spec["token"]
    has_body, has_raw = "body" in spec, "raw" in spec
    if has_body and has_raw:
        raise ValueError("give either body or raw, not both")
    if has_raw:
        if not isinstance(spec["raw"], str):
            raise ValueError("raw must be a string")
        out["raw"] = spec["raw"]
        ct = spec.get("content_type", "text/plain; charset=utf-8")
        if not isinstance(ct, str) or not ct or "\n" in ct or "\r" in ct:
            raise ValueError("content_type must be a one-line string")
        out["content_type"] = ct
    else:
        out["body"] = spec.get("body", DEFAULT_ANSWER["body"])
    return out


class Handler(BaseHTTPRequestHandler):
    server_version = "gate-sentinel-stub/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), fmt % args))

    def _send(self, code, payload, content_type="application/json", retry_after=None):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def parse_request(self):
        # One handler serves every request of a keep-alive connection: forget the last request's body.
        self.__dict__.pop("_body", None)
        return super().parse_request()

    def _path(self):
        return self.path.split("?", 1)[0].rstrip("/") or "/"

    def _read_body(self):
        """The request body (up to 1 MB), read once and recorded for /_stub/received."""
        if not hasattr(self, "_body"):
            length = int(self.headers.get("Content-Length") or 0)
            self._body = self.rfile.read(min(length, 1_000_000)) if length else b""
            if self._path() not in (CONTROL_PATH, RECEIVED_PATH):
                self.server.state.record(self.command, self._path(), self._body)
        return self._body

    def _fault(self, ans):
        """close_first, close and redirects: True when the request was handled by one."""
        if ans.get("mode") == "close" or (ans.get("close_first") and self.server.state.close_this_one(ans["close_first"])):
            self.close_connection = True
            return True
        target = ans.get("redirect_to")
        if target and ans.get("redirect_from", self._path()) == self._path():
            self.send_response(ans.get("redirect_status", 307))
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def _echo_styles(self):
        """A refused login quoting the password it received in every form a server may echo it."""
        raw = self._read_body()
        try:
            password = json.loads(raw or b"{}").get("password", "")
        except (ValueError, AttributeError):
            password = ""
        forms = [
            ("raw", password),
            ("json.dumps", json.dumps(password)),
            ("json.dumps ensure_ascii=False", json.dumps(password, ensure_ascii=False)),
            ("JSON escaping /", json.dumps(password).replace("/", "\\/")),
            ("HTML named", html.escape(password, quote=True)),
            ("HTML decimal", "".join("&#%d;" % ord(c) for c in password)),
            ("HTML hex", "".join("&#x%x;" % ord(c) for c in password)),
            ("quote", urllib.parse.quote(password, safe="/")),
            ("quote_plus", urllib.parse.quote_plus(password)),
            ("the request body", raw.decode("utf-8", "replace")),
        ]
        page = "login refused for these credentials:\n" + "\n".join("%s: %s" % form for form in forms) + "\n"
        self._send(401, page.encode("utf-8"), "text/plain; charset=utf-8")

    def _status(self, ans=None):
        ans = ans or self.server.state.answer()
        if ans.get("delay_ms"):
            time.sleep(ans["delay_ms"] / 1000.0)
        mode = ans.get("mode", "normal")
        if mode == "hang":
            time.sleep(HANG_SECONDS)
            self.close_connection = True
            return
        if "size_bytes" in ans:
            payload, content_type = b"x" * ans["size_bytes"], "text/plain; charset=utf-8"
        elif "raw" in ans:
            payload, content_type = ans["raw"].encode("utf-8"), ans.get("content_type", "text/plain; charset=utf-8")
        else:
            payload, content_type = json.dumps(ans["body"]).encode("utf-8"), "application/json"
        if mode == "trickle":
            self.send_response(ans["status_code"])
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            try:
                for i in range(len(payload)):
                    self.wfile.write(payload[i:i + 1])
                    self.wfile.flush()
                    time.sleep(ans.get("trickle_ms", 1000) / 1000.0)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        self._send(ans["status_code"], payload, content_type, ans.get("retry_after"))

    def _any_path(self):
        """With any_path, every path but the control one gets the answer (login too, unless login_ok)."""
        ans = self.server.state.answer()
        if not ans.get("any_path") or self._path() in (CONTROL_PATH, RECEIVED_PATH):
            return False
        self._read_body()
        if self._fault(ans):
            return True
        if self.command == "POST" and self._path().endswith(LOGIN_PATH):
            if ans.get("echo_styles"):
                self._echo_styles()
                return True
            if ans.get("login_ok"):
                self._send(200, {"access_token": ans.get("token", "stub-access-token"), "refresh_token": "stub-refresh-token"})
                return True
        self._status(ans)
        return True

    def do_GET(self):
        if self._any_path():
            return
        path = self._path()
        if path == STATUS_PATH:
            self._read_body()
            if not self._fault(self.server.state.answer()):
                self._status()
        elif path == CONTROL_PATH:
            self._send(200, self.server.state.describe())
        elif path == RECEIVED_PATH:
            with self.server.state.lock:
                self._send(200, {"requests": list(self.server.state.received)})
        else:
            self._read_body()
            self._send(404, {"error": "not found", "path": path})

    do_HEAD = do_GET

    def do_PUT(self):
        if self.command == "POST" and self._any_path():
            return
        if self._path() != CONTROL_PATH:
            self._read_body()
            self._send(404, {"error": "not found"})
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1_000_000:
                raise ValueError("request body too large")
            spec = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(spec, dict):
                raise ValueError("request must be a JSON object")
            if spec.get("reset"):
                answer, after = dict(DEFAULT_ANSWER), 0
            else:
                after = spec.get("after_seconds", 0) or 0
                if isinstance(after, bool) or not isinstance(after, (int, float)) or after < 0:
                    raise ValueError("after_seconds must be a number >= 0")
                answer = normalize(spec)
        except ValueError as e:
            self._send(400, {"error": str(e)})
            return
        self.server.state.set(answer, after)
        self._send(200, self.server.state.describe())

    do_POST = do_PUT

    def do_DELETE(self):
        if self._path() != CONTROL_PATH:
            self._send(404, {"error": "not found"})
            return
        self.server.state.set(dict(DEFAULT_ANSWER), 0)
        self._send(200, self.server.state.describe())


def main():
    home = os.environ.get("GATE_HOME", "/var/tmp/gate-stack")
    ap = argparse.ArgumentParser(description="gate sentinel stub")
    ap.add_argument("--port", type=int, default=int(os.environ.get("GATE_SENTINEL_PORT", "8089")))
    ap.add_argument("--state", default=os.path.join(home, "sentinel", "answer.json"))
    ap.add_argument("--tls-cert", help="serve https with this certificate (PEM)")
    ap.add_argument("--tls-key", help="its private key (PEM)")
    args = ap.parse_args()
    os.makedirs(os.path.dirname(args.state), exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = State(args.state)
    if args.tls_cert:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"stub: listening on 127.0.0.1:{args.port}, state {args.state}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
