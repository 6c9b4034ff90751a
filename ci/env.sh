# Sourced (not run) by every script in ci/ and by the README commands.
# Defines where the local stack lives and exports the variables the gate reads.
# Secrets are generated once into $GATE_HOME/secrets.env (mode 600) unless the
# caller already exported them; nothing here prints a secret.

export GATE_HOME="${GATE_HOME:-/var/tmp/gate-stack}"
export GATE_REPO="${GATE_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

# Ports: all services listen on 127.0.0.1 only.
export GATE_PG_PORT="${GATE_PG_PORT:-55432}"
export GATE_SUPERSET_PORT="${GATE_SUPERSET_PORT:-8088}"

# Superset: one version per (port, venv, dir, metadata DB). The default is the stack's 6.1.0 on 8088 in
# $GATE_HOME/superset{,-venv}. Another version (ci/superset-matrix) is chosen by GATE_SUPERSET_VERSION together with
# its own GATE_SUPERSET_PORT; its dir, venv and requirements default to $GATE_HOME/superset<MAJ><MIN>{,-venv} and
# ci/superset/requirements-<MAJ>.<MIN>.txt, and its API keys live in <dir>/apikeys.env, not in secrets.env.
export GATE_SUPERSET_DEFAULT_VERSION=6.1.0
export GATE_SUPERSET_VERSION="${GATE_SUPERSET_VERSION:-$GATE_SUPERSET_DEFAULT_VERSION}"
if [ "$GATE_SUPERSET_VERSION" = "$GATE_SUPERSET_DEFAULT_VERSION" ]; then
  export GATE_SUPERSET_DIR="${GATE_SUPERSET_DIR:-$GATE_HOME/superset}"
  export GATE_SUPERSET_VENV="${GATE_SUPERSET_VENV:-$GATE_HOME/superset-venv}"
  export GATE_SUPERSET_REQUIREMENTS="${GATE_SUPERSET_REQUIREMENTS:-$GATE_REPO/ci/superset/requirements.txt}"
  export GATE_SUPERSET_KEYS_FILE="${GATE_SUPERSET_KEYS_FILE:-$GATE_HOME/secrets.env}"
else
  _gate_ss_mm=$(printf '%s' "$GATE_SUPERSET_VERSION" | cut -d. -f1,2)
  export GATE_SUPERSET_DIR="${GATE_SUPERSET_DIR:-$GATE_HOME/superset${_gate_ss_mm//./}}"
  export GATE_SUPERSET_VENV="${GATE_SUPERSET_VENV:-$GATE_SUPERSET_DIR-venv}"
  export GATE_SUPERSET_REQUIREMENTS="${GATE_SUPERSET_REQUIREMENTS:-$GATE_REPO/ci/superset/requirements-$_gate_ss_mm.txt}"
  export GATE_SUPERSET_KEYS_FILE="${GATE_SUPERSET_KEYS_FILE:-$GATE_SUPERSET_DIR/apikeys.env}"
  unset _gate_ss_mm
fi
export GATE_SENTINEL_PORT="${GATE_SENTINEL_PORT:-8089}"

# Tenant databases, one per data state, all in one local cluster.
export GATE_DB_POSTFIX=powerfill            # post-fix data: what environment `local` expects
export GATE_DB_PREFIX=powerfill_prefix      # pre-fix data (5 runs, 688 cash-map rows)
export GATE_DB_POPULATED=powerfill_populated
export GATE_DB_HISTORY=powerfill_history    # post-fix data that the history tests change (ci/data-scratch history)
export GATE_DB_VALUES=powerfill_values      # data the value tests change, in any state (ci/data-scratch values)

