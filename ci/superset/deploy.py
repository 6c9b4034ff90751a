"""Deploy the dashboards of expectations.yaml into Superset from the repository's assets bundle, idempotently.

Run with the Superset venv's python through ci/superset-deploy (which sources ci/env.sh).
Each set (main, pre-fix, scratch, populated, a custom one) is the bundle (assets/powerfill, Superset's own
export format) rewritten for the set: its database connection, its dataset names (suffixed), its dashboard
slugs and titles (suffixed), and its own UUIDs, derived from the set's database and suffix (so stable; the
main set keeps the bundle's). It is imported with POST /api/v1/assets/import/, which overwrites by UUID: a
redeploy restores any chart, dataset or dashboard a scenario changed or deleted. Objects of the set under
other UUIDs (an earlier REST deploy, a forked slug) are deleted first. The database connection itself is
created or updated over REST (its password never leaves the environment). Afterwards every chart is rendered
through GET /api/v1/chart/{id}/data/ and every dataset's COUNT(*) is read through POST /api/v1/chart/data.
"""
import argparse
import concurrent.futures as cf
import copy
import hashlib
import io
import json
import os
import sys
import time
import uuid
import zipfile
from urllib.parse import quote

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supersetapi import ApiError, Superset, dumps, redact  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.environ.get("GATE_REPO") or os.path.dirname(os.path.dirname(HERE))
MAIN_DB_NAME = "PowerFill Local"
PREFIX_DB_NAME = "PowerFill Local pre-fix"
POPULATED_DB_NAME = "PowerFill Local populated"
ASSETS = os.path.join(REPO, "assets", "powerfill")


class DeployError(Exception):
    pass


def installed_superset():
    """(major, minor) of the Superset this python runs (ci/superset-deploy uses its venv's), None if unknown."""
    try:
        from importlib.metadata import version

        return tuple(int(part) for part in version("apache-superset").split(".")[:2])
    except Exception:  # noqa: BLE001 - not installed, or a version without numbers: treat as the newest
        return None


# Keys of the bundle (a Superset 6.1 export) that Superset 5.0's import schemas reject ("Unknown field", and the
# whole import fails): left out when deploying into a Superset older than 6. 6.x keeps every key.
KEYS_NEWER_THAN_5 = {
    "dashboard": ("theme_uuid",),
    "dataset": ("folders", "currency_code_column"),
    "column": ("datetime_format",),
    "database": ("configuration_method",),
}


def for_target(kind, doc, target=None):
    """`doc` (a bundle entry of `kind`) as the installed Superset's import takes it: unchanged on 6.x."""
    target = installed_superset() if target is None else target
    if target is None or target >= (6, 0):
        return doc
    doc = {k: v for k, v in doc.items() if k not in KEYS_NEWER_THAN_5.get(kind, ())}
    if kind == "dataset":
        doc["columns"] = [for_target("column", c, target) for c in doc.get("columns") or []]
    return doc


def superset_dir():
    """The Superset's own folder (ci/env.sh: GATE_SUPERSET_DIR; $GATE_HOME/superset for the default version)."""
    return os.environ.get("GATE_SUPERSET_DIR") or os.path.join(os.environ.get("GATE_HOME", "/var/tmp/gate-stack"), "superset")


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


# ----------------------------------------------------------------------------- the bundle
class Bundle:
    """The repository's assets bundle: every YAML file by its path inside the bundle."""

    def __init__(self, folder):
        self.folder = folder
        self.files = {}
        for dirpath, _, names in os.walk(folder):
            for name in names:
                if name.endswith((".yaml", ".yml")):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding="utf-8") as f:
                        self.files[os.path.relpath(path, folder)] = yaml.safe_load(f)
        if "metadata.yaml" not in self.files:
            raise DeployError(f"{folder}: no metadata.yaml: not a Superset export bundle (gate-runner assets export --env local --to FOLDER writes one)")
        self.by_uuid = {doc.get("uuid"): (rel, doc) for rel, doc in self.files.items() if isinstance(doc, dict) and doc.get("uuid")}

    def digest(self):
        h = hashlib.sha256()
        for rel in sorted(self.files):
            h.update(rel.encode())
            h.update(json.dumps(self.files[rel], sort_keys=True, default=str).encode())
        return h.digest()

    def dashboard(self, slug):
        for rel, doc in self.files.items():
            if rel.startswith("dashboards/") and doc.get("slug") == slug:
                return rel, doc
        raise DeployError(f"{self.folder}: no dashboard with slug {slug!r}: export it into the bundle")

    def chart_uuids(self, dashboard):
        position = dashboard.get("position") or {}
        return [v["meta"]["uuid"] for v in position.values()
                if isinstance(v, dict) and v.get("type") == "CHART" and (v.get("meta") or {}).get("uuid")]


