"""Mutations of the scratch dashboards (slugs ending in -scratch) for the gate's scenario tests.

    scenario.py delete-chart SLUG "CHART NAME"         delete the chart from Superset
    scenario.py set-viz SLUG "CHART NAME" VIZ_TYPE     change the chart's viz_type (record and params)
    scenario.py set-sql SLUG  < new.sql                replace the dashboard dataset's SQL, then refresh
    scenario.py filter-query SLUG "CHART NAME" WHERE   add a WHERE to the chart's saved query_context only
    scenario.py drop-query-context SLUG "CHART NAME"   remove the chart's saved query_context
    scenario.py move-dataset SLUG "DATABASE NAME"      point the dashboard's dataset at another Superset database
    scenario.py unlayout SLUG "CHART NAME"             remove the chart from the layout (it stays attached)
    scenario.py layout-chart SLUG CHART_ID             add a layout entry for a chart id (attached or not)
    scenario.py set-param SLUG "CHART NAME" KEY JSON   set one params key (and the saved query the same way:
                                                       its form_data, and a row_limit or metric in its queries)
    scenario.py set-params SLUG "CHART NAME" JSON      set several params keys at once (a JSON object), as set-param
    scenario.py set-dashboard SLUG JSON                set `published` and json_metadata keys (a JSON object)
    scenario.py set-dataset SLUG JSON                  set main_dttm_col, template_params, and add calculated_columns
                                                       ({"NAME": "SQL"}) on the dashboard's dataset
    scenario.py narrow-cross-filter SLUG "CHART" "EXCLUDED CHART"  leave a chart out of CHART's cross-filter
                                                       scope and out of the dashboard's default scope
    scenario.py set-filter-default SLUG "FILTER" JSON  set a native filter's default value: a select filter's values
                                                       (a JSON list), a time filter's range (a JSON string)
    scenario.py add-rls SLUG "ROLE" CLAUSE            a row-level-security rule on the dashboard's dataset for ROLE
    scenario.py drop-rls SLUG                          remove the rules add-rls made on the dashboard's dataset
    scenario.py set-metric SLUG METRIC EXPRESSION      change the dataset's saved metric's SQL expression
    scenario.py add-native-filter SLUG NAME COLUMN VALUE  add a select filter on COLUMN whose default is VALUE
    scenario.py fork-slug SLUG                         rename the dashboard to SLUG-old-scratch and create an
                                                       empty one with the same title under SLUG (a redeploy gone wrong)
    scenario.py unfork-slug SLUG                       undo fork-slug

Only slugs ending in -scratch are accepted. `ci/superset-deploy --scratch` restores the sets (after
unfork-slug for a fork).
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


def one_dataset(api, slug):
    """The dashboard's one dataset (every scenario dashboard has exactly one)."""
    datasets = api.dashboard_datasets(slug)
    if len(datasets) != 1:
        raise LookupError(f"{slug}: expected one dataset, found {len(datasets)}")
    return datasets[0]


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        usage()
    cmd, args = argv[0], argv[1:]
    arity = {"delete-chart": 2, "set-viz": 3, "set-sql": 1, "filter-query": 3, "drop-query-context": 2,
             "move-dataset": 2, "unlayout": 2, "layout-chart": 2, "fork-slug": 1, "unfork-slug": 1,
             "set-param": 4, "set-metric": 3, "add-native-filter": 4, "set-params": 3, "set-dashboard": 2,
             "set-dataset": 2, "narrow-cross-filter": 3, "set-filter-default": 3, "add-rls": 3, "drop-rls": 1}
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
    if cmd in ("fork-slug", "unfork-slug"):
        return fork(api, slug, undo=cmd == "unfork-slug")
    if api.dashboard(slug) is None:
        raise LookupError(f"dashboard {slug!r} not found (run ci/superset-deploy --scratch)")
    if cmd in MUTATIONS:
        return MUTATIONS[cmd](api, slug, *args[1:])

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
        dataset = one_dataset(api, slug)
        ds_id = dataset["id"]
        api.put(f"/api/v1/dataset/{ds_id}", {"sql": sql})
        try:
            api.refresh_dataset(ds_id)
            refreshed = "and refreshed"
        except ApiError as e:
            # The SQL is in place (a scenario may want SQL that Superset cannot run); say why
            # the column re-sync failed, but the mutation itself succeeded.
            print(f"superset-scenario: warning: refresh of dataset {ds_id} failed: {e}", file=sys.stderr)
            refreshed = "(refresh failed, see warning)"
        print(f"superset-scenario: {slug}: dataset {dataset.get('table_name')} (id {ds_id}) SQL replaced "
              f"({len(sql)} chars) {refreshed}")
    return 0


