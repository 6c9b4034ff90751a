# Superset configuration for the local gate stack.
# ci/superset-up copies this file to $GATE_HOME/superset/superset_config.py and points
# SUPERSET_CONFIG_PATH at it. Secrets are read from the environment at import time and
# are never written into this file.
import os

_HERE = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = os.environ.get("GATE_SUPERSET_SECRET_KEY") or os.environ.get("SUPERSET_SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("GATE_SUPERSET_SECRET_KEY is not set (source ci/env.sh)")

# Metadata database: SQLite next to this file.
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(_HERE, "superset.db") + "?timeout=30"
SQLALCHEMY_TRACK_MODIFICATIONS = False

# The REST API: JWT bearer tokens for reads, CSRF token + session cookie for writes.
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None
# Local plain-HTTP stack on 127.0.0.1: no HTTPS redirects / HSTS.
TALISMAN_ENABLED = False
CONTENT_SECURITY_POLICY_WARNING = False
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_SAMESITE = "Lax"

# In-process rate-limit storage (silences the flask-limiter warning).
RATELIMIT_STORAGE_URI = "memory://"

# Only PostgreSQL data sources are used; keep Superset's safety check on.
PREVENT_UNSAFE_DB_CONNECTIONS = True

# Row limits generous enough for the fixtures; queries from the gate stay small.
ROW_LIMIT = 50000
SQL_MAX_ROW = 100000
SUPERSET_WEBSERVER_TIMEOUT = 120

# Quiet, deterministic, no outbound calls.
THUMBNAILS = False
ALERT_REPORTS = False
FEATURE_FLAGS = {
    "DASHBOARD_RBAC": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
}
LOG_LEVEL = os.environ.get("GATE_SUPERSET_LOG_LEVEL", "WARNING")

# Flask-AppBuilder's API keys (`Authorization: Bearer sst_…`, carrying the key's user's roles): the gate may log in
# with one (superset_api_key_env). ci/superset/apikey.py mints the stack's keys (the gate's and the viewer's).
FAB_API_KEY_ENABLED = True

# Superset's event log stores each request's JSON payload in the metadata DB (table `logs`);
# a database POST/PUT carries the connection password in sqlalchemy_uri. Redact secrets
# before they are written.
import re as _re  # noqa: E402

from superset.utils.log import DBEventLogger as _DBEventLogger  # noqa: E402

_SECRET_KEY_PARTS = ("password", "passwords", "encrypted_extra", "secret", "token", "private_key")
_URI_PASSWORD = _re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def _scrub(value, key=""):
    k = key.lower()
    if isinstance(value, dict):
        return {kk: _scrub(vv, str(kk)) for kk, vv in value.items()}
    if isinstance(value, list):
        return [_scrub(v, key) for v in value]
    if isinstance(value, str):
        if any(p in k for p in _SECRET_KEY_PARTS):
            return "***"
        return _URI_PASSWORD.sub(r"\1***@", value)
    return value


class _RedactingDBEventLogger(_DBEventLogger):
    def log(self, *args, **kwargs):
        if kwargs.get("records"):
            kwargs["records"] = [_scrub(r) for r in kwargs["records"]]
        if kwargs.get("curated_payload"):
            kwargs["curated_payload"] = _scrub(kwargs["curated_payload"])
        return super().log(*args, **kwargs)


EVENT_LOGGER = _RedactingDBEventLogger()
