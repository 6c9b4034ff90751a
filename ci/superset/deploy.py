"""Deploy the dashboards of expectations.yaml into Superset over its REST API, idempotently.

Run with the Superset venv's python through ci/superset-deploy (which sources ci/env.sh).
For each dashboard: the database connection, a virtual dataset whose SQL is the query
file's text verbatim (with a saved `count` metric), the charts named in expectations.yaml
with exactly the viz_type given (saved params + query_context, column choices from
ci/superset/charts.yaml), and the dashboard (slug, title, layout, cross filters on,
published). Objects are found by name and updated in place (PUT), created (POST) only
when missing, so re-runs keep ids. Afterwards every chart is rendered through
GET /api/v1/chart/{id}/data/ and every dataset's COUNT(*) is read through
POST /api/v1/chart/data.
"""
import argparse
import concurrent.futures as cf
import hashlib
import json
import os
import sys
import time
from urllib.parse import quote

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supersetapi import ApiError, Superset, dumps, redact  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.environ.get("GATE_REPO") or os.path.dirname(os.path.dirname(HERE))
MAIN_DB_NAME = "PowerFill Local"
PREFIX_DB_NAME = "PowerFill Local pre-fix"
POPULATED_DB_NAME = "PowerFill Local populated"
TABLE_ROW_LIMIT = 1000
CHART_ROW_LIMIT = 1000
SUPPORTED_VIZ = {"table", "big_number_total", "pie", "echarts_timeseries_bar",
                 "echarts_timeseries_scatter", "histogram_v2"}


class DeployError(Exception):
    pass


# ----------------------------------------------------------------------------- sets
class DeploySet:
    """One copy of the whole set of dashboards: which DB connection and which suffixes."""

    def __init__(self, key, database_name, db, slug_suffix="", title_suffix=""):
        self.key, self.database_name, self.db = key, database_name, db
        self.slug_suffix, self.title_suffix = slug_suffix, title_suffix

    @property
    def table_suffix(self):
        return self.slug_suffix.replace("-", "_")

    def describe(self):
        return f"{self.key}: {self.database_name!r} -> {self.db}, slug suffix {self.slug_suffix!r}"


def standard_sets():
    postfix = os.environ.get("GATE_DB_POSTFIX", "powerfill")
    prefix = os.environ.get("GATE_DB_PREFIX", "powerfill_prefix")
    populated = os.environ.get("GATE_DB_POPULATED", "powerfill_populated")
    return {
        "main": DeploySet("main", MAIN_DB_NAME, postfix),
        "prefix": DeploySet("prefix", PREFIX_DB_NAME, prefix, "-prefix", " (pre-fix)"),
        "scratch": DeploySet("scratch", MAIN_DB_NAME, postfix, "-scratch", " (scratch)"),
        # Environment local-populated: every dashboard non-empty, so every count has something to lose.
        "populated": DeploySet("populated", POPULATED_DB_NAME, populated, "-populated", " (populated)"),
        "populated-scratch": DeploySet("populated-scratch", POPULATED_DB_NAME, populated, "-populated-scratch",
                                       " (populated scratch)"),
    }


# ----------------------------------------------------------------------------- metrics
def metric_spec(spec):
    """charts.yaml metric -> Superset metric (saved metric name or adhoc dict)."""
    if spec in (None, "count"):
        return "count"
    if isinstance(spec, dict):
        if "sql" in spec:
            return {"expressionType": "SQL", "sqlExpression": spec["sql"],
                    "label": spec.get("label") or spec["sql"], "hasCustomLabel": bool(spec.get("label"))}
        for agg in ("sum", "avg", "max", "min", "count_distinct"):
            if agg in spec:
                col = spec[agg]
                aggregate = agg.upper() if agg != "count_distinct" else "COUNT_DISTINCT"
                label = spec.get("label") or f"{aggregate}({col})"
                return {"expressionType": "SIMPLE", "column": {"column_name": col}, "aggregate": aggregate,
                        "label": label, "hasCustomLabel": bool(spec.get("label"))}
    raise DeployError(f"charts.yaml: unsupported metric {spec!r}")


