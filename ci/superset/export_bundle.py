"""Write the deployed PowerFill dashboards (the base `local` set) as an unzipped Superset export bundle.

    export_bundle.py DIR [SLUG...]

Superset's own format (`GET /api/v1/dashboard/export/?q=!(ids)`, what `superset export-dashboards` and preset-cli
write): metadata.yaml, databases/, datasets/, charts/, dashboards/, linked by UUID. The gate compares the deployed
charts with this bundle (`assets:` in expectations.yaml). Read-only against Superset. Without slugs, every dashboard
in expectations.yaml. DIR is replaced whole, so a chart removed from Superset leaves the bundle too.
"""
import io
import os
import shutil
import sys
import zipfile

import prison
import yaml

from supersetapi import ApiError, Superset

MAX_BUNDLE_BYTES = 50 * 1024 * 1024


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    target, slugs = argv[0], argv[1:]
    if not slugs:
        with open(os.path.join(os.environ["GATE_REPO"], "expectations.yaml"), encoding="utf-8") as f:
            slugs = [d["slug"] for d in yaml.safe_load(f)["dashboards"]]
    api = Superset().login()
    ids = [api.get(f"/api/v1/dashboard/{slug}")["result"]["id"] for slug in slugs]
    r = api.session.get(api.base + "/api/v1/dashboard/export/", params={"q": prison.dumps(ids)}, timeout=api.timeout)
    if r.status_code != 200:
        raise ApiError(f"dashboard export ({r.status_code}): {r.text[:300]}")
    if len(r.content) > MAX_BUNDLE_BYTES:
        raise ApiError(f"dashboard export is {len(r.content)} bytes, over {MAX_BUNDLE_BYTES}")
    bundle = zipfile.ZipFile(io.BytesIO(r.content))
    staging = target + ".new"
    shutil.rmtree(staging, ignore_errors=True)
    for name in bundle.namelist():
        # Every entry sits under one dashboard_export_<timestamp>/ folder: drop it so re-exports diff cleanly.
        relative = name.split("/", 1)[1]
        if relative.startswith("/") or ".." in relative.split("/"):
            raise ApiError(f"unsafe path in the export: {name!r}")
        path = os.path.join(staging, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(bundle.read(name))
    shutil.rmtree(target, ignore_errors=True)
    os.rename(staging, target)
    print(f"export-bundle: {len(ids)} dashboards, {len(bundle.namelist())} files in {target}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ApiError as e:
        print(f"export-bundle: ERROR {e}", file=sys.stderr)
        sys.exit(1)