def filter_query(api, slug, name, where):
    ch = find_chart(api, slug, name)
    rec = api.get(f"/api/v1/chart/{ch['id']}")["result"]
    qc = json.loads(rec.get("query_context") or "{}")
    for q in qc.get("queries") or []:
        q.setdefault("extras", {})["where"] = f"({where})"
    api.put(f"/api/v1/chart/{ch['id']}", {"query_context": json.dumps(qc)})
    print(f"superset-scenario: {slug}: chart {name!r} (id {ch['id']}) saved query now filters WHERE ({where}); params unchanged")
    return 0


def drop_query_context(api, slug, name):
    ch = find_chart(api, slug, name)
    api.put(f"/api/v1/chart/{ch['id']}", {"query_context": None})
    print(f"superset-scenario: {slug}: chart {name!r} (id {ch['id']}) has no saved query_context")
    return 0


def move_dataset(api, slug, database_name):
    found = api.find("database", [("database_name", "eq", database_name)])
    if not found:
        raise LookupError(f"no Superset database named {database_name!r}")
    dataset = one_dataset(api, slug)
    ds_id = dataset["id"]
    api.put(f"/api/v1/dataset/{ds_id}", {"database_id": found[0]["id"]})
    print(f"superset-scenario: {slug}: dataset {dataset.get('table_name')} (id {ds_id}) now on {database_name!r}")
    return 0


def layout(api, slug):
    dash = api.dashboard(slug)
    return dash["id"], json.loads(dash.get("position_json") or "{}")


def save_layout(api, dash_id, pos):
    api.put(f"/api/v1/dashboard/{dash_id}", {"position_json": json.dumps(pos)})


def unlayout(api, slug, name):
    ch = find_chart(api, slug, name)
    dash_id, pos = layout(api, slug)
    keys = [k for k, v in pos.items() if isinstance(v, dict) and v.get("type") == "CHART"
            and (v.get("meta") or {}).get("chartId") == ch["id"]]
    if not keys:
        raise LookupError(f"{slug}: chart {name!r} is not in the layout")
    for key in keys:
        del pos[key]
        for v in pos.values():
            if isinstance(v, dict) and key in (v.get("children") or []):
                v["children"].remove(key)
    save_layout(api, dash_id, pos)
    print(f"superset-scenario: {slug}: chart {name!r} (id {ch['id']}) removed from the layout, still attached")
    return 0


def layout_chart(api, slug, chart_id):
    dash_id, pos = layout(api, slug)
    key = f"CHART-gate-{chart_id}"
    row = next((k for k, v in pos.items() if isinstance(v, dict) and v.get("type") == "ROW"), None)
    if row is None:
        raise LookupError(f"{slug}: the layout has no row")
    pos[key] = {"type": "CHART", "id": key, "children": [], "parents": ["ROOT_ID", "GRID_ID", row],
                "meta": {"width": 4, "height": 50, "chartId": int(chart_id), "sliceName": f"stale chart {chart_id}"}}
    pos[row]["children"].append(key)
    save_layout(api, dash_id, pos)
    print(f"superset-scenario: {slug}: layout entry {key} for chart id {chart_id} added")
    return 0


def json_argument(command, text, kind=None):
    try:
        value = json.loads(text)
    except ValueError:
        usage(f"{command}: {text!r} is not JSON")
    if kind is not None and not isinstance(value, kind):
        usage(f"{command}: {text!r} is not a JSON {kind.__name__}")
    return value


def set_param(api, slug, name, key, value_json):
    return set_params(api, slug, name, json.dumps({key: json_argument("set-param", value_json)}))


def set_params(api, slug, name, values_json):
    values = json_argument("set-params", values_json, dict)
    ch = find_chart(api, slug, name)
    rec = api.get(f"/api/v1/chart/{ch['id']}")["result"]
    params = json.loads(rec.get("params") or "{}")
    before = {key: params.get(key) for key in values}
    params.update(values)
    body = {"params": json.dumps(params)}
    # What Superset's explore view saves: the query context follows the params.
    if rec.get("query_context"):
        qc = json.loads(rec["query_context"])
        if isinstance(qc.get("form_data"), dict):
            qc["form_data"].update(values)
        for query in qc.get("queries") or []:
            if "row_limit" in values:
                query["row_limit"] = values["row_limit"]
            if "metric" in values:
                query["metrics"] = [values["metric"]]
            if "metrics" in values:
                query["metrics"] = values["metrics"]
        body["query_context"] = json.dumps(qc)
    api.put(f"/api/v1/chart/{ch['id']}", body)
    for key, value in values.items():
        print(f"superset-scenario: {slug}: chart {name!r} (id {ch['id']}) {key}: {json.dumps(before[key])} -> {json.dumps(value)}")
    return 0