mkdir -p "$GATE_HOME"
chmod 755 "$GATE_HOME"
if [ ! -s "$GATE_HOME/secrets.env" ]; then
  umask 077
  {
    echo "GATE_PG_OWNER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    echo "GATE_PG_READER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    echo "GATE_SUPERSET_USER=admin"
    echo "GATE_SUPERSET_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    echo "GATE_SUPERSET_SECRET_KEY=$(head -c 42 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  } > "$GATE_HOME/secrets.env"
  umask 022
fi
# Added since the file was first written: appended when missing (the others are kept).
if ! grep -q '^GATE_SUPERSET_VIEWER_PASSWORD=' "$GATE_HOME/secrets.env"; then
  {
    echo "GATE_SUPERSET_VIEWER_USER=gate_viewer"
    echo "GATE_SUPERSET_VIEWER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  } >> "$GATE_HOME/secrets.env"
fi
# Values the caller exported win over the generated ones.
while IFS='=' read -r _gate_key _gate_value; do
  [[ "$_gate_key" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
  if [ -z "${!_gate_key:-}" ]; then export "$_gate_key=$_gate_value"; else export "$_gate_key"; fi
done < "$GATE_HOME/secrets.env"
unset _gate_key _gate_value

_gate_odbc() { # database name -> ODBC connection string for the read-only role
  printf 'Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=%s;Database=%s;Uid=gate_reader;Pwd=%s;' \
    "$GATE_PG_PORT" "$1" "$GATE_PG_READER_PASSWORD"
}
export GATE_ODBC="${GATE_ODBC:-$(_gate_odbc "$GATE_DB_POSTFIX")}"
export GATE_ODBC_PREFIX="${GATE_ODBC_PREFIX:-$(_gate_odbc "$GATE_DB_PREFIX")}"
export GATE_ODBC_POPULATED="${GATE_ODBC_POPULATED:-$(_gate_odbc "$GATE_DB_POPULATED")}"
export GATE_ODBC_HISTORY="${GATE_ODBC_HISTORY:-$(_gate_odbc "$GATE_DB_HISTORY")}"
export GATE_ODBC_VALUES="${GATE_ODBC_VALUES:-$(_gate_odbc "$GATE_DB_VALUES")}"
export GATE_SUPERSET_URL="${GATE_SUPERSET_URL:-http://127.0.0.1:$GATE_SUPERSET_PORT}"
export GATE_SENTINEL_URL="${GATE_SENTINEL_URL:-http://127.0.0.1:$GATE_SENTINEL_PORT}"

# The stack's API keys may have been minted after this file was sourced (ci/stack-up): read them again from the
# secrets file. ci/gate and ci/test call it after ci/stack-up.
gate_reload_api_keys() {
  local key
  for key in GATE_SUPERSET_API_KEY GATE_SUPERSET_VIEWER_API_KEY; do
    export "$key=$(sed -n "s/^$key=//p" "$GATE_SUPERSET_KEYS_FILE" 2>/dev/null)"
  done
}
# Another Superset version's keys are its own (secrets.env holds the default Superset's): read from its keys file.
if [ "$GATE_SUPERSET_KEYS_FILE" != "$GATE_HOME/secrets.env" ]; then gate_reload_api_keys; fi

# A Swift build's output without its progress lines and the dependencies' warnings about their own files: the last 3.
gate_build_tail() {
  { grep -vE "^\[[0-9]+/[0-9]+\]|found [0-9]+ file\(s\) which are unhandled|^ *- /|^warning: 'swift-" || true; } | tail -n 3
}

# The stack and a Swift build side by side (a fresh machine spends minutes in each; the build needs only the Debian
# packages): the packages first, then `swift build "$@"` in the background while ci/stack-up runs, its output kept
# in reports/swift-build.log and its last lines shown. Fails when either fails.
gate_stack_up_and_build() {
  "$GATE_REPO/ci/install-packages"
  mkdir -p "$GATE_REPO/reports"
  local log="$GATE_REPO/reports/swift-build.log" build rc=0
  (cd "$GATE_REPO" && swift build "$@") >"$log" 2>&1 &
  build=$!
  if ! "$GATE_REPO/ci/stack-up"; then
    kill "$build" 2>/dev/null || true
    wait "$build" 2>/dev/null || true
    return 1
  fi
  wait "$build" || rc=$?
  gate_build_tail < "$log"
  [ "$rc" -eq 0 ] || { echo "swift build $* failed (exit $rc): see $log" >&2; return "$rc"; }
}