def metric_label(m):
    return m if isinstance(m, str) else m["label"]


def metric_columns(spec):
    if isinstance(spec, dict):
        for agg in ("sum", "avg", "max", "min", "count_distinct"):
            if agg in spec:
                return [spec[agg]]
    return []


# ----------------------------------------------------------------------------- charts
def build_chart(viz, mapping, ds_id, columns, chart_name):
    """(params, query_context) for one chart. `columns` are the dataset's column names."""
    def need(col):
        if col not in columns:
            raise DeployError(f"chart {chart_name!r}: column {col!r} is not an output column of the "
                              f"dataset (has: {', '.join(columns)}); fix ci/superset/charts.yaml")
        return col

    ds = f"{ds_id}__table"
    where = mapping.get("filter") or ""
    adhoc = []
    if where:
        adhoc = [{"expressionType": "SQL", "clause": "WHERE", "sqlExpression": where, "subject": None,
                  "operator": None, "comparator": None, "isExtra": False, "isNew": False,
                  "filterOptionName": "filter_" + hashlib.sha1(where.encode()).hexdigest()[:12]}]
    common = {"datasource": ds, "viz_type": viz, "adhoc_filters": adhoc, "extra_form_data": {},
              "dashboards": []}
    base_q = {"filters": [], "extras": {"having": "", "where": f"({where})" if where else ""},
              "applied_time_extras": {}, "custom_form_data": {}, "custom_params": {}, "url_params": {}}

    if viz == "table":
        cols = mapping.get("columns", "all")
        cols = list(columns) if cols == "all" else [need(c) for c in cols]
        limit = int(mapping.get("row_limit", TABLE_ROW_LIMIT))
        orderby = []
        if mapping.get("order_by"):
            col, direction = mapping["order_by"]
            orderby = [[need(col), str(direction).lower() != "desc"]]
        params = dict(common, query_mode="raw", all_columns=cols, groupby=[],
                      order_by_cols=[json.dumps(o) for o in orderby],
                      row_limit=limit, server_page_length=10, include_search=True,
                      table_timestamp_format="smart_date", show_cell_bars=True, color_pn=True)
        # No "metrics" key at all: "metrics": [] adds a GROUP BY that drops duplicate rows.
        q = dict(base_q, columns=cols, orderby=orderby, row_limit=limit)
    elif viz == "big_number_total":
        m = metric_spec(mapping.get("metric", "count"))
        for c in metric_columns(mapping.get("metric")):
            need(c)
        params = dict(common, metric=m, subheader=mapping.get("subheader", ""), y_axis_format="SMART_NUMBER",
                      header_font_size=0.4, subheader_font_size=0.15)
        q = dict(base_q, metrics=[m])
    elif viz == "pie":
        g = need(mapping["groupby"])
        m = metric_spec(mapping.get("metric", "count"))
        for c in metric_columns(mapping.get("metric")):
            need(c)
        params = dict(common, groupby=[g], metric=m, row_limit=100, sort_by_metric=True, show_labels=True,
                      show_legend=True, label_type="key", number_format="SMART_NUMBER", donut=False,
                      labels_outside=True, outerRadius=70, innerRadius=30)
        q = dict(base_q, columns=[g], metrics=[m], orderby=[[m, False]], row_limit=100)
    elif viz in ("echarts_timeseries_bar", "echarts_timeseries_scatter"):
        x = need(mapping["x"])
        series = [need(c) for c in mapping.get("groupby", [])]
        specs = mapping.get("metrics") or [mapping.get("metric", "count")]
        ms = [metric_spec(sp) for sp in specs]
        for sp in specs:
            for c in metric_columns(sp):
                need(c)
        m = ms[0]
        params = dict(common, x_axis=x, metrics=ms, groupby=series, row_limit=CHART_ROW_LIMIT,
                      order_desc=True, truncate_metric=True, show_legend=True, rich_tooltip=True,
                      x_axis_sort_asc=True, x_axis_sort_series="name", x_axis_sort_series_ascending=True,
                      comparison_type="values", annotation_layers=[], forecastPeriods=10,
                      forecastInterval=0.8, x_axis_title_margin=15, y_axis_title_margin=15,
                      y_axis_format="SMART_NUMBER", legendOrientation="top", legendType="scroll")
        if viz == "echarts_timeseries_bar":
            params.update(orientation="vertical", stack="Stack" if series or mapping.get("stack") else None, only_total=True,
                          show_value=False)
        else:
            params.update(markerEnabled=True, markerSize=6)
        q = dict(base_q,
                 columns=[{"columnType": "BASE_AXIS", "sqlExpression": x, "label": x, "expressionType": "SQL"}]
                 + series,
                 series_columns=series, metrics=ms, orderby=[[m, False]], row_limit=CHART_ROW_LIMIT,
                 series_limit=0, order_desc=True,
                 post_processing=[
                     {"operation": "pivot", "options": {"index": [x], "columns": series,
                                                        "aggregates": {metric_label(mm): {"operator": "mean"}
                                                                       for mm in ms},
                                                        "drop_missing_columns": False}},
                     {"operation": "flatten"},
                 ])
    elif viz == "histogram_v2":
        v = need(mapping["column"])
        bins = int(mapping.get("bins", 10))
        params = dict(common, column=v, groupby=[], bins=bins, cumulative=False, normalize=False,
                      row_limit=10000, show_value=False, show_legend=True)
        # No "metrics" key (see table).
        q = dict(base_q, columns=[v], row_limit=10000,
                 post_processing=[{"operation": "histogram",
                                   "options": {"column": v, "groupby": [], "bins": bins,
                                               "cumulative": False, "normalize": False}}])
    else:
        raise DeployError(f"chart {chart_name!r}: viz {viz!r} not supported by the deployer "
                          f"(supported: {', '.join(sorted(SUPPORTED_VIZ))})")
    qc = {"datasource": {"id": ds_id, "type": "table"}, "force": False, "queries": [q],
          "form_data": params, "result_format": "json", "result_type": "full"}
    return params, qc