def set_dashboard(api, slug, values_json):
    values = json_argument("set-dashboard", values_json, dict)
    dash = api.dashboard(slug)
    body = {}
    if "published" in values:
        body["published"] = values.pop("published")
    if values:
        meta = json.loads(dash.get("json_metadata") or "{}")
        meta.update(values)
        body["json_metadata"] = json.dumps(meta)
    api.put(f"/api/v1/dashboard/{dash['id']}", body)
    print(f"superset-scenario: {slug}: dashboard id {dash['id']} set {', '.join(sorted(body))}: {values_json}")
    return 0


def set_dataset(api, slug, values_json):
    values = json_argument("set-dataset", values_json, dict)
    unknown = set(values) - {"main_dttm_col", "template_params", "calculated_columns"}
    if unknown:
        usage(f"set-dataset: unknown key(s) {sorted(unknown)}")
    dataset = one_dataset(api, slug)
    ds_id = dataset["id"]
    body = {key: values[key] for key in ("main_dttm_col", "template_params") if key in values}
    if "calculated_columns" in values:
        # The dataset's columns are replaced as a whole: every existing one by id, then the new calculated ones.
        kept = ("id", "column_name", "type", "is_dttm", "expression", "groupby", "filterable", "verbose_name", "description")
        columns = [{k: c[k] for k in kept if k in c and c[k] is not None}
                   for c in api.get(f"/api/v1/dataset/{ds_id}")["result"].get("columns") or []]
        columns += [{"column_name": name, "expression": sql, "type": "NUMERIC", "groupby": True, "filterable": True}
                    for name, sql in values["calculated_columns"].items()]
        body["columns"] = columns
    api.put(f"/api/v1/dataset/{ds_id}", body)
    print(f"superset-scenario: {slug}: dataset id {ds_id} set {', '.join(sorted(values))}")
    return 0


def set_filter_default(api, slug, name, value_json):
    value = json_argument("set-filter-default", value_json)
    dash = api.dashboard(slug)
    meta = json.loads(dash.get("json_metadata") or "{}")
    found = [f for f in meta.get("native_filter_configuration") or [] if f.get("name") == name]
    if not found:
        raise LookupError(f"{slug}: no native filter named {name!r}")
    native = found[0]
    mask = native.setdefault("defaultDataMask", {})
    if native.get("filterType") == "filter_time":
        mask["extraFormData"] = {"time_range": value}
    else:
        column = native["targets"][0]["column"]["name"]
        mask["extraFormData"] = {"filters": [{"col": column, "op": "IN", "val": value}]}
    mask["filterState"] = {"value": value}
    api.put(f"/api/v1/dashboard/{dash['id']}", {"json_metadata": json.dumps(meta)})
    print(f"superset-scenario: {slug}: native filter {name!r} defaults to {value_json}")
    return 0


def rls_name(slug):
    return f"gate-scenario {slug}"


def add_rls(api, slug, role_name, clause):
    dataset = one_dataset(api, slug)
    roles = api.get("/api/v1/rowlevelsecurity/related/roles", params={"q": f"(filter:'{role_name}',page_size:100)"})["result"]
    found = [r["value"] for r in roles if r.get("text") == role_name]
    if not found:
        raise LookupError(f"no role named {role_name!r}")
    api.post("/api/v1/rowlevelsecurity/", {"name": rls_name(slug), "filter_type": "Regular", "tables": [dataset["id"]],
                                           "roles": found, "clause": clause, "group_key": "", "description": "scenario test"})
    print(f"superset-scenario: {slug}: row-level security {clause!r} for role {role_name!r} on dataset id {dataset['id']}")
    return 0


def drop_rls(api, slug):
    rules = api.get("/api/v1/rowlevelsecurity/", params={"q": "(page_size:100)"})["result"]
    ids = [r["id"] for r in rules if r.get("name") == rls_name(slug)]
    for rule_id in ids:
        api.delete(f"/api/v1/rowlevelsecurity/{rule_id}")
    print(f"superset-scenario: {slug}: {len(ids)} row-level security rule(s) removed")
    return 0