class Deployer:
    def __init__(self, api, bundle, verbose=False):
        self.api, self.bundle, self.verbose = api, bundle, verbose
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
        uri = self.uri(dset, pw)
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

    @staticmethod
    def uri(dset, password):
        port = os.environ.get("GATE_PG_PORT", "55432")
        return f"postgresql+psycopg2://gate_reader:{quote(password, safe='')}@127.0.0.1:{port}/{dset.db}"

    # -- one set, imported ---------------------------------------------------------------
    def uuid_for(self, dset, original):
        """The set's UUID for a bundle object: the main set keeps the bundle's; every copy its own, stable."""
        if dset.slug_suffix == "" and dset.database_name == MAIN_DB_NAME:
            return original
        space = uuid.uuid5(uuid.NAMESPACE_URL, f"gate-set:{dset.database_name}:{dset.slug_suffix}")
        return str(uuid.uuid5(space, original))

    def import_set(self, dset, dashboards):
        db_id = self.database(dset)
        found = [d for d in self.api.find("database", [("database_name", "eq", dset.database_name)], columns=["id", "uuid"]) if d["id"] == db_id]
        if not found or not found[0].get("uuid"):
            raise DeployError(f"database {dset.database_name!r} (id {db_id}) has no uuid in Superset's answer")
        db_uuid = found[0]["uuid"]
        root = "gate_bundle"
        files = {"metadata.yaml": dict(self.bundle.files["metadata.yaml"], type="assets")}
        wanted_dashboards, wanted_tables = {}, {}
        for d in dashboards:
            rel, doc = self.bundle.dashboard(d["slug"])
            doc = copy.deepcopy(doc)
            with open(os.path.join(REPO, d["query"]), encoding="utf-8") as f:
                sql = f.read()
            for chart_uuid in self.bundle.chart_uuids(doc):
                chart_rel, chart = self.bundle.by_uuid.get(chart_uuid, (None, None))
                if chart is None:
                    raise DeployError(f"{rel}: the layout shows chart {chart_uuid}, which is not in the bundle")
                chart = copy.deepcopy(chart)
                ds_rel, ds = self.bundle.by_uuid.get(chart.get("dataset_uuid"), (None, None))
                if ds is None:
                    raise DeployError(f"{chart_rel}: its dataset {chart.get('dataset_uuid')} is not in the bundle")
                ds_path = f"datasets/{dset.key}/{os.path.basename(ds_rel)}"
                if ds_path not in files:  # once per dataset, however many charts read it
                    if ds.get("sql") != sql:
                        raise DeployError(f"{os.path.join(self.bundle.folder, ds_rel)}: its SQL differs from {d['query']}, the SQL's one "
                                          "source: deploy the query file's text and export the bundle again")
                    files[ds_path] = self.dataset_for(dset, ds, db_uuid)
                    wanted_tables[files[ds_path]["table_name"]] = files[ds_path]["uuid"]
                chart["uuid"] = self.uuid_for(dset, chart["uuid"])
                chart["dataset_uuid"] = files[ds_path]["uuid"]
                files[chart_rel] = chart
            for entry in (doc.get("position") or {}).values():
                if isinstance(entry, dict) and entry.get("type") == "CHART" and (entry.get("meta") or {}).get("uuid"):
                    entry["meta"]["uuid"] = self.uuid_for(dset, entry["meta"]["uuid"])
            # Native filters name their dataset by uuid: the set's own copy of it.
            for native in (doc.get("metadata") or {}).get("native_filter_configuration") or []:
                for target in native.get("targets") or []:
                    if target.get("datasetUuid"):
                        target["datasetUuid"] = self.uuid_for(dset, target["datasetUuid"])
            doc["uuid"] = self.uuid_for(dset, doc["uuid"])
            doc["slug"] = d["slug"] + dset.slug_suffix
            doc["dashboard_title"] = d["title"] + dset.title_suffix
            files[rel] = for_target("dashboard", doc)
            wanted_dashboards[doc["slug"]] = doc["uuid"]
        database = next((doc for rel, doc in self.bundle.files.items() if rel.startswith("databases/")), None)
        if database is None:
            raise DeployError(f"{self.bundle.folder}: no databases/ entry")
        database = dict(database, uuid=db_uuid, database_name=dset.database_name,
                        sqlalchemy_uri=self.uri(dset, "XXXXXXXXXX"))
        files["databases/database.yaml"] = for_target("database", database)
        self.migrate(db_id, wanted_dashboards, wanted_tables)

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            for rel, doc in files.items():
                bundle.writestr(f"{root}/{rel}", yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        passwords = json.dumps({f"{root}/databases/database.yaml": os.environ["GATE_PG_READER_PASSWORD"]})
        r = self.api.session.post(self.api.base + "/api/v1/assets/import/",
                                  files={"bundle": ("bundle.zip", buffer.getvalue(), "application/zip")},
                                  data={"passwords": passwords}, timeout=self.api.timeout)
        if r.status_code != 200:
            log = os.path.join(superset_dir(), "superset.log")
            raise DeployError(f"set {dset.key}: assets import answered {r.status_code}: {redact(r.text[:300])} "
                              f"(Superset logs the reason, e.g. a schema error, in {log})")
        self.stats["updated"] += len(files) - 1
        self.log(f"set {dset.key}: imported {len(files) - 1} files")
        return [self.deployed(slug) for slug in wanted_dashboards]

    def dataset_for(self, dset, bundled, db_uuid):
        """The bundle's dataset rewritten for the set: its UUIDs, suffixed name, database and catalog."""
        ds = copy.deepcopy(bundled)
        ds["uuid"] = self.uuid_for(dset, ds["uuid"])
        ds["table_name"] = ds["table_name"] + dset.table_suffix
        ds["database_uuid"] = db_uuid
        # PostgreSQL's catalog is the database: the bundle's names the main set's, which would query it.
        if ds.get("catalog") is not None:
            ds["catalog"] = dset.db
        for item in (ds.get("metrics") or []) + (ds.get("columns") or []):
            if item.get("uuid"):
                item["uuid"] = self.uuid_for(dset, item["uuid"])
        return for_target("dataset", ds)

    def migrate(self, db_id, dashboards, tables):
        """Deletes the set's objects that carry other UUIDs (a REST deploy's, a forked slug): the import would
        collide with them on a slug or a table name."""
        for table, wanted in tables.items():
            for ds in self.api.find("dataset", [("table_name", "eq", table)], columns=["id", "uuid", "database.id"]):
                on_set = (ds.get("database") or {}).get("id") == db_id
                if ds.get("uuid") == wanted and not on_set:
                    # Moved onto another database (a scenario does that): moved back first, or the import would
                    # look for it on the set's database, miss it and collide with it.
                    self.api.put(f"/api/v1/dataset/{ds['id']}", {"database_id": db_id})
                    self.stats["updated"] += 1
                    self.log(f"moved dataset {table!r} id {ds['id']} back to database id {db_id}")
                elif ds.get("uuid") != wanted and on_set:
                    self.delete_charts(self.api.find("chart", [("datasource_id", "eq", ds["id"])], columns=["id"]))
                    self.api.delete(f"/api/v1/dataset/{ds['id']}", ok=(200,), allow=(404,))
                    self.stats["deleted"] += 1
                    self.log(f"deleted dataset {table!r} id {ds['id']} (uuid {ds.get('uuid')})")
        for slug, wanted in dashboards.items():
            for dash in self.api.find("dashboard", [("slug", "eq", slug)], columns=["id", "uuid"]):
                if dash.get("uuid") != wanted:
                    self.delete_charts(self.api.dashboard_charts(dash["id"]))
                    self.api.delete(f"/api/v1/dashboard/{dash['id']}", ok=(200,), allow=(404,))
                    self.stats["deleted"] += 1
                    self.log(f"deleted dashboard {slug!r} id {dash['id']} (uuid {dash.get('uuid')})")

    def delete_charts(self, charts):
        for chart in charts:
            self.api.delete(f"/api/v1/chart/{chart['id']}", ok=(200,), allow=(404,))
            self.stats["deleted"] += 1

    def deployed(self, slug):
        """What verify() renders and counts: the dashboard, its charts and its dataset as Superset now has them."""
        dash = self.api.dashboard(slug)
        if dash is None:
            raise DeployError(f"{slug}: not in Superset after the import")
        charts = [{"id": c["id"], "name": c["slice_name"], "viz": (c.get("form_data") or {}).get("viz_type")}
                  for c in self.api.dashboard_charts(dash["id"])]
        datasets = self.api.dashboard_datasets(dash["id"])
        if len(datasets) != 1:
            raise DeployError(f"{slug}: {len(datasets)} datasets after the import, expected one")
        return {"slug": slug, "dashboard_id": dash["id"], "dataset_id": datasets[0]["id"], "charts": charts,
                "table_name": datasets[0].get("table_name")}


# ----------------------------------------------------------------------------- state
def fingerprint(dset, exp_bytes, dashboards, bundle_digest):
    h = hashlib.sha256()
    h.update(bundle_digest)
    for part in (exp_bytes, open(__file__, "rb").read(),
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
    ap.add_argument("--assets", default=ASSETS, help="the assets bundle to deploy (Superset's export, unzipped)")
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
    bundle = Bundle(args.assets)
    all_dash = exp.get("dashboards") or []
    if not all_dash:
        raise DeployError(f"{args.expectations}: no dashboards")

    state_path = os.path.join(superset_dir(), "deploy-state.json")
    try:
        with open(state_path, encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError):
        state = {}

    api = Superset().login()
    dep = Deployer(api, bundle, verbose=args.verbose)
    deployed, skipped = [], []
    for dset in sets:
        dashboards = all_dash
        if args.only:
            dashboards = [d for d in all_dash if d["slug"] in args.only or d["slug"] + dset.slug_suffix in args.only]
            unknown = [s for s in args.only if not any(s in (d["slug"], d["slug"] + x.slug_suffix)
                                                       for d in all_dash for x in sets)]
            if unknown:
                raise DeployError(f"--only: unknown slug(s) {', '.join(unknown)}")
        fp = fingerprint(dset, exp_bytes, dashboards, bundle.digest())
        state_key = dset.key + ("" if not args.only else ":" + ",".join(sorted(args.only)))
        if args.if_changed and state.get(state_key) == fp and live_matches(api, dset, dashboards):
            skipped.append(dset.key)
            continue
        ts = time.monotonic()
        results = dep.import_set(dset, dashboards)
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