# ----------------------------------------------------------------------------- layout
def layout(title, charts):
    """position_json: tables full width in their own row, other charts up to 3 a row."""
    pos = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": title}},
    }
    rows, small = [], []
    for ch in charts:
        if ch["viz"] == "table":
            rows.append([ch])
        else:
            small.append(ch)
    for i in range(0, len(small), 3):
        rows.append(small[i:i + 3])
    # KPI/graph rows first, then tables: a dashboard reads top-down from summary to detail.
    rows.sort(key=lambda r: r[0]["viz"] == "table")
    for r_i, row in enumerate(rows, 1):
        row_id = f"ROW-{r_i}"
        pos["GRID_ID"]["children"].append(row_id)
        pos[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                       "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        width = 12 // len(row)
        for ch in row:
            cid = f"CHART-{ch['index']}"
            pos[row_id]["children"].append(cid)
            pos[cid] = {"type": "CHART", "id": cid, "children": [], "parents": ["ROOT_ID", "GRID_ID", row_id],
                        "meta": {"width": width, "height": 60 if ch["viz"] == "table" else 50,
                                 "chartId": ch["id"], "sliceName": ch["name"], "uuid": ch.get("uuid")}}
    return pos


def json_metadata(pos, chart_ids):
    return {
        "cross_filters_enabled": True,
        "positions": pos,
        "color_scheme": "",
        "refresh_frequency": 0,
        "expanded_slices": {},
        "label_colors": {},
        "shared_label_colors": [],
        "color_scheme_domain": [],
        "timed_refresh_immune_slices": [],
        "default_filters": "{}",
        "native_filter_configuration": [],
        "chart_configuration": {
            str(cid): {"id": cid, "crossFilters": {"scope": "global", "chartsInScope": [c for c in chart_ids if c != cid]}}
            for cid in chart_ids
        },
        "global_chart_configuration": {"scope": {"rootPath": ["ROOT_ID"], "excluded": []},
                                       "chartsInScope": chart_ids},
    }


# ----------------------------------------------------------------------------- deployer
class Deployer:
    def __init__(self, api, expectations, mappings, verbose=False):
        self.api, self.exp, self.mappings, self.verbose = api, expectations, mappings, verbose
        self.db_ids = {}
        self.stats = {"created": 0, "updated": 0, "deleted": 0}

    def log(self, msg):
        if self.verbose:
            print("  " + msg)

    # -- database connection ------------------------------------------------------
    def database(self, dset):
        if dset.database_name in self.db_ids:
            return self.db_ids[dset.database_name]
        pw = os.environ.get("GATE_PG_READER_PASSWORD")
        if not pw:
            raise DeployError("GATE_PG_READER_PASSWORD is not set (source ci/env.sh)")
        port = os.environ.get("GATE_PG_PORT", "55432")
        uri = f"postgresql+psycopg2://gate_reader:{quote(pw, safe='')}@127.0.0.1:{port}/{dset.db}"
        body = {
            "database_name": dset.database_name, "sqlalchemy_uri": uri, "expose_in_sqllab": True,
            "allow_ctas": False, "allow_cvas": False, "allow_dml": False, "allow_run_async": False,
            "allow_file_upload": False, "impersonate_user": False,
            "extra": dumps({"engine_params": {"connect_args": {
                "connect_timeout": 5, "application_name": "superset-gate",
                "options": "-c statement_timeout=120000"}},
                "metadata_params": {}, "schemas_allowed_for_file_upload": []}),
        }
        found = self.api.find("database", [("database_name", "eq", dset.database_name)])
        if found:
            db_id = found[0]["id"]
            self.api.put(f"/api/v1/database/{db_id}", body)
            self.stats["updated"] += 1
        else:
            db_id = self.api.post("/api/v1/database/", body)["id"]
            self.stats["created"] += 1
        self.log(f"database {dset.database_name!r} id {db_id} -> {dset.db}")
        self.db_ids[dset.database_name] = db_id
        return db_id

    # -- dataset -------------------------------------------------------------------
    def dataset(self, db_id, table_name, sql):
        found = self.api.find("dataset", [("table_name", "eq", table_name), ("database", "rel_o_m", db_id)])
        refresh = False
        if not found:
            # Moved onto another database (a scenario test does that): bring it back rather than add a twin.
            found = self.api.find("dataset", [("table_name", "eq", table_name)])
            if found:
                self.api.put(f"/api/v1/dataset/{found[0]['id']}", {"database_id": db_id})
                self.stats["updated"] += 1
                refresh = True
        if found:
            ds_id = found[0]["id"]
            cur = self.api.get(f"/api/v1/dataset/{ds_id}")["result"]
            if cur.get("sql") != sql:
                self.api.put(f"/api/v1/dataset/{ds_id}", {"sql": sql})
                self.stats["updated"] += 1
                refresh = True
            elif not cur.get("columns"):
                refresh = True
        else:
            ds_id = self.api.post("/api/v1/dataset/", {"database": db_id, "table_name": table_name, "sql": sql})["id"]
            self.stats["created"] += 1
            refresh = True
        if refresh:
            self.api.refresh_dataset(ds_id)
        cur = self.api.get(f"/api/v1/dataset/{ds_id}")["result"]
        metrics = cur.get("metrics") or []
        count = [m for m in metrics if m.get("metric_name") == "count"]
        if not count or (count[0].get("expression") or "").strip().upper() != "COUNT(*)":
            keep = [{"id": m["id"], "metric_name": m["metric_name"], "expression": m["expression"]}
                    for m in metrics if m.get("metric_name") != "count"]
            new = {"metric_name": "count", "expression": "COUNT(*)", "metric_type": "count",
                   "verbose_name": "COUNT(*)"}
            if count:
                new["id"] = count[0]["id"]
            self.api.put(f"/api/v1/dataset/{ds_id}", {"metrics": keep + [new]})
            self.stats["updated"] += 1
        columns = [c["column_name"] for c in cur.get("columns") or []]
        if not columns:
            raise DeployError(f"dataset {table_name!r} (id {ds_id}) has no columns after refresh")
        self.log(f"dataset {table_name!r} id {ds_id} ({len(columns)} columns{', refreshed' if refresh else ''})")
        return ds_id, columns

    # -- one dashboard ----------------------------------------------------------------
    def dashboard(self, dset, d):
        slug = d["slug"] + dset.slug_suffix
        title = d["title"] + dset.title_suffix
        qpath = os.path.join(REPO, d["query"])
        try:
            with open(qpath, encoding="utf-8") as f:
                sql = f.read()
        except OSError as e:
            raise DeployError(f"{slug}: cannot read query {d['query']}: {e}")
        db_id = self.database(dset)
        table_name = os.path.splitext(os.path.basename(d["query"]))[0] + dset.table_suffix
        ds_id, columns = self.dataset(db_id, table_name, sql)

        dash = self.api.dashboard(slug)
        if dash is None:
            dash_id = self.api.post("/api/v1/dashboard/", {
                "dashboard_title": title, "slug": slug, "published": True,
                "json_metadata": dumps({"cross_filters_enabled": True})})["id"]
            self.stats["created"] += 1
        else:
            dash_id = dash["id"]

        # Existing charts of this set: on the dashboard, or on our dataset (detached).
        existing = {}
        extra = []
        on_dash = self.api.dashboard_charts(dash_id)
        on_ds = self.api.find("chart", [("datasource_id", "eq", ds_id)], columns=["id", "slice_name", "datasource_type"])
        wanted = {c["name"] for c in d["charts"]}
        for ch in list(on_dash) + [c for c in on_ds if c.get("datasource_type", "table") == "table"]:
            cid, name = ch["id"], ch["slice_name"]
            if name in wanted and name not in existing:
                existing[name] = cid
            elif existing.get(name) != cid and cid not in extra:
                extra.append(cid)

        placed = []
        for i, c in enumerate(d["charts"]):
            name, viz = c["name"], c["viz"]
            mapping = self.mappings.get(name)
            if mapping is None:
                raise DeployError(f"{slug}: chart {name!r} has no entry in ci/superset/charts.yaml")
            params, qc = build_chart(viz, mapping, ds_id, columns, name)
            body = {"slice_name": name, "viz_type": viz, "datasource_id": ds_id, "datasource_type": "table",
                    "params": dumps(params), "query_context": dumps(qc), "query_context_generation": True,
                    "dashboards": [dash_id], "description": mapping.get("description")}
            if name in existing:
                cid = existing[name]
                self.api.put(f"/api/v1/chart/{cid}", body)
                self.stats["updated"] += 1
            else:
                cid = self.api.post("/api/v1/chart/", body)["id"]
                self.stats["created"] += 1
            placed.append({"index": i + 1, "id": cid, "name": name, "viz": viz})
        for cid in extra:
            self.api.delete(f"/api/v1/chart/{cid}", ok=(200,), allow=(404,))
            self.stats["deleted"] += 1
            self.log(f"deleted stray chart id {cid}")

        for ch in placed:
            ch["uuid"] = self.api.get(f"/api/v1/chart/{ch['id']}", params={
                "q": "(columns:!(uuid))"}).get("result", {}).get("uuid")
        pos = layout(title, placed)
        ids = [ch["id"] for ch in placed]
        self.api.put(f"/api/v1/dashboard/{dash_id}", {
            "dashboard_title": title, "slug": slug, "published": True, "css": "",
            "position_json": dumps(pos), "json_metadata": dumps(json_metadata(pos, ids))})
        self.stats["updated"] += 1
        return {"slug": slug, "dashboard_id": dash_id, "dataset_id": ds_id, "charts": placed,
                "table_name": table_name}


# ----------------------------------------------------------------------------- state
def fingerprint(dset, exp_bytes, dashboards, mappings_bytes):
    h = hashlib.sha256()
    for part in (exp_bytes, mappings_bytes, open(__file__, "rb").read(),
                 open(os.path.join(HERE, "supersetapi.py"), "rb").read()):
        h.update(hashlib.sha256(part).digest())
    for d in dashboards:
        try:
            with open(os.path.join(REPO, d["query"]), "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            h.update(b"missing:" + d["query"].encode())
    for v in (dset.key, dset.database_name, dset.db, dset.slug_suffix, dset.title_suffix,
              os.environ.get("GATE_PG_PORT", ""), os.environ.get("GATE_PG_READER_PASSWORD", ""),
              os.environ.get("GATE_SUPERSET_URL", "")):
        h.update(hashlib.sha256(v.encode()).digest())
    return h.hexdigest()


def live_matches(api, dset, dashboards):
    """True when every dashboard of the set exists with exactly its charts/viz and dataset SQL."""
    for d in dashboards:
        slug = d["slug"] + dset.slug_suffix
        if api.dashboard(slug) is None:
            return False
        charts = sorted((c["slice_name"], (c.get("form_data") or {}).get("viz_type")) for c in api.dashboard_charts(slug))
        if charts != sorted((c["name"], c["viz"]) for c in d["charts"]):
            return False
        with open(os.path.join(REPO, d["query"]), encoding="utf-8") as f:
            sql = f.read()
        if [ds.get("sql") for ds in api.dashboard_datasets(slug)] != [sql]:
            return False
    return True


# ----------------------------------------------------------------------------- verify
def verify(api, deployed, workers=4):
    """Render every chart; count every dataset's rows. Returns (lines, errors)."""
    jobs = []
    with cf.ThreadPoolExecutor(max_workers=workers) as pool:
        for dep in deployed:
            for ch in dep["charts"]:
                jobs.append((dep, ch, pool.submit(api.chart_data, ch["id"])))
            dep["_count"] = pool.submit(api.dataset_row_count, dep["dataset_id"])
        errors, lines = [], []
        for dep in deployed:
            ok = 0
            for d2, ch, fut in jobs:
                if d2 is not dep:
                    continue
                good, msg = fut.result()
                if good:
                    ok += 1
                else:
                    errors.append(f"{dep['slug']}: chart {ch['name']!r} (id {ch['id']}, {ch['viz']}) does not render: {msg}")
            try:
                count = dep["_count"].result()
            except ApiError as e:
                count = None
                errors.append(f"{dep['slug']}: row count failed: {e}")
            lines.append(f"{dep['slug']}: dashboard {dep['dashboard_id']}, dataset {dep['dataset_id']} "
                         f"{dep['table_name']}, charts rendered {ok}/{len(dep['charts'])}, rows {count}")
    return lines, errors


# ----------------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser(prog="ci/superset-deploy", description=__doc__.split("\n")[0])
    ap.add_argument("--expectations", default=os.path.join(REPO, "expectations.yaml"))
    ap.add_argument("--charts", default=os.path.join(HERE, "charts.yaml"), help="per-chart column choices")
    ap.add_argument("--database-name", help="Superset database connection name (custom set)")
    ap.add_argument("--db", help="PostgreSQL database name (custom set)")
    ap.add_argument("--slug-suffix", help="suffix for slugs and dataset names (custom set)")
    ap.add_argument("--title-suffix", help="suffix for dashboard titles (custom set)")
    ap.add_argument("--scratch", action="store_true", help="deploy (restore) only the two scratch sets")
    ap.add_argument("--only", action="append", default=[], metavar="SLUG",
                    help="only this dashboard (base or suffixed slug); repeatable")
    ap.add_argument("--if-changed", action="store_true",
                    help="skip a set whose inputs are unchanged since its last successful deploy and whose "
                         "dashboards still match in Superset")
    ap.add_argument("--no-verify", action="store_true", help="skip the render/row-count verification")
    ap.add_argument("-v", "--verbose", action="store_true")
    # Values that start with "-" (--slug-suffix -prefix) would be taken for options: glue them.
    argv = list(sys.argv[1:] if argv is None else argv)
    glued, i = [], 0
    while i < len(argv):
        if argv[i] in ("--slug-suffix", "--title-suffix", "--database-name", "--db", "--only") and i + 1 < len(argv):
            glued.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            glued.append(argv[i])
            i += 1
    args = ap.parse_args(glued)

    t0 = time.monotonic()
    std = standard_sets()
    custom = any(v is not None for v in (args.database_name, args.db, args.slug_suffix, args.title_suffix))
    if custom and args.scratch:
        ap.error("--scratch cannot be combined with --database-name/--db/--slug-suffix/--title-suffix")
    if custom:
        sets = [DeploySet("custom", args.database_name or MAIN_DB_NAME,
                          args.db or os.environ.get("GATE_DB_POSTFIX", "powerfill"),
                          args.slug_suffix or "", args.title_suffix or "")]
    elif args.scratch:
        sets = [std["scratch"], std["populated-scratch"]]
    else:
        sets = list(std.values())

    with open(args.expectations, "rb") as f:
        exp_bytes = f.read()
    exp = yaml.safe_load(exp_bytes)
    with open(args.charts, "rb") as f:
        mappings_bytes = f.read()
    mappings = yaml.safe_load(mappings_bytes) or {}
    all_dash = exp.get("dashboards") or []
    if not all_dash:
        raise DeployError(f"{args.expectations}: no dashboards")

    state_path = os.path.join(os.environ.get("GATE_HOME", "/var/tmp/gate-stack"), "superset", "deploy-state.json")
    try:
        with open(state_path, encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError):
        state = {}

    api = Superset().login()
    dep = Deployer(api, exp, mappings, verbose=args.verbose)
    deployed, skipped = [], []
    for dset in sets:
        dashboards = all_dash
        if args.only:
            dashboards = [d for d in all_dash if d["slug"] in args.only or d["slug"] + dset.slug_suffix in args.only]
            unknown = [s for s in args.only if not any(s in (d["slug"], d["slug"] + x.slug_suffix)
                                                       for d in all_dash for x in sets)]
            if unknown:
                raise DeployError(f"--only: unknown slug(s) {', '.join(unknown)}")
        fp = fingerprint(dset, exp_bytes, dashboards, mappings_bytes)
        state_key = dset.key + ("" if not args.only else ":" + ",".join(sorted(args.only)))
        if args.if_changed and state.get(state_key) == fp and live_matches(api, dset, dashboards):
            skipped.append(dset.key)
            continue
        ts = time.monotonic()
        results = [dep.dashboard(dset, d) for d in dashboards]
        n_charts = sum(len(r["charts"]) for r in results)
        print(f"superset-deploy: set {dset.key} ({dset.database_name} -> {dset.db}): "
              f"{len(results)} dashboards, {n_charts} charts in {time.monotonic() - ts:.1f}s")
        deployed.append((dset, state_key, fp, results))

    if skipped:
        print(f"superset-deploy: unchanged and present, skipped: {', '.join(skipped)}")
    errors = []
    if deployed and not args.no_verify:
        ts = time.monotonic()
        flat = [r for _, _, _, rs in deployed for r in rs]
        lines, errors = verify(api, flat)
        for line in lines:
            print("  " + line)
        print(f"superset-deploy: verified {sum(len(r['charts']) for r in flat)} charts and {len(flat)} datasets "
              f"in {time.monotonic() - ts:.1f}s")
    if errors:
        for e in errors:
            print("superset-deploy: ERROR " + e, file=sys.stderr)
        for _, key, _, _ in deployed:
            state.pop(key, None)
    else:
        for _, key, fp, _ in deployed:
            state[key] = fp
    os.makedirs(os.path.dirname(state_path), exist_ok=True)
    with open(state_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(state, f, indent=2)
    os.replace(state_path + ".tmp", state_path)
    s = dep.stats
    print(f"superset-deploy: {'FAILED' if errors else 'ok'}: {len(deployed)} set(s) deployed"
          f"{', %d skipped' % len(skipped) if skipped else ''} "
          f"(created {s['created']}, updated {s['updated']}, deleted {s['deleted']}) "
          f"total {time.monotonic() - t0:.1f}s")
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ApiError, DeployError) as e:
        print("superset-deploy: ERROR " + redact(e), file=sys.stderr)
        sys.exit(1)
