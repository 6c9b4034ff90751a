"""Mutations of the -scratch dashboards for the gate's scenario tests.

    scenario.py delete-chart SLUG "CHART NAME"      delete the chart from Superset
    scenario.py set-viz SLUG "CHART NAME" VIZ_TYPE  change the chart's viz_type (record and params)
    scenario.py set-sql SLUG  < new.sql             replace the dashboard dataset's SQL, then refresh

Only slugs ending in -scratch are accepted. `ci/superset-deploy --scratch` restores the set.
Exit codes: 0 done, 1 Superset refused or the object is missing, 2 usage.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supersetapi import ApiError, Superset, redact  # noqa: E402

USAGE = __doc__.strip().split("\n\n")[1]


def usage(msg=None):
    if msg:
        print(f"superset-scenario: {msg}", file=sys.stderr)
    print("usage:\n" + USAGE, file=sys.stderr)
    sys.exit(2)


def find_chart(api, slug, name):
    charts = [c for c in api.dashboard_charts(slug) if c["slice_name"] == name]
    if not charts:
        raise LookupError(f"{slug}: no chart named {name!r}")
    return charts[0]


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        usage()
    cmd, args = argv[0], argv[1:]
    arity = {"delete-chart": 2, "set-viz": 3, "set-sql": 1}
    if cmd not in arity:
        usage(f"unknown command {cmd!r}")
    if len(args) != arity[cmd]:
        usage(f"{cmd} takes {arity[cmd]} argument(s)")
    slug = args[0]
    if not slug.endswith("-scratch"):
        print(f"superset-scenario: refusing {slug!r}: only -scratch dashboards may be mutated", file=sys.stderr)
        return 2
    sql = None
    if cmd == "set-sql":
        sql = sys.stdin.read()
        if not sql.strip():
            usage("set-sql reads the new SQL from stdin; it was empty")

    api = Superset().login()
    if api.dashboard(slug) is None:
        raise LookupError(f"dashboard {slug!r} not found (run ci/superset-deploy --scratch)")

    if cmd == "delete-chart":
        ch = find_chart(api, slug, args[1])
        api.delete(f"/api/v1/chart/{ch['id']}")
        print(f"superset-scenario: {slug}: deleted chart {args[1]!r} (id {ch['id']})")
    elif cmd == "set-viz":
        name, viz = args[1], args[2]
        ch = find_chart(api, slug, name)
        rec = api.get(f"/api/v1/chart/{ch['id']}")["result"]
        params = json.loads(rec.get("params") or "{}")
        params["viz_type"] = viz
        body = {"viz_type": viz, "params": json.dumps(params)}
        if rec.get("query_context"):
            qc = json.loads(rec["query_context"])
            if isinstance(qc.get("form_data"), dict):
                qc["form_data"]["viz_type"] = viz
            body["query_context"] = json.dumps(qc)
        api.put(f"/api/v1/chart/{ch['id']}", body)
        print(f"superset-scenario: {slug}: chart {name!r} (id {ch['id']}) viz_type {rec.get('viz_type')} -> {viz}")
    else:
        datasets = api.dashboard_datasets(slug)
        if len(datasets) != 1:
            raise LookupError(f"{slug}: expected one dataset, found {len(datasets)}")
        ds_id = datasets[0]["id"]
        api.put(f"/api/v1/dataset/{ds_id}", {"sql": sql})
        try:
            api.refresh_dataset(ds_id)
            refreshed = "and refreshed"
        except ApiError as e:
            # The SQL is in place (a scenario may want SQL that Superset cannot run); say why
            # the column re-sync failed, but the mutation itself succeeded.
            print(f"superset-scenario: warning: refresh of dataset {ds_id} failed: {e}", file=sys.stderr)
            refreshed = "(refresh failed, see warning)"
        print(f"superset-scenario: {slug}: dataset {datasets[0].get('table_name')} (id {ds_id}) SQL replaced "
              f"({len(sql)} chars) {refreshed}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (ApiError, LookupError) as e:
        print("superset-scenario: " + redact(e), file=sys.stderr)
        sys.exit(1)