def narrow_cross_filter(api, slug, name, excluded_name):
    dash = api.dashboard(slug)
    chart, excluded = find_chart(api, slug, name)["id"], find_chart(api, slug, excluded_name)["id"]
    meta = json.loads(dash.get("json_metadata") or "{}")
    scope = {"rootPath": ["ROOT_ID"], "excluded": [chart, excluded]}
    meta.setdefault("chart_configuration", {})[str(chart)] = {"id": chart, "crossFilters": {"scope": scope}}
    meta["global_chart_configuration"] = {"scope": {"rootPath": ["ROOT_ID"], "excluded": [excluded]}}
    api.put(f"/api/v1/dashboard/{dash['id']}", {"json_metadata": json.dumps(meta)})
    print(f"superset-scenario: {slug}: {excluded_name!r} left out of {name!r}'s cross-filter scope and the default scope")
    return 0


def set_metric(api, slug, metric_name, expression):
    dataset = one_dataset(api, slug)
    ds_id = dataset["id"]
    metrics = api.get(f"/api/v1/dataset/{ds_id}")["result"].get("metrics") or []
    if not any(m.get("metric_name") == metric_name for m in metrics):
        raise LookupError(f"{slug}: dataset id {ds_id} has no metric {metric_name!r}")
    body = [{"id": m["id"], "metric_name": m["metric_name"],
             "expression": expression if m["metric_name"] == metric_name else m["expression"]} for m in metrics]
    api.put(f"/api/v1/dataset/{ds_id}", {"metrics": body})
    print(f"superset-scenario: {slug}: dataset id {ds_id} metric {metric_name!r} is now {expression}")
    return 0


def add_native_filter(api, slug, name, column, value):
    dash = api.dashboard(slug)
    dataset = one_dataset(api, slug)
    meta = json.loads(dash.get("json_metadata") or "{}")
    charts = [c["id"] for c in api.dashboard_charts(slug)]
    meta.setdefault("native_filter_configuration", []).append({
        "id": "NATIVE_FILTER-scenario-" + "".join(c if c.isalnum() else "-" for c in name), "name": name, "filterType": "filter_select", "type": "NATIVE_FILTER",
        "targets": [{"datasetId": dataset["id"], "column": {"name": column}}],
        "controlValues": {"enableEmptyFilter": False, "defaultToFirstItem": False, "multiSelect": True,
                          "searchAllOptions": False, "inverseSelection": False},
        "defaultDataMask": {"extraFormData": {"filters": [{"col": column, "op": "IN", "val": [value]}]},
                            "filterState": {"value": [value]}, "ownState": {}},
        "cascadeParentIds": [], "scope": {"rootPath": ["ROOT_ID"], "excluded": []}, "chartsInScope": charts,
        "tabsInScope": [], "description": ""})
    api.put(f"/api/v1/dashboard/{dash['id']}", {"json_metadata": json.dumps(meta)})
    print(f"superset-scenario: {slug}: native filter {name!r} on {column} with default {value!r} added")
    return 0


def fork(api, slug, undo):
    old_slug = slug[: -len("-scratch")] + "-old-scratch"
    if not undo:
        dash = api.dashboard(slug)
        if dash is None:
            raise LookupError(f"dashboard {slug!r} not found (run ci/superset-deploy --scratch)")
        api.put(f"/api/v1/dashboard/{dash['id']}", {"slug": old_slug})
        new_id = api.post("/api/v1/dashboard/", {"dashboard_title": dash["dashboard_title"], "slug": slug, "published": True,
                                                 "json_metadata": json.dumps({"cross_filters_enabled": True})})["id"]
        print(f"superset-scenario: {slug}: dashboard id {dash['id']} renamed to {old_slug!r}; new empty dashboard id {new_id} "
              f"under {slug!r}")
        return 0
    new, old = api.dashboard(slug), api.dashboard(old_slug)
    if old is None:
        raise LookupError(f"no dashboard {old_slug!r}: nothing to undo")
    if new is not None:
        if api.dashboard_charts(slug):
            raise LookupError(f"{slug!r} has charts: it is not the empty twin fork-slug made; not deleting it")
        api.delete(f"/api/v1/dashboard/{new['id']}")
    api.put(f"/api/v1/dashboard/{old['id']}", {"slug": slug})
    print(f"superset-scenario: {slug}: fork undone, dashboard id {old['id']} is {slug!r} again")
    return 0


MUTATIONS = {"filter-query": filter_query, "drop-query-context": drop_query_context, "move-dataset": move_dataset,
             "unlayout": unlayout, "layout-chart": layout_chart, "set-param": set_param, "set-metric": set_metric,
             "add-native-filter": add_native_filter, "set-params": set_params, "set-dashboard": set_dashboard,
             "set-dataset": set_dataset, "narrow-cross-filter": narrow_cross_filter, "set-filter-default": set_filter_default,
             "add-rls": add_rls, "drop-rls": drop_rls}


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (ApiError, LookupError) as e:
        print("superset-scenario: " + redact(e), file=sys.stderr)
        sys.exit(1)
